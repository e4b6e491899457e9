import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';

import {
  AuthResult,
  LoginRequest,
  ProfileResult,
  SuccessEnvelope,
  UserView,
} from '@poscalls4u/contracts';
import { apiUrl, unwrapEnvelope } from '@poscalls4u/web-core';

export const LOGIN_URL = apiUrl('auth/login');
export const PROFILE_URL = apiUrl('auth/profile');

/** The auth endpoints of the API, unwrapped from their envelopes. */
@Injectable({ providedIn: 'root' })
export class AuthApi {
  private readonly http = inject(HttpClient);

  login(request: LoginRequest): Observable<AuthResult> {
    return this.http.post<SuccessEnvelope<AuthResult>>(LOGIN_URL, request).pipe(unwrapEnvelope());
  }

  profile(): Observable<UserView> {
    return this.http.get<SuccessEnvelope<ProfileResult>>(PROFILE_URL).pipe(
      unwrapEnvelope(),
      map((result) => result.user),
    );
  }
}
