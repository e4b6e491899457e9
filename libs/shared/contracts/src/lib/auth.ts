import { Role } from './roles';

/** The public view of a user. Never carries a password hash or any secret. */
export interface UserView {
  id: string;
  name: string;
  email: string;
  role: Role;
  emailVerified: boolean;
  isActive: boolean;
  avatarUrl: string | null;
  createdAt: string;
  lastLoginAt: string | null;
}

/** Minimum password length (NIST SP 800-63B); the sign-up form recommends 15. */
export const PASSWORD_MIN_LENGTH = 8;
/** Longest password accepted; long passphrases are welcome. */
export const PASSWORD_MAX_LENGTH = 128;

export interface RegisterRequest {
  name: string;
  email: string;
  password: string;
}

export interface LoginRequest {
  email: string;
  password: string;
}

/** Answer of register and login: a bearer access token and the signed-in user. */
export interface AuthResult {
  token: string;
  /** Seconds until `token` expires. */
  expiresIn: number;
  user: UserView;
}

export interface ProfileResult {
  user: UserView;
}
