import { HttpClient, HttpParams } from '@angular/common/http';
import { Component, inject } from '@angular/core';
import { map } from 'rxjs';

import {
  DispositionResult,
  DispositionView,
  SuccessEnvelope,
  UpdateDispositionRequest,
} from '@poscalls4u/contracts';
import { apiUrl, getAllPages, unwrapEnvelope } from '@poscalls4u/web-core';

import { CodeListComponent, CodeListSource } from '../shared/code-list';

const DISPOSITIONS_URL = apiUrl('dispositions');

/** `/dispositions`: the outcomes agents pick at wrap-up; admins keep the list. */
@Component({
  selector: 'pc-dispositions-page',
  imports: [CodeListComponent],
  template: `
    <pc-code-list
      title="Dispositions"
      intro="The outcomes agents pick when they wrap up a call. Success dispositions count in the success rate."
      noun="disposition"
      [withSuccess]="true"
      [source]="source"
    />
  `,
})
export class DispositionsPage {
  private readonly http = inject(HttpClient);

  protected readonly source: CodeListSource = {
    list: (includeInactive) =>
      getAllPages<DispositionView>(
        this.http,
        DISPOSITIONS_URL,
        includeInactive ? new HttpParams().set('includeInactive', true) : undefined,
      ),
    create: (entry) =>
      this.http.post<SuccessEnvelope<DispositionResult>>(DISPOSITIONS_URL, entry).pipe(
        unwrapEnvelope(),
        map(({ disposition }) => disposition),
      ),
    update: (code, changes: UpdateDispositionRequest) =>
      this.http
        .patch<SuccessEnvelope<DispositionResult>>(
          `${DISPOSITIONS_URL}/${encodeURIComponent(code)}`,
          changes,
        )
        .pipe(
          unwrapEnvelope(),
          map(({ disposition }) => disposition),
        ),
  };
}
