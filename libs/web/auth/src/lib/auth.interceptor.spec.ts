import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { MockStore, provideMockStore } from '@ngrx/store/testing';

import { SessionResult } from '@poscalls4u/contracts';

import { aUser } from '../testing/fixtures';
import { LOGIN_URL, LOGOUT_URL, PROFILE_URL, REFRESH_URL, SESSIONS_URL } from './auth-api';
import { authInterceptor } from './auth.interceptor';
import { AuthActions } from './state/auth.actions';
import { MemoryTokenStorage, TokenStorage } from './token-storage';

const USERS_URL = '/api/users';
const refreshed = (token: string): { success: true; data: SessionResult } => ({
  success: true,
  data: { token, expiresIn: 900, sessionId: 's1', user: aUser() },
});
const unauthorized = { status: 401, statusText: 'Unauthorized' };

describe('authInterceptor', () => {
  let http: HttpClient;
  let controller: HttpTestingController;
  let store: MockStore;
  let storage: MemoryTokenStorage;

  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick', 'setImmediate'] });
    storage = new MemoryTokenStorage();
    storage.write('jwt-1');
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideMockStore(),
        { provide: TokenStorage, useValue: storage },
      ],
    });
    http = TestBed.inject(HttpClient);
    controller = TestBed.inject(HttpTestingController);
    store = TestBed.inject(MockStore);
    jest.spyOn(store, 'dispatch');
  });

  afterEach(() => {
    controller.verify();
    jest.clearAllTimers();
    jest.useRealTimers();
  });

  it('adds the in-memory bearer token to same-origin API requests', () => {
    http.get(USERS_URL).subscribe();
    const request = controller.expectOne(USERS_URL).request;
    expect(request.headers.get('Authorization')).toBe('Bearer jwt-1');
    expect(request.headers.has('X-PosCalls-Client')).toBe(false);
  });

  it('marks auth calls as coming from a console, with cookies', () => {
    http.get(PROFILE_URL).subscribe();
    http.post(REFRESH_URL, {}).subscribe();
    const profile = controller.expectOne(PROFILE_URL).request;
    expect(profile.headers.get('X-PosCalls-Client')).toBe('console');
    expect(profile.withCredentials).toBe(true);
    const refresh = controller.expectOne(REFRESH_URL).request;
    expect(refresh.headers.get('X-PosCalls-Client')).toBe('console');
    expect(refresh.withCredentials).toBe(true);
    expect(refresh.headers.has('Authorization')).toBe(false);
  });

  it('signs logout with the session it ends, unless the caller signed it', () => {
    http.post(LOGOUT_URL, {}).subscribe();
    expect(controller.expectOne(LOGOUT_URL).request.headers.get('Authorization')).toBe(
      'Bearer jwt-1',
    );
    http.post(LOGOUT_URL, {}, { headers: { Authorization: 'Bearer other' } }).subscribe();
    expect(controller.expectOne(LOGOUT_URL).request.headers.get('Authorization')).toBe(
      'Bearer other',
    );
  });

  it('adds no token to other origins, other paths, or when signed out', () => {
    http.get('https://elsewhere.example.com/api/auth/profile').subscribe();
    http.get('/agent/favicon.svg').subscribe();
    const foreign = controller.expectOne('https://elsewhere.example.com/api/auth/profile').request;
    expect(foreign.headers.has('Authorization')).toBe(false);
    expect(foreign.headers.has('X-PosCalls-Client')).toBe(false);
    expect(controller.expectOne('/agent/favicon.svg').request.headers.has('Authorization')).toBe(
      false,
    );

    storage.clear();
    http.get(PROFILE_URL).subscribe();
    expect(controller.expectOne(PROFILE_URL).request.headers.has('Authorization')).toBe(false);
  });

  it('sends a user the API requires to set up MFA to its set-up, and still fails the call', () => {
    let failed: unknown;
    http.get(USERS_URL).subscribe({ error: (error: unknown) => (failed = error) });
    controller.expectOne(USERS_URL).flush(
      {
        success: false,
        error: {
          code: 'MFA_SETUP_REQUIRED',
          message: 'Set up two-factor authentication to continue.',
        },
      },
      { status: 403, statusText: 'Forbidden' },
    );
    expect(store.dispatch).toHaveBeenCalledWith(AuthActions.mfaSetupRequired());
    expect(failed).toBeDefined();

    // A plain 403 is the page's to report.
    (store.dispatch as jest.Mock).mockClear();
    http.get(USERS_URL).subscribe({ error: () => undefined });
    controller
      .expectOne(USERS_URL)
      .flush(
        { success: false, error: { code: 'FORBIDDEN', message: 'No.' } },
        { status: 403, statusText: 'Forbidden' },
      );
    expect(store.dispatch).not.toHaveBeenCalled();
  });

  it('refreshes once on a 401 and retries with the new token', () => {
    let body: unknown;
    http.get(USERS_URL).subscribe((result) => (body = result));
    controller.expectOne(USERS_URL).flush(null, unauthorized);

    const refresh = controller.expectOne(REFRESH_URL);
    expect(refresh.request.method).toBe('POST');
    refresh.flush(refreshed('jwt-2'));

    const retry = controller.expectOne(USERS_URL);
    expect(retry.request.headers.get('Authorization')).toBe('Bearer jwt-2');
    retry.flush({ success: true, data: 'ok' });

    expect(body).toEqual({ success: true, data: 'ok' });
    expect(storage.read()).toBe('jwt-2');
    expect(store.dispatch).toHaveBeenCalledWith(AuthActions.sessionRefreshed({ user: aUser() }));
  });

  it('shares one refresh between concurrent 401s', () => {
    const results: unknown[] = [];
    http.get(USERS_URL).subscribe((result) => results.push(result));
    http.get(SESSIONS_URL).subscribe((result) => results.push(result));
    controller.expectOne(USERS_URL).flush(null, unauthorized);
    controller.expectOne(SESSIONS_URL).flush(null, unauthorized);

    controller.expectOne(REFRESH_URL).flush(refreshed('jwt-2'));

    const retries = controller.match(
      (request) => request.headers.get('Authorization') === 'Bearer jwt-2',
    );
    expect(retries.map((request) => request.request.url).sort()).toEqual(
      [SESSIONS_URL, USERS_URL].sort(),
    );
    retries.forEach((request) => request.flush('ok'));
    expect(results).toEqual(['ok', 'ok']);
  });

  it('retries without refreshing when another request already renewed the token', () => {
    http.get(USERS_URL).subscribe();
    const first = controller.expectOne(USERS_URL);
    storage.write('jwt-2');
    first.flush(null, unauthorized);

    controller.expectNone(REFRESH_URL);
    expect(controller.expectOne(USERS_URL).request.headers.get('Authorization')).toBe(
      'Bearer jwt-2',
    );
  });

  it('ends the session when the refresh is refused', () => {
    let failed = false;
    http.get(USERS_URL).subscribe({ error: () => (failed = true) });
    controller.expectOne(USERS_URL).flush(null, unauthorized);
    controller.expectOne(REFRESH_URL).flush(null, unauthorized);

    expect(failed).toBe(true);
    expect(store.dispatch).toHaveBeenCalledWith(AuthActions.sessionExpired());
  });

  it('keeps the session when the refresh cannot reach the server', () => {
    let failed = false;
    http.get(USERS_URL).subscribe({ error: () => (failed = true) });
    controller.expectOne(USERS_URL).flush(null, unauthorized);
    controller.expectOne(REFRESH_URL).error(new ProgressEvent('error'), { status: 0 });

    expect(failed).toBe(true);
    expect(store.dispatch).not.toHaveBeenCalledWith(AuthActions.sessionExpired());
  });

  it('hands a second 401 after a good refresh to the caller (a wrong password, say)', () => {
    let status = 0;
    http.post('/api/auth/change-password', {}).subscribe({
      error: (error: { status: number }) => (status = error.status),
    });
    controller.expectOne('/api/auth/change-password').flush(null, unauthorized);
    controller.expectOne(REFRESH_URL).flush(refreshed('jwt-2'));
    controller.expectOne('/api/auth/change-password').flush(null, unauthorized);

    expect(status).toBe(401);
    expect(store.dispatch).not.toHaveBeenCalledWith(AuthActions.sessionExpired());
  });

  it('leaves a 401 from the login call to the sign-in flow', () => {
    http.post(LOGIN_URL, {}).subscribe({ error: () => undefined });
    const request = controller.expectOne(LOGIN_URL);
    expect(request.request.headers.has('Authorization')).toBe(false);
    request.flush(null, unauthorized);

    controller.expectNone(REFRESH_URL);
    expect(store.dispatch).not.toHaveBeenCalled();
  });

  it('does not refresh on other errors', () => {
    http.get(USERS_URL).subscribe({ error: () => undefined });
    controller.expectOne(USERS_URL).flush(null, { status: 403, statusText: 'Forbidden' });
    controller.expectNone(REFRESH_URL);
    expect(store.dispatch).not.toHaveBeenCalled();
  });
});
