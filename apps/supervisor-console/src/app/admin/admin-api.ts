import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';

import {
  AdminUserResult,
  AdminUserView,
  AuditAction,
  AuditEventView,
  AuditOutcome,
  InviteUserRequest,
  ListUsersQuery,
  MfaRequirementImpact,
  MfaRequirementImpactResult,
  Page,
  SecuritySettings,
  SecuritySettingsResult,
  SuccessEnvelope,
  UpdateUserRequest,
} from '@poscalls4u/contracts';
import { apiUrl, unwrapEnvelope } from '@poscalls4u/web-core';

const USERS_URL = apiUrl('users');
const AUDIT_URL = apiUrl('audit');
const SECURITY_SETTINGS_URL = apiUrl('settings/security');

export interface AuditQuery {
  userId?: string;
  action?: AuditAction;
  outcome?: AuditOutcome;
  /** ISO date-time, inclusive. */
  from?: string;
  /** ISO date-time, inclusive. */
  to?: string;
  page?: number;
  pageSize?: number;
}

/** Query parameters without the unset ones. */
function toParams(query: object): HttpParams {
  let params = new HttpParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') {
      params = params.set(key, String(value));
    }
  }
  return params;
}

/** The admin endpoints of the API (users, audit, security settings), unwrapped. */
@Injectable({ providedIn: 'root' })
export class AdminApi {
  private readonly http = inject(HttpClient);

  listUsers(query: ListUsersQuery): Observable<Page<AdminUserView>> {
    return this.http
      .get<SuccessEnvelope<Page<AdminUserView>>>(USERS_URL, { params: toParams(query) })
      .pipe(unwrapEnvelope());
  }

  invite(request: InviteUserRequest): Observable<AdminUserView> {
    return this.http.post<SuccessEnvelope<AdminUserResult>>(`${USERS_URL}/invite`, request).pipe(
      unwrapEnvelope(),
      map(({ user }) => user),
    );
  }

  update(id: string, request: UpdateUserRequest): Observable<AdminUserView> {
    return this.http
      .patch<SuccessEnvelope<AdminUserResult>>(`${USERS_URL}/${encodeURIComponent(id)}`, request)
      .pipe(
        unwrapEnvelope(),
        map(({ user }) => user),
      );
  }

  unlock(id: string): Observable<AdminUserView> {
    return this.http
      .post<SuccessEnvelope<AdminUserResult>>(`${USERS_URL}/${encodeURIComponent(id)}/unlock`, {})
      .pipe(
        unwrapEnvelope(),
        map(({ user }) => user),
      );
  }

  listAudit(query: AuditQuery): Observable<Page<AuditEventView>> {
    return this.http
      .get<SuccessEnvelope<Page<AuditEventView>>>(AUDIT_URL, { params: toParams(query) })
      .pipe(unwrapEnvelope());
  }

  securitySettings(): Observable<SecuritySettings> {
    return this.http.get<SuccessEnvelope<SecuritySettingsResult>>(SECURITY_SETTINGS_URL).pipe(
      unwrapEnvelope(),
      map(({ settings }) => settings),
    );
  }

  /** Who requiring MFA would stop until they enrol, and whether the caller has MFA. */
  mfaImpact(): Observable<MfaRequirementImpact> {
    return this.http
      .get<SuccessEnvelope<MfaRequirementImpactResult>>(`${SECURITY_SETTINGS_URL}/mfa-impact`)
      .pipe(
        unwrapEnvelope(),
        map(({ impact }) => impact),
      );
  }

  updateSecuritySettings(settings: SecuritySettings): Observable<SecuritySettings> {
    return this.http
      .put<SuccessEnvelope<SecuritySettingsResult>>(SECURITY_SETTINGS_URL, settings)
      .pipe(
        unwrapEnvelope(),
        map((answer) => answer.settings),
      );
  }
}
