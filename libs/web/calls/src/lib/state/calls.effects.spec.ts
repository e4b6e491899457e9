import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideMockActions } from '@ngrx/effects/testing';
import { Action } from '@ngrx/store';
import { MockStore, provideMockStore } from '@ngrx/store/testing';
import { Observable, ReplaySubject, Subject, firstValueFrom, take, toArray } from 'rxjs';

import { MAX_PAGE_SIZE } from '@poscalls4u/contracts';
import {
  AuthActions,
  MemoryTokenStorage,
  SessionRefresher,
  TokenStorage,
  selectUser,
} from '@poscalls4u/web-auth';
import { RealtimeClient, RealtimeMessage } from '@poscalls4u/web-realtime';

import { AGENT, aCall, aPresence } from '../../testing/fixtures';
import { CallsActions, CallsApiActions, RealtimeActions } from './calls.actions';
import {
  CALLS_CLOCK,
  actOnCall$,
  callsEffects,
  loadChoices$,
  loadCurrentCall$,
  loadHistory$,
  loadPresence$,
  loadTeams$,
  offerExpiry,
  realtime$,
  setNextStatus$,
  setStatus$,
} from './calls.effects';
import { initialCallsState } from './calls.reducer';
import { selectCurrent, selectHistoryQuery } from './calls.selectors';

const ok = (data: unknown) => ({ success: true, data });
/** A whole list in one page, as the API answers a list that fits. */
const list = (items: unknown[]) =>
  ok({ items, total: items.length, page: 1, pageSize: MAX_PAGE_SIZE });

