import { Role } from '@poscalls4u/contracts';

/** What other areas may know of a user: who they are, their role, whether they are active. */
export interface DirectoryUser {
  id: string;
  name: string;
  email: string;
  role: Role;
  isActive: boolean;
}

/**
 * Read-only look-ups of users for the areas outside identity (teams checks a new member's
 * role; notifications finds the admins). Implemented by the users store; `identity.module.ts` wires it.
 */
export abstract class UserDirectory {
  abstract findById(id: string): Promise<DirectoryUser | undefined>;
  /** The ids of the active admins (they receive every team's alerts). */
  abstract activeAdminIds(): Promise<string[]>;
}
