import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';

import {
  AddTeamMemberRequest,
  AdminUserView,
  ArchivedTeamResult,
  CreateTeamRequest,
  Page,
  PresenceView,
  SuccessEnvelope,
  TeamDetailView,
  TeamResult,
  TeamView,
  UpdateTeamRequest,
} from '@poscalls4u/contracts';
import { apiUrl, getAllPages, unwrapEnvelope } from '@poscalls4u/web-core';

const TEAMS_URL = apiUrl('teams');

/** Someone who can be added to a team. */
export interface MemberCandidate {
  userId: string;
  name: string;
  /** Null when the source does not say (a supervisor's candidates come from presence). */
  email: string | null;
}

/** The team endpoints of the API, unwrapped. */
@Injectable({ providedIn: 'root' })
export class TeamsApi {
  private readonly http = inject(HttpClient);

  /** Every team the caller may see (the API pages; the screen searches by name). */
  all(includeArchived: boolean): Observable<TeamView[]> {
    const params = includeArchived ? new HttpParams().set('includeArchived', true) : undefined;
    return getAllPages<TeamView>(this.http, TEAMS_URL, params);
  }

  get(id: string): Observable<TeamDetailView> {
    return this.http.get<SuccessEnvelope<TeamResult>>(this.teamUrl(id)).pipe(
      unwrapEnvelope(),
      map(({ team }) => team),
    );
  }

  create(request: CreateTeamRequest): Observable<TeamDetailView> {
    return this.http.post<SuccessEnvelope<TeamResult>>(TEAMS_URL, request).pipe(
      unwrapEnvelope(),
      map(({ team }) => team),
    );
  }

  update(id: string, request: UpdateTeamRequest): Observable<TeamDetailView> {
    return this.http.put<SuccessEnvelope<TeamResult>>(this.teamUrl(id), request).pipe(
      unwrapEnvelope(),
      map(({ team }) => team),
    );
  }

  archive(id: string): Observable<TeamView> {
    return this.http.delete<SuccessEnvelope<ArchivedTeamResult>>(this.teamUrl(id)).pipe(
      unwrapEnvelope(),
      map(({ team }) => team),
    );
  }

  addMember(id: string, request: AddTeamMemberRequest): Observable<TeamDetailView> {
    return this.http.post<SuccessEnvelope<TeamResult>>(`${this.teamUrl(id)}/members`, request).pipe(
      unwrapEnvelope(),
      map(({ team }) => team),
    );
  }

  removeMember(id: string, userId: string): Observable<TeamDetailView> {
    return this.http
      .delete<SuccessEnvelope<TeamResult>>(
        `${this.teamUrl(id)}/members/${encodeURIComponent(userId)}`,
      )
      .pipe(
        unwrapEnvelope(),
        map(({ team }) => team),
      );
  }

  /**
   * Admins search every active user (`GET /api/users`, admins only). Supervisors may not list
   * users, so their candidates are the people of their own teams (`GET /api/presence`).
   */
  candidates(search: string, isAdmin: boolean): Observable<MemberCandidate[]> {
    if (isAdmin) {
      const params = new HttpParams()
        .set('search', search)
        .set('active', true)
        .set('page', 1)
        .set('pageSize', 10);
      return this.http.get<SuccessEnvelope<Page<AdminUserView>>>(apiUrl('users'), { params }).pipe(
        unwrapEnvelope(),
        map((page) => page.items.map(({ id, name, email }) => ({ userId: id, name, email }))),
      );
    }
    const needle = search.toLowerCase();
    return getAllPages<PresenceView>(this.http, apiUrl('presence')).pipe(
      map((people) =>
        people
          .filter((person) => person.name.toLowerCase().includes(needle))
          .map(({ userId, name }) => ({ userId, name, email: null })),
      ),
    );
  }

  private teamUrl(id: string): string {
    return `${TEAMS_URL}/${encodeURIComponent(id)}`;
  }
}
