import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MockStore, provideMockStore } from '@ngrx/store/testing';
import { Subject } from 'rxjs';

import { KpiFigures, PresenceView } from '@poscalls4u/contracts';
import { CALLS_CLOCK, initialCallsState } from '@poscalls4u/web-calls';
import { RealtimeClient, RealtimeMessage } from '@poscalls4u/web-realtime';

import { MyDayComponent, myDayFigures, withCurrentState } from './my-day';

const T0 = Date.parse('2026-11-25T10:00:00.000Z');

function aPresence(status: PresenceView['status'], since: string): PresenceView {
  return { userId: 'a1', name: 'A', status, reason: null, since, forcedBy: null, next: null };
}

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
    transfersIn: 0,
    transfersOut: 0,
    transferRatePercent: 0,
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

/** The panel reads its figures once drawn: a frame later (or `afterNextPaint`'s 100 ms). */
async function drawn(fixture: ComponentFixture<unknown>): Promise<void> {
  await fixture.whenStable();
  await new Promise((resolve) => setTimeout(resolve, 150));
}

describe('MyDayComponent', () => {
  let messages: Subject<RealtimeMessage>;
  let now: number;

  beforeEach(() => {
    messages = new Subject<RealtimeMessage>();
    now = T0;
    TestBed.configureTestingModule({
      imports: [MyDayComponent],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideMockStore({ initialState: { calls: initialCallsState } }),
        { provide: RealtimeClient, useValue: { connect: () => messages.asObservable() } },
        { provide: CALLS_CLOCK, useValue: () => now },
      ],
    });
  });

  // Issue 15, defect 14: the Available and Break timers stood still between updates.
  it('counts the current state up every second between updates', async () => {
    const store = TestBed.inject(MockStore);
    store.setState({
      calls: { ...initialCallsState, presence: aPresence('break', '2026-11-25T09:59:00.000Z') },
    });
    const fixture = TestBed.createComponent(MyDayComponent);
    await drawn(fixture);
    TestBed.inject(HttpTestingController)
      .expectOne('/api/stats/dashboard')
      .flush({ success: true, data: { dashboard: { scope: 'agent', today: figures() } } });
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    expect(text(element, 'break')).toBe('1:00');
    now = T0 + 65_000;
    // The panel's clock ticks once a second.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await fixture.whenStable();
    expect(text(element, 'break')).toBe('2:05');
    expect(text(element, 'available')).toBe('15:00');
  });

  const text = (element: HTMLElement, id: string) =>
    element.querySelector(`[data-testid="my-day-${id}"] dd`)?.textContent?.trim();

  it("shows the agent's figures, follows their dashboard:update and reloads after a reconnect", async () => {
    const fixture = TestBed.createComponent(MyDayComponent);
    await drawn(fixture);
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
    await drawn(fixture);
    TestBed.inject(HttpTestingController)
      .expectOne('/api/stats/dashboard')
      .flush({}, { status: 500, statusText: 'x' });
    await fixture.whenStable();
    expect((fixture.nativeElement as HTMLElement).textContent).toContain('not available');
  });

  it('adds the time since the figures came, or since the state began if later', () => {
    const today = figures();
    const sent = T0;
    expect(
      withCurrentState(today, aPresence('available', '2026-11-25T09:00:00.000Z'), sent, T0 + 30_000)
        .timeInState.availableSeconds,
    ).toBe(930);
    expect(
      withCurrentState(today, aPresence('wrap_up', '2026-11-25T10:00:20.000Z'), sent, T0 + 30_000)
        .timeInState.wrapUpSeconds,
    ).toBe(310);
    expect(withCurrentState(today, aPresence('offline', ''), sent, T0 + 30_000)).toBe(today);
    expect(withCurrentState(today, null, sent, T0 + 30_000)).toBe(today);
  });

  it('lists time in each state', () => {
    expect(myDayFigures(figures()).find((figure) => figure.id === 'break')?.display).toBe('1:00');
  });

  it('shows the same figures with a placeholder while loading (the panel keeps its size)', () => {
    const loading = myDayFigures(null);
    expect(loading.map((figure) => figure.label)).toEqual(
      myDayFigures(figures()).map((figure) => figure.label),
    );
    expect(new Set(loading.map((figure) => figure.display))).toEqual(new Set(['…']));
  });
});
