import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';

import {
  SuccessEnvelope,
  TeamDetailView,
  TeamResult,
  TeamSecurityProfile,
  TeamSecurityProfileResult,
  TeamView,
} from '@poscalls4u/contracts';
import { apiUrl, getAllPages, unwrapEnvelope } from '@poscalls4u/web-core';

const profileUrl = (teamId: string) =>
  apiUrl(`teams/${encodeURIComponent(teamId)}/security-profile`);

/** The routes the security-profile editor uses (admins), unwrapped from their envelopes. */
@Injectable({ providedIn: 'root' })
export class SecurityProfilesApi {
  private readonly http = inject(HttpClient);

  /** Every team that is not archived, by name. */
  teams(): Observable<TeamView[]> {
    return getAllPages<TeamView>(this.http, apiUrl('teams'), new HttpParams());
  }

  /** The team with its members (who a profile applies to). */
  team(teamId: string): Observable<TeamDetailView> {
    return this.http
      .get<SuccessEnvelope<TeamResult>>(apiUrl(`teams/${encodeURIComponent(teamId)}`))
      .pipe(
        unwrapEnvelope(),
        map((result) => result.team),
      );
  }

  profile(teamId: string): Observable<TeamSecurityProfile> {
    return this.http.get<SuccessEnvelope<TeamSecurityProfileResult>>(profileUrl(teamId)).pipe(
      unwrapEnvelope(),
      map((result) => result.securityProfile),
    );
  }

  saveProfile(teamId: string, profile: TeamSecurityProfile): Observable<TeamSecurityProfile> {
    return this.http
      .put<SuccessEnvelope<TeamSecurityProfileResult>>(profileUrl(teamId), profile)
      .pipe(
        unwrapEnvelope(),
        map((result) => result.securityProfile),
      );
  }
}
