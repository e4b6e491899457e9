import { UserView } from './auth';
import { PageQuery } from './envelope';
import { Role } from './roles';

/** A user as admins see it in `GET /api/users`. */
export interface AdminUserView extends UserView {
  lockedUntil: string | null;
  failedLoginCount: number;
  /** Invited and not accepted yet: no password chosen, never signed in. */
  invitationPending: boolean;
}

/**
 * `data` of `POST /api/users/invite`, `PATCH /api/users/:id` and `POST /api/users/:id/unlock`:
 * `data.user`.
 */
export interface AdminUserResult {
  user: AdminUserView;
}

export interface ListUsersQuery extends PageQuery {
  /** Text in name or email. */
  search?: string;
  role?: Role;
  active?: boolean;
}

export interface InviteUserRequest {
  name: string;
  email: string;
  role: Role;
}

export interface UpdateUserRequest {
  role?: Role;
  isActive?: boolean;
}

export interface SecuritySettings {
  /** Supervisors and admins must enrol in MFA before they can use the API. */
  requireMfaForPrivileged: boolean;
}

/** A supervisor or admin who has not set up two-factor authentication. */
export interface UserWithoutMfa {
  id: string;
  name: string;
  email: string;
  role: Role;
}

/** Who requiring MFA would stop until they enrol: the active supervisors and admins without it. */
export interface MfaRequirementImpact {
  users: UserWithoutMfa[];
  /** How many they are (the list holds them all: privileged users are few). */
  total: number;
  /** The calling admin has MFA on, so they may switch the requirement on. */
  callerHasMfa: boolean;
}

/** `data` of `GET /api/settings/security/mfa-impact`: `data.impact`. */
export interface MfaRequirementImpactResult {
  impact: MfaRequirementImpact;
}

/** `data` of `GET/PUT /api/settings/security`: `data.settings`. */
export interface SecuritySettingsResult {
  settings: SecuritySettings;
}
