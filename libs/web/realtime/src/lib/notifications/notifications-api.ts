import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';

import {
  NotificationPage,
  NotificationResult,
  NotificationView,
  NotificationsReadAllResult,
  SuccessEnvelope,
} from '@poscalls4u/contracts';
import { apiUrl, unwrapEnvelope } from '@poscalls4u/web-core';

const NOTIFICATIONS_URL = apiUrl('notifications');

/** The signed-in user's notification centre (`/api/notifications`). */
@Injectable({ providedIn: 'root' })
export class NotificationsApi {
  private readonly http = inject(HttpClient);

  /** The first page (no cursor) or the page after `cursor`, newest first. */
  list(pageSize: number, cursor?: string): Observable<NotificationPage> {
    let params = new HttpParams().set('pageSize', pageSize);
    if (cursor !== undefined) params = params.set('cursor', cursor);
    return this.http
      .get<SuccessEnvelope<NotificationPage>>(NOTIFICATIONS_URL, { params })
      .pipe(unwrapEnvelope());
  }

  markRead(id: string): Observable<NotificationView> {
    return this.http
      .post<SuccessEnvelope<NotificationResult>>(
        `${NOTIFICATIONS_URL}/${encodeURIComponent(id)}/read`,
        {},
      )
      .pipe(
        unwrapEnvelope(),
        map((result) => result.notification),
      );
  }

  markAllRead(): Observable<NotificationsReadAllResult> {
    return this.http
      .post<SuccessEnvelope<NotificationsReadAllResult>>(`${NOTIFICATIONS_URL}/read-all`, {})
      .pipe(unwrapEnvelope());
  }
}
