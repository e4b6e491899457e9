import { Role } from './roles';

/** The public view of a user. Never carries a password hash or any secret. */
export interface UserView {
  id: string;
  name: string;
  email: string;
  role: Role;
  emailVerified: boolean;
  /** Two-factor authentication (TOTP) is on. */
  mfaEnabled: boolean;
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

/**
 * Answer of sign-in, refresh and the OAuth code exchange. `refreshToken` is in the body for API
 * clients; the consoles (header `X-PosCalls-Client: console`) get it as the `__Host-poscalls4u-refresh`
 * cookie instead (Secure, HttpOnly, SameSite=Strict) and `refreshToken` is absent.
 */
export interface SessionResult extends AuthResult {
  sessionId: string;
  refreshToken?: string;
}

/** Header the consoles send so that the refresh token travels in a cookie, never in script reach. */
export const CONSOLE_CLIENT_HEADER = 'X-PosCalls-Client';
export const CONSOLE_CLIENT_VALUE = 'console';
export const REFRESH_COOKIE_NAME = '__Host-poscalls4u-refresh';
/**
 * A script-readable cookie that only says "this browser holds a console session" (value `1`, set
 * and cleared with the refresh cookie). The consoles try a refresh on start-up only when it is
 * there, so a signed-out visit makes no request that must fail.
 */
export const SESSION_HINT_COOKIE_NAME = '__Host-poscalls4u-session';

/** `POST /api/auth/register` answer: always the same, whether or not the email was known. */
export interface RegisterResult {
  message: string;
}

export interface RefreshRequest {
  /** API clients send it here; the consoles send the cookie instead. */
  refreshToken?: string;
}

export interface VerifyEmailRequest {
  token: string;
}

export interface ResendVerificationRequest {
  email: string;
}

export interface ForgotPasswordRequest {
  email: string;
}

export interface ResetPasswordRequest {
  token: string;
  password: string;
}

export interface ChangePasswordRequest {
  currentPassword: string;
  newPassword: string;
}

export interface UpdateProfileRequest {
  name?: string;
  /** https URL of an avatar image, or null to remove it. */
  avatarUrl?: string | null;
}

/** One signed-in device, as `GET /api/auth/sessions` lists it (a `Page<SessionView>`). */
export interface SessionView {
  id: string;
  method: 'password' | 'mfa' | 'google' | 'facebook';
  device: string | null;
  ip: string | null;
  userAgent: string | null;
  createdAt: string;
  lastUsedAt: string;
  expiresAt: string;
  /** True for the session of the request that lists them. */
  current: boolean;
}

/** Answer of logout, logout-all and session revocation. */
export interface SessionsEnded {
  ended: number;
}

/**
 * A sign-in of an MFA user answers 401 `MFA_REQUIRED` with this in `error.mfa`;
 * `POST /api/auth/mfa/verify` with the challenge token and a code completes it.
 */
export interface MfaChallenge {
  challengeToken: string;
  /** Seconds the challenge stays valid. */
  expiresIn: number;
}

export interface MfaVerifyRequest {
  challengeToken: string;
  /** A 6-digit TOTP code or one of the recovery codes. */
  code: string;
}

export interface MfaSetupResult {
  /** Base32 secret, for manual entry. */
  secret: string;
  otpauthUrl: string;
  /** PNG data URL of the QR code of `otpauthUrl`. */
  qrCodeDataUrl: string;
}

export interface MfaEnableRequest {
  code: string;
}

export interface MfaEnableResult {
  /** Ten single-use recovery codes, shown once. */
  recoveryCodes: string[];
}

export interface MfaDisableRequest {
  /** The current password, to prove it is really the user. */
  password: string;
  code: string;
}

export interface MfaRecoveryCodesRequest {
  code: string;
}

export interface OAuthExchangeRequest {
  /** The one-time code from `CLIENT_URL/auth/callback?code=...` (valid 60 s). */
  code: string;
}

/** What sign-in methods the server offers (the consoles show the buttons accordingly). */
export interface AuthProvidersResult {
  google: boolean;
  facebook: boolean;
  passwordMinLength: number;
  passwordRecommendedLength: number;
}

/** Answer of the account flows that only confirm (verify, resend, forgot, reset, change). */
export interface MessageResult {
  message: string;
}
