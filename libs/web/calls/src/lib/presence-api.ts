import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';

import {
  BreakReasonView,
  PresenceView,
  SetPresenceRequest,
  SuccessEnvelope,
} from '@poscalls4u/contracts';
import { apiUrl, unwrapEnvelope } from '@poscalls4u/web-core';

/** The presence endpoints an agent uses for their own state. */
@Injectable({ providedIn: 'root' })
export class PresenceApi {
  private readonly http = inject(HttpClient);

  /**
   * The agent's own state. There is no `GET /api/presence/me`: the list of the people the caller
   * works with always includes the caller, so the own entry is picked from it.
   */
  mine(userId: string): Observable<PresenceView | null> {
    return this.http.get<SuccessEnvelope<PresenceView[]>>(apiUrl('presence')).pipe(
      unwrapEnvelope(),
      map((people) => people.find((person) => person.userId === userId) ?? null),
    );
  }

  setMine(request: SetPresenceRequest): Observable<PresenceView> {
    return this.http
      .put<SuccessEnvelope<PresenceView>>(apiUrl('presence/me'), request)
      .pipe(unwrapEnvelope());
  }

  /** Reasons an agent may choose; the system-only ones (e.g. `missed`) are left out. */
  breakReasons(): Observable<BreakReasonView[]> {
    return this.http.get<SuccessEnvelope<BreakReasonView[]>>(apiUrl('presence/break-reasons')).pipe(
      unwrapEnvelope(),
      map((reasons) => reasons.filter((reason) => reason.isActive && !reason.systemOnly)),
    );
  }
}
