import { HttpClient, HttpParams } from '@angular/common/http';
import { Component, inject } from '@angular/core';
import { map } from 'rxjs';

import { BreakReasonResult, BreakReasonView, SuccessEnvelope } from '@poscalls4u/contracts';
import { apiUrl, getAllPages, unwrapEnvelope } from '@poscalls4u/web-core';

import { CodeListComponent, CodeListSource } from '../shared/code-list';

const BREAK_REASONS_URL = apiUrl('presence/break-reasons');

/** `/break-reasons`: why agents take a break; admins keep the list. */
@Component({
  selector: 'pc-break-reasons-page',
  imports: [CodeListComponent],
  template: `
    <pc-code-list
      title="Break reasons"
      intro="What agents pick when they go on a break. Reasons the system sets (a missed call) cannot be changed."
      noun="break reason"
      [source]="source"
    />
  `,
})
export class BreakReasonsPage {
  private readonly http = inject(HttpClient);

  protected readonly source: CodeListSource = {
    list: (includeInactive) =>
      getAllPages<BreakReasonView>(
        this.http,
        BREAK_REASONS_URL,
        includeInactive ? new HttpParams().set('includeInactive', true) : undefined,
      ),
    create: ({ code, label }) =>
      this.http.post<SuccessEnvelope<BreakReasonResult>>(BREAK_REASONS_URL, { code, label }).pipe(
        unwrapEnvelope(),
        map(({ breakReason }) => breakReason),
      ),
    update: (code, { label, isActive }) =>
      this.http
        .patch<SuccessEnvelope<BreakReasonResult>>(
          `${BREAK_REASONS_URL}/${encodeURIComponent(code)}`,
          { label, isActive },
        )
        .pipe(
          unwrapEnvelope(),
          map(({ breakReason }) => breakReason),
        ),
  };
}
