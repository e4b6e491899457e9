import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';

import {
  CreateIntegrationRequest,
  IntegrationResult,
  IntegrationView,
  IntegrationWithSecretResult,
  IntegrationWithSecretView,
  SuccessEnvelope,
  UpdateIntegrationRequest,
} from '@poscalls4u/contracts';
import { apiUrl, getAllPages, unwrapEnvelope } from '@poscalls4u/web-core';

const INTEGRATIONS_URL = apiUrl('integrations');

/** The telephony integration endpoints (admins), unwrapped. */
@Injectable({ providedIn: 'root' })
export class IntegrationsApi {
  private readonly http = inject(HttpClient);

  all(): Observable<IntegrationView[]> {
    return getAllPages<IntegrationView>(this.http, INTEGRATIONS_URL);
  }

  register(request: CreateIntegrationRequest): Observable<IntegrationWithSecretView> {
    return this.http
      .post<SuccessEnvelope<IntegrationWithSecretResult>>(INTEGRATIONS_URL, request)
      .pipe(
        unwrapEnvelope(),
        map(({ integration }) => integration),
      );
  }

  update(id: string, request: UpdateIntegrationRequest): Observable<IntegrationView> {
    return this.http.patch<SuccessEnvelope<IntegrationResult>>(this.url(id), request).pipe(
      unwrapEnvelope(),
      map(({ integration }) => integration),
    );
  }

  deactivate(id: string): Observable<IntegrationView> {
    return this.http.delete<SuccessEnvelope<IntegrationResult>>(this.url(id)).pipe(
      unwrapEnvelope(),
      map(({ integration }) => integration),
    );
  }

  rotateSecret(id: string): Observable<IntegrationWithSecretView> {
    return this.http
      .post<SuccessEnvelope<IntegrationWithSecretResult>>(`${this.url(id)}/rotate-secret`, {})
      .pipe(
        unwrapEnvelope(),
        map(({ integration }) => integration),
      );
  }

  private url(id: string): string {
    return `${INTEGRATIONS_URL}/${encodeURIComponent(id)}`;
  }
}
