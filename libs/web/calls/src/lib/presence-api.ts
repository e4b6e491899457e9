import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';

import {
  BreakReasonView,
  PresenceResult,
  PresenceView,
  SetNextStatusRequest,
  SetPresenceRequest,
  SuccessEnvelope,
} from '@poscalls4u/contracts';
import { apiUrl, getAllPages, unwrapEnvelope } from '@poscalls4u/web-core';

/** The presence endpoints an agent uses for their own state. */
@Injectable({ providedIn: 'root' })
export class PresenceApi {
  private readonly http = inject(HttpClient);

  /**
   * The agent's own state. There is no `GET /api/presence/me`: the list of the people the caller
   * works with always includes the caller, so the own entry is picked from it (all pages).
   */
  mine(userId: string): Observable<PresenceView | null> {
    return getAllPages<PresenceView>(this.http, apiUrl('presence')).pipe(
      map((people) => people.find((person) => person.userId === userId) ?? null),
    );
  }

  setMine(request: SetPresenceRequest): Observable<PresenceView> {
    return this.http.put<SuccessEnvelope<PresenceResult>>(apiUrl('presence/me'), request).pipe(
      unwrapEnvelope(),
      map(({ presence }) => presence),
    );
  }

  /** The state to take once the current call is over (`PUT /api/presence/me/next`). */
  setMyNext(request: SetNextStatusRequest): Observable<PresenceView> {
    return this.http.put<SuccessEnvelope<PresenceResult>>(apiUrl('presence/me/next'), request).pipe(
      unwrapEnvelope(),
      map(({ presence }) => presence),
    );
  }

  /** Forgets the pending next status: after the call, back to the state before it. */
  clearMyNext(): Observable<PresenceView> {
    return this.http.delete<SuccessEnvelope<PresenceResult>>(apiUrl('presence/me/next')).pipe(
      unwrapEnvelope(),
      map(({ presence }) => presence),
    );
  }

  /** Reasons an agent may choose; the system-only ones (e.g. `missed`) are left out. */
  breakReasons(): Observable<BreakReasonView[]> {
    return getAllPages<BreakReasonView>(this.http, apiUrl('presence/break-reasons')).pipe(
      map((reasons) => reasons.filter((reason) => reason.isActive && !reason.systemOnly)),
    );
  }
}
