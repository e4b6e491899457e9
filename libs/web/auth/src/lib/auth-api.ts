import { HttpClient, HttpHeaders } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';

import {
  AuthProvidersResult,
  ChangePasswordRequest,
  ForgotPasswordRequest,
  LoginRequest,
  MfaDisableRequest,
  MfaEnableResult,
  MfaSetupResult,
  MfaVerifyRequest,
  MyPermissionsResult,
  MyPermissionsView,
  ProfileResult,
  RegisterRequest,
  RegisterResult,
  ResetPasswordRequest,
  SessionResult,
  SessionView,
  SuccessEnvelope,
  UpdateProfileRequest,
  UserView,
} from '@poscalls4u/contracts';
import { apiUrl, getAllPages, unwrapEnvelope } from '@poscalls4u/web-core';

export const LOGIN_URL = apiUrl('auth/login');
export const REFRESH_URL = apiUrl('auth/refresh');
export const LOGOUT_URL = apiUrl('auth/logout');
export const LOGOUT_ALL_URL = apiUrl('auth/logout-all');
export const MFA_VERIFY_URL = apiUrl('auth/mfa/verify');
export const OAUTH_EXCHANGE_URL = apiUrl('auth/oauth/exchange');
export const REGISTER_URL = apiUrl('auth/register');
export const VERIFY_EMAIL_URL = apiUrl('auth/verify-email');
export const RESEND_VERIFICATION_URL = apiUrl('auth/resend-verification');
export const FORGOT_PASSWORD_URL = apiUrl('auth/forgot-password');
export const RESET_PASSWORD_URL = apiUrl('auth/reset-password');
export const CHANGE_PASSWORD_URL = apiUrl('auth/change-password');
export const PROFILE_URL = apiUrl('auth/profile');
export const SESSIONS_URL = apiUrl('auth/sessions');
export const PROVIDERS_URL = apiUrl('auth/providers');
export const MFA_SETUP_URL = apiUrl('auth/mfa/setup');
export const MFA_ENABLE_URL = apiUrl('auth/mfa/enable');
export const MFA_DISABLE_URL = apiUrl('auth/mfa/disable');
export const MFA_RECOVERY_CODES_URL = apiUrl('auth/mfa/recovery-codes');
export const PERMISSIONS_URL = apiUrl('auth/permissions');

/**
 * Calls whose 401 is an answer about the credentials they carry, never "the access token expired":
 * the interceptor neither refreshes nor signs out on them.
 */
export const CREDENTIAL_URLS: readonly string[] = [
  LOGIN_URL,
  REFRESH_URL,
  LOGOUT_URL,
  MFA_VERIFY_URL,
  OAUTH_EXCHANGE_URL,
  REGISTER_URL,
  VERIFY_EMAIL_URL,
  RESEND_VERIFICATION_URL,
  FORGOT_PASSWORD_URL,
  RESET_PASSWORD_URL,
  PROVIDERS_URL,
];

/** The profile as the API may return it: `mfaEnabled` when the API tells it. */
export type ProfileUser = UserView & { mfaEnabled?: boolean };

/** The auth endpoints of the API, unwrapped from their envelopes. */
@Injectable({ providedIn: 'root' })
export class AuthApi {
  private readonly http = inject(HttpClient);

  login(request: LoginRequest): Observable<SessionResult> {
    return this.post<SessionResult>(LOGIN_URL, request);
  }

  verifyMfa(request: MfaVerifyRequest): Observable<SessionResult> {
    return this.post<SessionResult>(MFA_VERIFY_URL, request);
  }

  exchangeOAuthCode(code: string): Observable<SessionResult> {
    return this.post<SessionResult>(OAUTH_EXCHANGE_URL, { code });
  }

  /** Trades the HttpOnly refresh cookie for a new access token (and a rotated cookie). */
  refresh(): Observable<SessionResult> {
    return this.post<SessionResult>(REFRESH_URL, {});
  }

  /** Ends this session. `token` signs the call when it is not the stored one (a refused role). */
  logout(token?: string): Observable<unknown> {
    const headers =
      token === undefined ? undefined : new HttpHeaders({ Authorization: `Bearer ${token}` });
    return this.http.post(LOGOUT_URL, {}, { headers });
  }

  logoutAll(): Observable<unknown> {
    return this.http.post(LOGOUT_ALL_URL, {});
  }

  register(request: RegisterRequest): Observable<RegisterResult> {
    return this.post<RegisterResult>(REGISTER_URL, request);
  }

  verifyEmail(token: string): Observable<unknown> {
    return this.post<unknown>(VERIFY_EMAIL_URL, { token });
  }

  resendVerification(email: string): Observable<unknown> {
    return this.post<unknown>(RESEND_VERIFICATION_URL, { email });
  }

  forgotPassword(request: ForgotPasswordRequest): Observable<unknown> {
    return this.post<unknown>(FORGOT_PASSWORD_URL, request);
  }

  resetPassword(request: ResetPasswordRequest): Observable<unknown> {
    return this.post<unknown>(RESET_PASSWORD_URL, request);
  }

  changePassword(request: ChangePasswordRequest): Observable<unknown> {
    return this.post<unknown>(CHANGE_PASSWORD_URL, request);
  }

  providers(): Observable<AuthProvidersResult> {
    return this.http
      .get<SuccessEnvelope<AuthProvidersResult>>(PROVIDERS_URL)
      .pipe(unwrapEnvelope());
  }

  profile(): Observable<ProfileUser> {
    return this.http.get<SuccessEnvelope<ProfileResult>>(PROFILE_URL).pipe(
      unwrapEnvelope(),
      map((result) => result.user),
    );
  }

  updateProfile(request: UpdateProfileRequest): Observable<ProfileUser> {
    return this.http.patch<SuccessEnvelope<ProfileResult>>(PROFILE_URL, request).pipe(
      unwrapEnvelope(),
      map((result) => result.user),
    );
  }

  /** What the signed-in user may do, everywhere and in each of their teams. */
  permissions(): Observable<MyPermissionsView> {
    return this.http.get<SuccessEnvelope<MyPermissionsResult>>(PERMISSIONS_URL).pipe(
      unwrapEnvelope(),
      map((result) => result.permissions),
    );
  }

  /** Every open session of the user, all pages. */
  sessions(): Observable<SessionView[]> {
    return getAllPages<SessionView>(this.http, SESSIONS_URL);
  }

  revokeSession(id: string): Observable<unknown> {
    return this.http.delete(`${SESSIONS_URL}/${encodeURIComponent(id)}`);
  }

  setupMfa(): Observable<MfaSetupResult> {
    return this.post<MfaSetupResult>(MFA_SETUP_URL, {});
  }

  enableMfa(code: string): Observable<MfaEnableResult> {
    return this.post<MfaEnableResult>(MFA_ENABLE_URL, { code });
  }

  disableMfa(request: MfaDisableRequest): Observable<unknown> {
    return this.post<unknown>(MFA_DISABLE_URL, request);
  }

  regenerateRecoveryCodes(code: string): Observable<MfaEnableResult> {
    return this.post<MfaEnableResult>(MFA_RECOVERY_CODES_URL, { code });
  }

  private post<T>(url: string, body: object): Observable<T> {
    return this.http.post<SuccessEnvelope<T>>(url, body).pipe(unwrapEnvelope());
  }
}
