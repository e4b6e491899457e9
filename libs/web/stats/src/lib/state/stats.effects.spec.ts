import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { MatSnackBar } from '@angular/material/snack-bar';
import { provideMockActions } from '@ngrx/effects/testing';
import { Action } from '@ngrx/store';
import { MockStore, provideMockStore } from '@ngrx/store/testing';
import { Observable, ReplaySubject, Subject, VirtualTimeScheduler } from 'rxjs';

import { MemoryTokenStorage, SessionRefresher, TokenStorage } from '@poscalls4u/web-auth';
import { RealtimeClient, RealtimeMessage } from '@poscalls4u/web-realtime';

import { aDashboard, aFigures, aLive, aTeam } from '../../testing/fixtures';
import { StatsActions, StatsApiActions, StatsRealtimeActions } from './stats.actions';
import {
  STATS_CLOCK,
  STATS_SCHEDULER,
  loadDashboard$,
  showNotification$,
  statsEffects,
  statsRealtime$,
} from './stats.effects';
import { initialStatsState } from './stats.reducer';
import { selectDashboard } from './stats.selectors';

const DASHBOARD_URL = '/api/stats/dashboard';

describe('stats effects', () => {
  let actions$: ReplaySubject<Action>;
  let http: HttpTestingController;
  let store: MockStore;
  let scheduler: VirtualTimeScheduler;
  let messages: Subject<RealtimeMessage>;
  let realtime: { connect: jest.Mock; renew: jest.Mock; reconnect: jest.Mock };
  let refresher: { refresh: jest.Mock };
  let snackBar: { open: jest.Mock };

  beforeEach(() => {
    actions$ = new ReplaySubject<Action>();
    scheduler = new VirtualTimeScheduler();
    messages = new Subject<RealtimeMessage>();
    realtime = {
      connect: jest.fn(() => messages.asObservable()),
      renew: jest.fn(),
      reconnect: jest.fn(),
    };
    refresher = { refresh: jest.fn() };
    snackBar = { open: jest.fn() };
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideMockActions(() => actions$),
        provideMockStore({
          initialState: { stats: initialStatsState },
          selectors: [
            {
              selector: selectDashboard,
              value: aDashboard({ teams: [aTeam(), aTeam({ teamId: 'team-2' })] }),
            },
          ],
        }),
        { provide: RealtimeClient, useValue: realtime },
        { provide: SessionRefresher, useValue: refresher },
        { provide: TokenStorage, useClass: MemoryTokenStorage },
        { provide: MatSnackBar, useValue: snackBar },
        { provide: STATS_CLOCK, useValue: () => 5_000 },
        { provide: STATS_SCHEDULER, useValue: scheduler },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    store = TestBed.inject(MockStore);
  });

  afterEach(() => http.verify());

  const run = <T>(effect: (...args: never[]) => Observable<T>) =>
    TestBed.runInInjectionContext(() => effect());

  it('maps the live events to actions until the dashboard closes', () => {
    const seen: Action[] = [];
    run(statsRealtime$).subscribe((action) => seen.push(action));
    actions$.next(StatsActions.dashboardOpened());
    const update = { scope: { kind: 'center' as const }, today: aFigures(), live: aLive(), at: '' };
    messages.next({ type: 'connected' });
    messages.next({ type: 'dashboard:update', payload: update });
    messages.next({ type: 'call:statistics', payload: {} as never });
    messages.next({ type: 'session:ended', payload: { reason: 'token_expired' } });
    actions$.next(StatsActions.dashboardClosed());
    messages.next({ type: 'connected' });

    expect(seen).toEqual([
      StatsRealtimeActions.connected(),
      StatsRealtimeActions.dashboardUpdated({ update }),
      StatsRealtimeActions.sessionEnded({ reason: 'token_expired' }),
    ]);
  });

  it('loads the dashboard on opening and after a reconnect', () => {
    const seen: Action[] = [];
    run(loadDashboard$).subscribe((action) => seen.push(action));
    actions$.next(StatsActions.dashboardOpened());
    http.expectOne(DASHBOARD_URL).flush({ success: true, data: { dashboard: aDashboard() } });
    actions$.next(StatsRealtimeActions.connected());
    http
      .expectOne(DASHBOARD_URL)
      .flush(
        { success: false, error: { code: 'FORBIDDEN', message: 'Not yours' } },
        { status: 403, statusText: 'Forbidden' },
      );

    expect(seen).toEqual([
      StatsApiActions.dashboardLoaded({ dashboard: aDashboard(), receivedAt: 5_000 }),
      StatsApiActions.dashboardFailed({ message: 'Not yours' }),
    ]);
  });

  it('refetches after live changes at most once per second, the last change always followed', () => {
    run(loadDashboard$).subscribe();
    const call = {} as never;
    actions$.next(StatsRealtimeActions.callChanged({ call }));
    http.expectOne(DASHBOARD_URL).flush({ success: true, data: { dashboard: aDashboard() } });
    for (let i = 0; i < 10; i += 1) actions$.next(StatsRealtimeActions.callChanged({ call }));
    http.expectNone(DASHBOARD_URL);
    scheduler.flush();
    http.expectOne(DASHBOARD_URL).flush({ success: true, data: { dashboard: aDashboard() } });
  });

  it("re-reads the server's alerts when a notification announces a new one", () => {
    run(loadDashboard$).subscribe();
    actions$.next(
      StatsRealtimeActions.notificationReceived({
        notification: { id: 'long_wait:t1:c1', level: 'warning', title: 't', message: 'm', at: '' },
      }),
    );
    http.expectOne(DASHBOARD_URL).flush({ success: true, data: { dashboard: aDashboard() } });
  });

  it('does not refetch for figures the update carries, but does for a sum of several teams', () => {
    run(loadDashboard$).subscribe();
    const teamUpdate = {
      scope: { kind: 'team' as const, teamId: 'team-2' },
      today: aFigures(),
      live: aLive(),
      at: '',
    };
    store.overrideSelector(selectDashboard, aDashboard());
    store.refreshState();
    actions$.next(
      StatsRealtimeActions.dashboardUpdated({
        update: { ...teamUpdate, scope: { kind: 'team', teamId: 'team-1' } },
      }),
    );
    http.expectNone(DASHBOARD_URL);
    store.overrideSelector(
      selectDashboard,
      aDashboard({ teams: [aTeam(), aTeam({ teamId: 'team-2' })] }),
    );
    store.refreshState();
    actions$.next(StatsRealtimeActions.dashboardUpdated({ update: teamUpdate }));
    http.expectOne(DASHBOARD_URL).flush({ success: true, data: { dashboard: aDashboard() } });
  });

  it('shows a notification as a snackbar', () => {
    run(showNotification$).subscribe();
    actions$.next(
      StatsRealtimeActions.notificationReceived({
        notification: {
          id: 'n',
          level: 'critical',
          title: 'Service level',
          message: 'Below 80 %',
          at: '',
        },
      }),
    );
    expect(snackBar.open).toHaveBeenCalledWith(
      'Service level: Below 80 %',
      'Dismiss',
      expect.objectContaining({ politeness: 'assertive' }),
    );
  });

  it('keeps the live connection across token renewals', () => {
    expect(Object.keys(statsEffects)).toEqual(
      expect.arrayContaining(['renewRealtimeToken$', 'reconnectAfterTokenExpiry$']),
    );
  });
});
