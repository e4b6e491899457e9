import { TestBed } from '@angular/core/testing';
import { provideMockActions } from '@ngrx/effects/testing';
import { Action, createActionGroup, props } from '@ngrx/store';
import { Observable, ReplaySubject, Subject, of, throwError } from 'rxjs';

import {
  AuthActions,
  MemoryTokenStorage,
  SessionRefresher,
  TokenStorage,
} from '@poscalls4u/web-auth';

import { RealtimeClient } from './realtime-client';
import { realtimeSessionEffects } from './realtime-session.effects';

const FeatureActions = createActionGroup({
  source: 'Feature Realtime',
  events: { 'Session Ended': props<{ reason: string }>() },
});

describe('realtimeSessionEffects', () => {
  let actions$: ReplaySubject<Action>;
  let realtime: {
    renew: jest.Mock;
    reconnect: jest.Mock;
    permissionsChanged$: Subject<{ teamId: string }>;
  };
  let refresher: { refresh: jest.Mock };
  const effects = realtimeSessionEffects(FeatureActions.sessionEnded);

  beforeEach(() => {
    actions$ = new ReplaySubject<Action>();
    realtime = { renew: jest.fn(), reconnect: jest.fn(), permissionsChanged$: new Subject() };
    refresher = { refresh: jest.fn() };
    TestBed.configureTestingModule({
      providers: [
        provideMockActions(() => actions$),
        { provide: RealtimeClient, useValue: realtime },
        { provide: SessionRefresher, useValue: refresher },
        { provide: TokenStorage, useClass: MemoryTokenStorage },
      ],
    });
  });

  const run = <T>(effect: (...args: never[]) => Observable<T>) =>
    TestBed.runInInjectionContext(() => effect());

  it('hands a refreshed token to the live connection', () => {
    TestBed.inject(TokenStorage).write('jwt-2');
    run(effects.renewRealtimeToken$).subscribe();
    actions$.next(AuthActions.sessionRefreshed({ user: {} as never }));
    expect(realtime.renew).toHaveBeenCalledWith('jwt-2');
  });

  it('reconnects after an expired token is refreshed, and signs out when that is refused', () => {
    refresher.refresh.mockReturnValue(of({ token: 'jwt-3' }));
    const seen: Action[] = [];
    run(effects.reconnectAfterTokenExpiry$).subscribe((action) => seen.push(action));

    actions$.next(FeatureActions.sessionEnded({ reason: 'token_expired' }));
    expect(realtime.reconnect).toHaveBeenCalledTimes(1);
    expect(seen).toEqual([]);

    // Revoked elsewhere: the feature shows it; no reconnect and no action from here.
    actions$.next(FeatureActions.sessionEnded({ reason: 'revoked' }));
    expect(realtime.reconnect).toHaveBeenCalledTimes(1);
    expect(seen).toEqual([]);

    refresher.refresh.mockReturnValue(throwError(() => new Error('refused')));
    actions$.next(FeatureActions.sessionEnded({ reason: 'token_expired' }));
    expect(seen).toEqual([AuthActions.sessionExpired()]);
  });

  it('reads the permissions again when the server says they changed', () => {
    const seen: Action[] = [];
    run(effects.reloadPermissions$).subscribe((action) => seen.push(action));
    realtime.permissionsChanged$.next({ teamId: 't1' });
    expect(seen).toEqual([AuthActions.loadPermissions()]);
  });
});
