import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Subject } from 'rxjs';

import { KpiFigures } from '@poscalls4u/contracts';
import { RealtimeClient, RealtimeMessage } from '@poscalls4u/web-realtime';

import { MyDayComponent, myDayFigures } from './my-day';

function figures(overrides: Partial<KpiFigures> = {}): KpiFigures {
  return {
    offered: 0,
    answered: 4,
    answeredWithinThreshold: 4,
    abandoned: 0,
    shortAbandoned: 0,
    serviceLevelPercent: 100,
    abandonmentRatePercent: 0,
    asaSeconds: 5,
    averageWaitSeconds: 5,
    longestWaitSeconds: 9,
    handled: 4,
    ahtSeconds: 185,
    averageTalkSeconds: 150,
    averageHoldSeconds: 15,
    averageAfterCallWorkSeconds: 20,
    outbound: 0,
    successes: 3,
    successRatePercent: 75,
    qaReviews: 1,
    averageQaScore: 92,
    occupancyPercent: 62.5,
    timeInState: {
      availableSeconds: 900,
      onCallSeconds: 1200,
      wrapUpSeconds: 300,
      breakSeconds: 60,
    },
    ...overrides,
  };
}

describe('MyDayComponent', () => {
  let messages: Subject<RealtimeMessage>;

  beforeEach(() => {
    messages = new Subject<RealtimeMessage>();
    TestBed.configureTestingModule({
      imports: [MyDayComponent],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: RealtimeClient, useValue: { connect: () => messages.asObservable() } },
      ],
    });
  });

  const text = (element: HTMLElement, id: string) =>
    element.querySelector(`[data-testid="my-day-${id}"] dd`)?.textContent?.trim();

  it("shows the agent's figures, follows their dashboard:update and reloads after a reconnect", async () => {
    const fixture = TestBed.createComponent(MyDayComponent);
    const http = TestBed.inject(HttpTestingController);
    http
      .expectOne('/api/stats/dashboard')
      .flush({ success: true, data: { dashboard: { scope: 'agent', today: figures() } } });
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    expect(text(element, 'handled')).toBe('4');
    expect(text(element, 'aht')).toBe('3:05');
    expect(text(element, 'success')).toBe('75 %');
    expect(text(element, 'occupancy')).toBe('62.5 %');
    expect(text(element, 'qa')).toBe('92');

    messages.next({
      type: 'dashboard:update',
      payload: {
        scope: { kind: 'agent', agentId: 'a1' },
        today: figures({ handled: 5 }),
        live: {} as never,
        at: '',
      },
    });
    await fixture.whenStable();
    expect(text(element, 'handled')).toBe('5');

    messages.next({ type: 'connected' });
    http.expectOne('/api/stats/dashboard').flush({
      success: true,
      data: { dashboard: { scope: 'agent', today: figures({ handled: 6 }) } },
    });
    await fixture.whenStable();
    expect(text(element, 'handled')).toBe('6');
    http.verify();
  });

  it('says when the figures cannot be loaded', async () => {
    const fixture = TestBed.createComponent(MyDayComponent);
    TestBed.inject(HttpTestingController)
      .expectOne('/api/stats/dashboard')
      .flush({}, { status: 500, statusText: 'x' });
    await fixture.whenStable();
    expect((fixture.nativeElement as HTMLElement).textContent).toContain('not available');
  });

  it('lists time in each state', () => {
    expect(myDayFigures(figures()).find((figure) => figure.id === 'break')?.display).toBe('1:00');
  });
});
