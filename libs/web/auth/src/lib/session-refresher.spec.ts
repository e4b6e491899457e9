import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { MockStore, provideMockStore } from '@ngrx/store/testing';

import { aUser } from '../testing/fixtures';
import { REFRESH_URL } from './auth-api';
import {
  SESSION_SWITCHED_MESSAGE,
  SessionRefresher,
  refreshDelaySeconds,
} from './session-refresher';
import { AuthActions } from './state/auth.actions';
import { MemoryTokenStorage, TokenStorage } from './token-storage';

describe('refreshDelaySeconds', () => {
  it('refreshes a minute early for the usual 15 minutes, proportionally for short tokens', () => {
    expect(refreshDelaySeconds(900)).toBe(840);
    expect(refreshDelaySeconds(60)).toBe(48);
    expect(refreshDelaySeconds(2)).toBe(5);
  });
});

describe('SessionRefresher', () => {
  let refresher: SessionRefresher;
  let http: HttpTestingController;
  let storage: MemoryTokenStorage;
  let store: MockStore;

  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick', 'setImmediate'] });
    storage = new MemoryTokenStorage();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideMockStore(),
        { provide: TokenStorage, useValue: storage },
      ],
    });
    refresher = TestBed.inject(SessionRefresher);
    http = TestBed.inject(HttpTestingController);
    store = TestBed.inject(MockStore);
    jest.spyOn(store, 'dispatch');
  });

  afterEach(() => {
    http.verify();
    jest.clearAllTimers();
    jest.useRealTimers();
  });

  const session = (token: string) => ({
    success: true,
    data: { token, expiresIn: 900, sessionId: 's', user: aUser() },
  });

  it('shares one request between callers', () => {
    const tokens: string[] = [];
    refresher.refresh().subscribe((result) => tokens.push(result.token));
    refresher.refresh().subscribe((result) => tokens.push(result.token));
    http.expectOne(REFRESH_URL).flush(session('jwt-2'));
    expect(tokens).toEqual(['jwt-2', 'jwt-2']);

    // Once settled, the next call asks again.
    refresher.refresh().subscribe();
    http.expectOne(REFRESH_URL).flush(session('jwt-3'));
    expect(storage.read()).toBe('jwt-3');
  });

  it('ends the session when the silent refresh is refused', () => {
    refresher.start({ token: 'jwt-1', expiresIn: 900, sessionId: 's', user: aUser() });
    jest.advanceTimersByTime(840_000);
    http
      .expectOne(REFRESH_URL)
      .flush(
        { success: false, error: { code: 'UNAUTHORIZED', message: 'x' } },
        { status: 401, statusText: 'x' },
      );
    expect(store.dispatch).toHaveBeenCalledWith(AuthActions.sessionExpired());
  });

  it('tries again later when the server cannot be reached', () => {
    refresher.start({ token: 'jwt-1', expiresIn: 900, sessionId: 's', user: aUser() });
    jest.advanceTimersByTime(840_000);
    http.expectOne(REFRESH_URL).error(new ProgressEvent('error'), { status: 0 });
    expect(store.dispatch).not.toHaveBeenCalledWith(AuthActions.sessionExpired());
    jest.advanceTimersByTime(30_000);
    http.expectOne(REFRESH_URL).flush(session('jwt-2'));
    expect(storage.read()).toBe('jwt-2');
  });

  it('stop() forgets the token and cancels the timer', () => {
    refresher.start({ token: 'jwt-1', expiresIn: 900, sessionId: 's', user: aUser() });
    refresher.stop();
    expect(storage.read()).toBeNull();
    jest.advanceTimersByTime(900_000);
    http.expectNone(REFRESH_URL);
  });
});

describe('SessionRefresher with a signed-in person', () => {
  it('refuses a refresh that answers for someone else (the cookie is shared by all tabs)', () => {
    jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick', 'setImmediate'] });
    const storage = new MemoryTokenStorage();
    storage.write('jwt-agent1');
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideMockStore({
          initialState: {
            auth: { status: 'signed-in', user: aUser('agent'), error: null, mfa: null },
          },
        }),
        { provide: TokenStorage, useValue: storage },
      ],
    });
    const refresher = TestBed.inject(SessionRefresher);
    const http = TestBed.inject(HttpTestingController);
    const store = TestBed.inject(MockStore);
    jest.spyOn(store, 'dispatch');

    refresher.start({ token: 'jwt-agent1', expiresIn: 900, sessionId: 's', user: aUser('agent') });
    jest.advanceTimersByTime(840_000);
    http.expectOne(REFRESH_URL).flush({
      success: true,
      data: { token: 'jwt-admin', expiresIn: 900, sessionId: 's2', user: aUser('admin') },
    });

    expect(storage.read()).toBe('jwt-agent1');
    expect(store.dispatch).toHaveBeenCalledWith(
      AuthActions.signedOutEverywhere({ message: SESSION_SWITCHED_MESSAGE }),
    );
    http.verify();
    jest.clearAllTimers();
    jest.useRealTimers();
  });
});
