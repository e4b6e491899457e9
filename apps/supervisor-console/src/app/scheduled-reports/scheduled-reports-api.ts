import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';

import {
  Page,
  ReportDeliveryResult,
  ReportDeliveryView,
  ReportPreview,
  ReportPreviewResult,
  ReportScheduleRequest,
  ReportScheduleResult,
  ReportScheduleView,
  SuccessEnvelope,
} from '@poscalls4u/contracts';
import { apiUrl, unwrapEnvelope } from '@poscalls4u/web-core';

const BASE = 'workforce/report-schedules';

/** The scheduled reports' endpoints of the API, unwrapped. */
@Injectable({ providedIn: 'root' })
export class ScheduledReportsApi {
  private readonly http = inject(HttpClient);

  list(): Observable<ReportScheduleView[]> {
    return this.http.get<SuccessEnvelope<Page<ReportScheduleView>>>(apiUrl(BASE)).pipe(
      unwrapEnvelope(),
      map((page) => page.items),
    );
  }

  create(request: ReportScheduleRequest): Observable<ReportScheduleView> {
    return this.http.post<SuccessEnvelope<ReportScheduleResult>>(apiUrl(BASE), request).pipe(
      unwrapEnvelope(),
      map((data) => data.schedule),
    );
  }

  update(id: string, request: ReportScheduleRequest): Observable<ReportScheduleView> {
    return this.http
      .put<SuccessEnvelope<ReportScheduleResult>>(apiUrl(`${BASE}/${id}`), request)
      .pipe(
        unwrapEnvelope(),
        map((data) => data.schedule),
      );
  }

  remove(id: string): Observable<ReportScheduleView> {
    return this.http.delete<SuccessEnvelope<ReportScheduleResult>>(apiUrl(`${BASE}/${id}`)).pipe(
      unwrapEnvelope(),
      map((data) => data.schedule),
    );
  }

  preview(id: string): Observable<ReportPreview> {
    return this.http
      .post<SuccessEnvelope<ReportPreviewResult>>(apiUrl(`${BASE}/${id}/preview`), {})
      .pipe(
        unwrapEnvelope(),
        map((data) => data.preview),
      );
  }

  sendNow(id: string): Observable<ReportDeliveryView> {
    return this.http
      .post<SuccessEnvelope<ReportDeliveryResult>>(apiUrl(`${BASE}/${id}/send-now`), {})
      .pipe(
        unwrapEnvelope(),
        map((data) => data.delivery),
      );
  }
}