describe('calls effects', () => {
  let actions$: ReplaySubject<Action>;
  let http: HttpTestingController;
  let store: MockStore;
  let messages: Subject<RealtimeMessage>;
  let realtime: { connect: jest.Mock; renew: jest.Mock; reconnect: jest.Mock };
  let refresher: { refresh: jest.Mock };

  beforeEach(() => {
    actions$ = new ReplaySubject<Action>();
    messages = new Subject<RealtimeMessage>();
    realtime = {
      connect: jest.fn(() => messages.asObservable()),
      renew: jest.fn(),
      reconnect: jest.fn(),
    };
    refresher = { refresh: jest.fn() };
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideMockActions(() => actions$),
        provideMockStore({
          initialState: { calls: initialCallsState },
          selectors: [
            { selector: selectUser, value: AGENT },
            { selector: selectCurrent, value: null },
            { selector: selectHistoryQuery, value: { page: 1, pageSize: 10 } },
          ],
        }),
        { provide: RealtimeClient, useValue: realtime },
        { provide: SessionRefresher, useValue: refresher },
        { provide: TokenStorage, useClass: MemoryTokenStorage },
        { provide: CALLS_CLOCK, useValue: () => 1_000 },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    store = TestBed.inject(MockStore);
  });

  afterEach(() => http.verify());

  const run = <T>(effect: (...args: never[]) => Observable<T>) =>
    TestBed.runInInjectionContext(() => effect());

  describe('realtime$', () => {
    it('connects once and keeps only what concerns this agent', async () => {
      const emitted = firstValueFrom(run(realtime$).pipe(take(4), toArray()));
      actions$.next(CallsActions.screenOpened());
      actions$.next(CallsActions.screenOpened());

      messages.next({ type: 'connected' });
      messages.next({
        type: 'call:offered',
        payload: {
          call: aCall(),
          timeoutSeconds: 15,
          callerHistory: { calls: [], total: 0, crmUrl: null },
        },
      });
      // A colleague's call and a colleague's status: not this agent's business.
      const colleague = { id: 'agent-2', name: 'Ben' };
      messages.next({
        type: 'call:updated',
        payload: { call: aCall({ id: 'c2', agent: colleague }), event: {} as never },
      });
      messages.next({
        type: 'agent:status',
        payload: { ...aPresence({ userId: 'agent-2' }), teamIds: ['team-1'] },
      });
      messages.next({
        type: 'agent:status',
        payload: { ...aPresence({ status: 'on_call' }), teamIds: ['team-1'] },
      });
      messages.next({ type: 'disconnected', reason: 'transport close' });

      expect(await emitted).toEqual([
        RealtimeActions.connected(),
        RealtimeActions.callOffered({
          call: aCall(),
          offerExpiresAt: 16_000,
          callerHistory: { calls: [], total: 0, crmUrl: null },
        }),
        RealtimeActions.statusChanged({ presence: aPresence({ status: 'on_call' }) }),
        RealtimeActions.disconnected({ reason: 'transport close' }),
      ]);
      expect(realtime.connect).toHaveBeenCalledTimes(1);
    });

    it('follows updates of the current call and disconnects on sign-out', () => {
      store.overrideSelector(selectCurrent, aCall());
      store.refreshState();
      const seen: Action[] = [];
      let closed = false;
      realtime.connect.mockReturnValue(
        new Observable<RealtimeMessage>((subscriber) => {
          messages.subscribe(subscriber);
          return () => (closed = true);
        }),
      );
      run(realtime$).subscribe((action) => seen.push(action));
      actions$.next(CallsActions.screenOpened());

      const takenBack = aCall({ state: 'queued', agent: null });
      messages.next({ type: 'call:updated', payload: { call: takenBack, event: {} as never } });
      expect(seen).toEqual([RealtimeActions.callUpdated({ call: takenBack })]);

      actions$.next(AuthActions.signOut());
      expect(closed).toBe(true);
    });

    it('tells the agent why their consult closed when the PBX reports it failed', () => {
      store.overrideSelector(selectCurrent, aCall({ state: 'on_hold' }));
      store.refreshState();
      const seen: Action[] = [];
      run(realtime$).subscribe((action) => seen.push(action));
      actions$.next(CallsActions.screenOpened());

      const resumed = aCall({ state: 'connected' });
      const event = { type: 'consult_failed', details: { reason: 'no_answer' } } as never;
      messages.next({ type: 'call:updated', payload: { call: resumed, event } });
      expect(seen).toEqual([
        RealtimeActions.callUpdated({ call: resumed }),
        RealtimeActions.consultFailed({ callId: resumed.id, reason: 'no_answer' }),
      ]);
    });
  });

  it('restores the current call with its deadline', async () => {
    const call = aCall();
    const result = firstValueFrom(run(loadCurrentCall$));
    actions$.next(RealtimeActions.connected());
    http.expectOne('/api/calls/current').flush(
      ok({
        call,
        callerHistory: { calls: [], total: 0, crmUrl: null },
        assist: { mode: 'whisper' },
      }),
    );
    expect(await result).toEqual(
      CallsApiActions.currentCallLoaded({
        call,
        offerExpiresAt: Date.parse('2026-11-25T09:00:20.000Z'),
        callerHistory: { calls: [], total: 0, crmUrl: null },
        assist: { mode: 'whisper' },
      }),
    );
  });

  it("picks the agent's own state out of the presence list", async () => {
    const result = firstValueFrom(run(loadPresence$));
    actions$.next(CallsActions.screenOpened());
    http
      .expectOne((request) => request.url === '/api/presence')
      .flush(list([aPresence({ userId: 'agent-2', name: 'Ben' }), aPresence()]));
    expect(await result).toEqual(CallsApiActions.presenceLoaded({ presence: aPresence() }));
  });

  it('loads the choices from their lists, leaving out the reasons an agent may not pick', async () => {
    const lunch = { code: 'lunch', label: 'Lunch', systemOnly: false, isActive: true };
    const missed = { code: 'missed', label: 'Missed', systemOnly: true, isActive: true };
    const sale = { code: 'sale', label: 'Sale', isSuccess: true, isActive: true };
    const results = firstValueFrom(run(loadChoices$).pipe(take(2), toArray()));
    actions$.next(CallsActions.screenOpened());
    const lists = { '/api/presence/break-reasons': [lunch, missed], '/api/dispositions': [sale] };
    for (const [url, items] of Object.entries(lists)) {
      http.expectOne((request) => request.url === url).flush(list(items));
    }
    expect(await results).toEqual([
      CallsApiActions.breakReasonsLoaded({ reasons: [lunch] }),
      CallsApiActions.dispositionsLoaded({ dispositions: [sale] }),
    ]);
  });

  it('loads the teams on opening and again when the permissions are read again', async () => {
    const team = {
      id: 'team-1',
      name: 'Support',
      description: null,
      maxMembers: null,
      memberCount: 3,
      serviceLevelTargetPercent: 80,
      serviceLevelThresholdSeconds: 20,
      createdAt: '2026-11-25T08:00:00.000Z',
      updatedAt: '2026-11-25T08:00:00.000Z',
      archivedAt: null,
      crmUrlTemplate: null,
    };
    const teams = firstValueFrom(run(loadTeams$).pipe(take(2), toArray()));
    actions$.next(CallsActions.screenOpened());
    http.expectOne((request) => request.url === '/api/teams').flush(list([]));
    actions$.next(
      AuthActions.permissionsLoaded({
        permissions: { role: 'agent', global: [], teams: [] },
      }),
    );
    http.expectOne((request) => request.url === '/api/teams').flush(list([team]));
    expect(await teams).toEqual([
      CallsApiActions.teamsLoaded({ teams: [] }),
      CallsApiActions.teamsLoaded({ teams: [team] }),
    ]);
  });

  it("loads the agent's own history, and again when a call finishes", async () => {
    const page = { items: [aCall({ state: 'completed' })], total: 1, page: 1, pageSize: 10 };
    const results = firstValueFrom(run(loadHistory$).pipe(take(2), toArray()));

    actions$.next(CallsActions.screenOpened());
    const first = http.expectOne((request) => request.url === '/api/calls');
    expect(first.request.params.get('agentId')).toBe(AGENT.id);
    expect(first.request.params.get('page')).toBe('1');
    expect(first.request.params.get('pageSize')).toBe('10');
    first.flush(ok(page));

    actions$.next(RealtimeActions.callUpdated({ call: aCall({ state: 'completed' }) }));
    http.expectOne((request) => request.url === '/api/calls').flush(ok(page));

    expect(await results).toEqual([
      CallsApiActions.historyLoaded({ page }),
      CallsApiActions.historyLoaded({ page }),
    ]);
  });

  it('sets the status and reports a refusal in words', async () => {
    const results = firstValueFrom(run(setStatus$).pipe(take(2), toArray()));
    actions$.next(CallsActions.setStatus({ request: { status: 'break', reason: 'lunch' } }));
    const put = http.expectOne('/api/presence/me');
    expect(put.request.method).toBe('PUT');
    expect(put.request.body).toEqual({ status: 'break', reason: 'lunch' });
    put.flush(ok({ presence: aPresence({ status: 'break' }) }));

    actions$.next(CallsActions.setStatus({ request: { status: 'available' } }));
    http
      .expectOne('/api/presence/me')
      .flush(
        { success: false, error: { code: 'INVALID_STATE', message: 'You are on a call.' } },
        { status: 409, statusText: 'Conflict' },
      );

    expect(await results).toEqual([
      CallsApiActions.statusSet({ presence: aPresence({ status: 'break' }) }),
      CallsApiActions.requestFailed({ message: 'You are on a call.' }),
    ]);
  });

  it('asks for a next status, and forgets it', async () => {
    const results = firstValueFrom(run(setNextStatus$).pipe(take(2), toArray()));
    const next = {
      status: 'break' as const,
      reason: { code: 'lunch', label: 'Lunch', systemOnly: false, isActive: true },
    };
    actions$.next(CallsActions.setNextStatus({ request: { status: 'break', reason: 'lunch' } }));
    const put = http.expectOne('/api/presence/me/next');
    expect(put.request.method).toBe('PUT');
    expect(put.request.body).toEqual({ status: 'break', reason: 'lunch' });
    put.flush(ok({ presence: aPresence({ status: 'on_call', next }) }));
    actions$.next(CallsActions.setNextStatus({ request: null }));
    const del = http.expectOne('/api/presence/me/next');
    expect(del.request.method).toBe('DELETE');
    del.flush(ok({ presence: aPresence({ status: 'on_call' }) }));
    expect(await results).toEqual([
      CallsApiActions.statusSet({ presence: aPresence({ status: 'on_call', next }) }),
      CallsApiActions.statusSet({ presence: aPresence({ status: 'on_call' }) }),
    ]);
  });

  it('posts agent actions, wrap-up and outbound calls to their endpoints', async () => {
    const results = firstValueFrom(run(actOnCall$).pipe(take(3), toArray()));

    actions$.next(CallsActions.actOnCall({ callId: 'call-1', action: 'answer' }));
    http.expectOne('/api/calls/call-1/answer').flush(ok({ call: aCall({ state: 'connected' }) }));

    actions$.next(
      CallsActions.wrapUp({ callId: 'call-1', request: { disposition: 'sale', notes: 'ok' } }),
    );
    const wrapUp = http.expectOne('/api/calls/call-1/wrap-up');
    expect(wrapUp.request.body).toEqual({ disposition: 'sale', notes: 'ok' });
    wrapUp.flush(ok({ call: aCall({ state: 'completed' }) }));

    actions$.next(
      CallsActions.startOutboundCall({ request: { teamId: 'team-1', to: '+15550123' } }),
    );
    const outbound = http.expectOne('/api/calls/outbound');
    expect(outbound.request.body).toEqual({ teamId: 'team-1', to: '+15550123' });
    outbound.flush(ok({ call: aCall({ id: 'c9', state: 'dialing', direction: 'outbound' }) }));

    expect(await results).toEqual([
      CallsApiActions.callActionSucceeded({ call: aCall({ state: 'connected' }) }),
      CallsApiActions.callActionSucceeded({ call: aCall({ state: 'completed' }) }),
      CallsApiActions.callActionSucceeded({
        call: aCall({ id: 'c9', state: 'dialing', direction: 'outbound' }),
      }),
    ]);
  });

  it('keeps the live connection across token renewals', () => {
    expect(Object.keys(callsEffects)).toEqual(
      expect.arrayContaining(['renewRealtimeToken$', 'reconnectAfterTokenExpiry$']),
    );
  });
});

describe('offerExpiry', () => {
  it('reads the deadline of a ringing call only', () => {
    expect(offerExpiry(aCall())).toBe(Date.parse('2026-11-25T09:00:20.000Z'));
    expect(offerExpiry(aCall({ state: 'connected' }))).toBeNull();
    expect(offerExpiry(null)).toBeNull();
  });
});
