import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';

import {
  CreateIntegrationRequest,
  IntegrationResult,
  IntegrationView,
  IntegrationWithSecretResult,
  IntegrationWithSecretView,
  Page,
  SuccessEnvelope,
  UpdateIntegrationRequest,
  WebhookDeliveryResult,
  WebhookDeliveryView,
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

  /** The newest deliveries of an integration's webhook (one page). */
  deliveries(id: string, pageSize = 20): Observable<Page<WebhookDeliveryView>> {
    return this.http
      .get<SuccessEnvelope<Page<WebhookDeliveryView>>>(`${this.url(id)}/deliveries`, {
        params: new HttpParams().set('pageSize', String(pageSize)),
      })
      .pipe(unwrapEnvelope());
  }

  retryDelivery(id: string, deliveryId: string): Observable<WebhookDeliveryView> {
    return this.http
      .post<SuccessEnvelope<WebhookDeliveryResult>>(
        `${this.url(id)}/deliveries/${encodeURIComponent(deliveryId)}/retry`,
        {},
      )
      .pipe(
        unwrapEnvelope(),
        map(({ delivery }) => delivery),
      );
  }

  private url(id: string): string {
    return `${INTEGRATIONS_URL}/${encodeURIComponent(id)}`;
  }
}
