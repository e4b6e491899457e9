import { UserView } from './auth';
import { Role } from './roles';

/** A user as admins see it in `GET /api/users`. */
export interface AdminUserView extends UserView {
  lockedUntil: string | null;
  failedLoginCount: number;
}

export interface ListUsersQuery {
  /** Text in name or email. */
  search?: string;
  role?: Role;
  active?: boolean;
  page?: number;
  pageSize?: number;
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
