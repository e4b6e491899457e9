import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';

import { WebhookDeliveryView } from '@poscalls4u/contracts';

import { IntegrationsPage } from './integrations.page';

const integration = {
  id: 'i1',
  name: 'Asterisk HQ',
  webhookUrl: 'https://pbx.example.com/hook',
  isActive: true,
  createdAt: '2026-12-01T08:00:00.000Z',
  callEventsUrl: 'https://calls.example.com/api/integrations/i1/call-events',
};

const delivery = (overrides: Partial<WebhookDeliveryView>): WebhookDeliveryView => ({
  id: 'd1',
  integrationId: 'i1',
  actionId: 'a1',
  command: 'call.hold',
  callId: 'c1',
  status: 'failed',
  attempts: 12,
  lastError: 'answered 503',
  responseCode: 503,
  createdAt: '2026-12-07T08:00:00.000Z',
  lastAttemptAt: '2026-12-07T09:00:00.000Z',
  ...overrides,
});

describe('IntegrationsPage deliveries', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<IntegrationsPage>;
  const byTestId = (id: string) =>
    (fixture.nativeElement as HTMLElement).querySelector<HTMLElement>(`[data-testid="${id}"]`);
  const allByTestId = (id: string) =>
    Array.from(
      (fixture.nativeElement as HTMLElement).querySelectorAll<HTMLElement>(`[data-testid="${id}"]`),
    );

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(IntegrationsPage);
    await fixture.whenStable();
    http
      .expectOne((request) => request.url === '/api/integrations')
      .flush({ success: true, data: { items: [integration], total: 1, page: 1, pageSize: 100 } });
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  it('lists the recent deliveries with their status, and sends a failed one again', async () => {
    byTestId('integration-deliveries')?.click();
    await fixture.whenStable();
    const list = http.expectOne((request) => request.url === '/api/integrations/i1/deliveries');
    expect(list.request.params.get('pageSize')).toBe('20');
    list.flush({
      success: true,
      data: {
        items: [
          delivery({}),
          delivery({
            id: 'd2',
            command: 'agent.dial',
            status: 'delivered',
            attempts: 1,
            lastError: null,
            responseCode: 204,
          }),
        ],
        total: 2,
        page: 1,
        pageSize: 20,
      },
    });
    await fixture.whenStable();

    expect(byTestId('deliveries')?.textContent).toContain('Recent deliveries to Asterisk HQ');
    expect(allByTestId('delivery-status').map((cell) => cell.textContent?.trim())).toEqual([
      'Failed',
      'Delivered',
    ]);
    expect(allByTestId('delivery-row')[0]?.textContent).toContain('answered 503');
    // Only the failed one can be sent again.
    expect(allByTestId('delivery-retry')).toHaveLength(1);

    byTestId('delivery-retry')?.click();
    await fixture.whenStable();
    const retry = http.expectOne('/api/integrations/i1/deliveries/d1/retry');
    expect(retry.request.method).toBe('POST');
    retry.flush({ success: true, data: { delivery: delivery({ status: 'pending' }) } });
    await fixture.whenStable();
    expect(allByTestId('delivery-status')[0]?.textContent?.trim()).toBe('Queued');
    expect(allByTestId('delivery-retry')).toHaveLength(0);
    expect(byTestId('integrations-notice')?.textContent).toContain(
      'call.hold is queued to be sent again.',
    );
  });
});
