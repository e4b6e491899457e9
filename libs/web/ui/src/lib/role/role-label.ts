import { Role } from '@poscalls4u/contracts';

const ROLE_LABELS: Record<Role, string> = {
  admin: 'Admin',
  supervisor: 'Supervisor',
  agent: 'Agent',
};

/** The word shown to people for a role. */
export function roleLabel(role: Role): string {
  return ROLE_LABELS[role];
}
