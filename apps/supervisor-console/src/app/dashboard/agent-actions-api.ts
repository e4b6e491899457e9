import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';

import {
  CallView,
  CursorPage,
  MAX_PAGE_SIZE,
  PresenceResult,
  PresenceTimeline,
  PresenceTimelineResult,
  PresenceView,
  SuccessEnvelope,
} from '@poscalls4u/contracts';
import { apiUrl, unwrapEnvelope } from '@poscalls4u/web-core';

/** What a supervisor does to an agent from the grid, and the agent's day for the drill-down. */
@Injectable({ providedIn: 'root' })
export class AgentActionsApi {
  private readonly http = inject(HttpClient);

  /** Offline, or a break (the API's "supervisor" reason). */
  force(userId: string, status: 'offline' | 'break'): Observable<PresenceView> {
    return this.http
      .put<SuccessEnvelope<PresenceResult>>(apiUrl(`presence/${userId}`), { status })
      .pipe(
        unwrapEnvelope(),
        map(({ presence }) => presence),
      );
  }

  /** Offline at once, and every session of the agent ends. */
  signOut(userId: string): Observable<PresenceView> {
    return this.http
      .post<SuccessEnvelope<PresenceResult>>(apiUrl(`presence/${userId}/sign-out`), {})
      .pipe(
        unwrapEnvelope(),
        map(({ presence }) => presence),
      );
  }

  /** The agent's states since `from`. */
  timeline(userId: string, from: Date): Observable<PresenceTimeline> {
    return this.http
      .get<SuccessEnvelope<PresenceTimelineResult>>(apiUrl(`presence/${userId}/timeline`), {
        params: new HttpParams().set('from', from.toISOString()),
      })
      .pipe(
        unwrapEnvelope(),
        map(({ timeline }) => timeline),
      );
  }

  /** The agent's calls since `from`, newest first (one page: a day rarely holds more). */
  calls(userId: string, from: Date): Observable<CallView[]> {
    return this.http
      .get<SuccessEnvelope<CursorPage<CallView>>>(apiUrl('calls'), {
        params: new HttpParams()
          .set('agentId', userId)
          .set('from', from.toISOString())
          .set('pageSize', String(MAX_PAGE_SIZE)),
      })
      .pipe(
        unwrapEnvelope(),
        map((page) => page.items),
      );
  }
}
