import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { provideMockActions } from '@ngrx/effects/testing';
import { Action } from '@ngrx/store';
import { MockStore, provideMockStore } from '@ngrx/store/testing';
import { Observable, ReplaySubject, firstValueFrom } from 'rxjs';

import { SessionResult } from '@poscalls4u/contracts';

import { aUser } from '../../testing/fixtures';
import {
  LOGIN_URL,
  LOGOUT_URL,
  MFA_VERIFY_URL,
  OAUTH_EXCHANGE_URL,
  REFRESH_URL,
} from '../auth-api';
import { AUTH_CONFIG, AuthConfig, HAS_SESSION_HINT } from '../auth.config';
import { SIGN_IN_MESSAGES } from '../sign-in-error-message';
import { MemoryTokenStorage, TokenStorage } from '../token-storage';
import { AuthActions } from './auth.actions';
import {
  exchangeOAuthCode$,
  navigateHomeAfterSignIn$,
  navigateToMfaSetup$,
  navigateToMfaStep$,
  restoreSession$,
  sessionEnded$,
  signIn$,
  signOut$,
  verifyMfa$,
} from './auth.effects';
import { initialAuthState } from './auth.reducer';

const supervisorConsole: AuthConfig = {
  appName: 'Supervisor console',
  consoleId: 'supervisor',
  storageKey: 'supervisor-console',
  allowedRoles: ['supervisor', 'admin'],
  refusedRoleMessage: 'This console is for supervisors and admins. Use the agent console.',
};
const credentials = { email: 'someone@poscalls4u.test', password: 'poscalls4u-demo' };
const unauthorized = {
  success: false,
  error: { code: 'UNAUTHORIZED', message: 'Invalid credentials' },
};
const session = (role: 'agent' | 'supervisor' | 'admin', token = 'jwt-1'): SessionResult => ({
  token,
  expiresIn: 900,
  sessionId: 's1',
  user: aUser(role),
});
const ok = (data: unknown) => ({ success: true, data });

describe('auth effects', () => {
  let actions$: ReplaySubject<Action>;
  let http: HttpTestingController;
  let storage: MemoryTokenStorage;
  let router: { navigateByUrl: jest.Mock; url: string };
  let store: MockStore;
  /** Whether the session hint cookie is there (a console signed in from this browser). */
  let sessionHint: boolean;

  function run<T>(effect: () => Observable<T>): Promise<T> {
    return firstValueFrom(TestBed.runInInjectionContext(effect));
  }

  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick', 'setImmediate'] });
    actions$ = new ReplaySubject<Action>(1);
    sessionHint = true;
    storage = new MemoryTokenStorage();
    router = { navigateByUrl: jest.fn().mockResolvedValue(true), url: '/' };
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideMockActions(() => actions$),
        provideMockStore({ initialState: { auth: initialAuthState } }),
        { provide: AUTH_CONFIG, useValue: supervisorConsole },
        { provide: HAS_SESSION_HINT, useValue: () => sessionHint },
        { provide: TokenStorage, useValue: storage },
        { provide: Router, useValue: router },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    store = TestBed.inject(MockStore);
  });

  afterEach(() => {
    http.verify();
    jest.clearAllTimers();
    jest.useRealTimers();
  });

  describe('signIn$', () => {
    it('keeps the token in memory and reports success for an allowed role', async () => {
      actions$.next(AuthActions.signIn({ credentials }));
      const result = run(signIn$);

      const request = http.expectOne(LOGIN_URL);
      expect(request.request.method).toBe('POST');
      expect(request.request.body).toEqual(credentials);
      request.flush(ok(session('supervisor')));

      expect(await result).toEqual(AuthActions.signInSuccess({ user: aUser('supervisor') }));
      expect(storage.read()).toBe('jwt-1');
    });

    it('schedules a silent refresh shortly before the token expires', async () => {
      actions$.next(AuthActions.signIn({ credentials }));
      const result = run(signIn$);
      http.expectOne(LOGIN_URL).flush(ok(session('admin')));
      await result;

      jest.advanceTimersByTime(839_000);
      http.expectNone(REFRESH_URL);
      jest.advanceTimersByTime(1_000);
      http.expectOne(REFRESH_URL).flush(ok(session('admin', 'jwt-2')));
      expect(storage.read()).toBe('jwt-2');
    });

    it('refuses a role this console does not accept and ends that new session', async () => {
      actions$.next(AuthActions.signIn({ credentials }));
      const result = run(signIn$);

      http.expectOne(LOGIN_URL).flush(ok(session('agent', 'jwt-agent')));
      const logout = http.expectOne(LOGOUT_URL);
      expect(logout.request.headers.get('Authorization')).toBe('Bearer jwt-agent');
      logout.flush(ok({}));

      expect(await result).toEqual(
        AuthActions.signInFailure({ message: supervisorConsole.refusedRoleMessage ?? '' }),
      );
      expect(storage.read()).toBeNull();
    });

    it('refuses the role even when the logout fails', async () => {
      actions$.next(AuthActions.signIn({ credentials }));
      const result = run(signIn$);
      http.expectOne(LOGIN_URL).flush(ok(session('agent')));
      http.expectOne(LOGOUT_URL).flush(null, { status: 500, statusText: 'x' });
      expect((await result).type).toBe(AuthActions.signInFailure.type);
    });

    it('asks for the second factor when the API says MFA_REQUIRED', async () => {
      actions$.next(AuthActions.signIn({ credentials }));
      const result = run(signIn$);
      const challenge = { challengeToken: 'challenge-1', expiresIn: 300 };
      http
        .expectOne(LOGIN_URL)
        .flush(
          { success: false, error: { code: 'MFA_REQUIRED', message: 'x', mfa: challenge } },
          { status: 401, statusText: 'Unauthorized' },
        );
      expect(await result).toEqual(AuthActions.mfaRequired({ challenge }));
    });

    it('explains wrong credentials', async () => {
      actions$.next(AuthActions.signIn({ credentials }));
      const result = run(signIn$);
      http.expectOne(LOGIN_URL).flush(unauthorized, { status: 401, statusText: 'Unauthorized' });
      expect(await result).toEqual(
        AuthActions.signInFailure({ message: 'Wrong email or password.' }),
      );
    });

    it('explains an unreachable server', async () => {
      actions$.next(AuthActions.signIn({ credentials }));
      const result = run(signIn$);
      http
        .expectOne(LOGIN_URL)
        .error(new ProgressEvent('error'), { status: 0, statusText: 'Unknown Error' });
      expect(await result).toEqual(
        AuthActions.signInFailure({ message: SIGN_IN_MESSAGES.unreachable }),
      );
    });
  });

  describe('verifyMfa$', () => {
    const challenge = { challengeToken: 'challenge-1', expiresIn: 300 };

    beforeEach(() => {
      store.setState({
        auth: { status: 'mfa-required', user: null, error: null, mfa: challenge },
      });
    });

    it('completes the sign-in with the challenge and the code', async () => {
      actions$.next(AuthActions.verifyMfa({ code: '123456' }));
      const result = run(verifyMfa$);
      const request = http.expectOne(MFA_VERIFY_URL);
      expect(request.request.body).toEqual({ challengeToken: 'challenge-1', code: '123456' });
      request.flush(ok(session('admin', 'jwt-mfa')));

      expect(await result).toEqual(AuthActions.signInSuccess({ user: aUser('admin') }));
      expect(storage.read()).toBe('jwt-mfa');
    });

    it('explains a wrong code', async () => {
      actions$.next(AuthActions.verifyMfa({ code: '000000' }));
      const result = run(verifyMfa$);
      http.expectOne(MFA_VERIFY_URL).flush(unauthorized, { status: 401, statusText: 'x' });
      expect(await result).toEqual(
        AuthActions.verifyMfaFailure({ message: SIGN_IN_MESSAGES.wrongMfaCode }),
      );
    });
  });

  it('exchangeOAuthCode$ trades the one-time code for a session', async () => {
    actions$.next(AuthActions.exchangeOAuthCode({ code: 'one-time' }));
    const result = run(exchangeOAuthCode$);
    const request = http.expectOne(OAUTH_EXCHANGE_URL);
    expect(request.request.body).toEqual({ code: 'one-time' });
    request.flush(ok(session('supervisor', 'jwt-oauth')));
    expect(await result).toEqual(AuthActions.signInSuccess({ user: aUser('supervisor') }));
    expect(storage.read()).toBe('jwt-oauth');
  });

  describe('restoreSession$', () => {
    it('asks nothing of the API when no session hint is there (no failed request on a visit)', async () => {
      sessionHint = false;
      actions$.next(AuthActions.restoreSession());
      expect(await run(restoreSession$)).toEqual(
        AuthActions.restoreSessionFailure({ message: null }),
      );
      http.expectNone(REFRESH_URL);
    });

    it('restores the session from the refresh cookie', async () => {
      actions$.next(AuthActions.restoreSession());
      const result = run(restoreSession$);

      const request = http.expectOne(REFRESH_URL);
      expect(request.request.method).toBe('POST');
      request.flush(ok(session('admin', 'jwt-restored')));

      expect(await result).toEqual(AuthActions.restoreSessionSuccess({ user: aUser('admin') }));
      expect(storage.read()).toBe('jwt-restored');
    });

    it('settles signed out, without a message, when there is no session', async () => {
      actions$.next(AuthActions.restoreSession());
      const result = run(restoreSession$);
      http.expectOne(REFRESH_URL).flush(unauthorized, { status: 401, statusText: 'Unauthorized' });
      expect(await result).toEqual(AuthActions.restoreSessionFailure({ message: null }));
      expect(storage.read()).toBeNull();
    });

    it('says when the server cannot be reached', async () => {
      actions$.next(AuthActions.restoreSession());
      const result = run(restoreSession$);
      http.expectOne(REFRESH_URL).error(new ProgressEvent('error'), { status: 0 });
      expect(await result).toEqual(
        AuthActions.restoreSessionFailure({ message: SIGN_IN_MESSAGES.unreachable }),
      );
    });

    it('does not adopt the session of a role this console does not accept', async () => {
      actions$.next(AuthActions.restoreSession());
      const result = run(restoreSession$);
      http.expectOne(REFRESH_URL).flush(ok(session('agent')));

      expect(await result).toEqual(
        AuthActions.restoreSessionFailure({ message: supervisorConsole.refusedRoleMessage ?? '' }),
      );
      expect(storage.read()).toBeNull();
    });
  });

  it('navigates home after signing in', async () => {
    actions$.next(AuthActions.signInSuccess({ user: aUser() }));
    await run(navigateHomeAfterSignIn$);
    expect(router.navigateByUrl).toHaveBeenCalledWith('/');
  });

  it('brings an MFA step asked for elsewhere (an OAuth callback) to the sign-in page', async () => {
    router.url = '/auth/callback?code=x';
    actions$.next(AuthActions.mfaRequired({ challenge: { challengeToken: 'c', expiresIn: 1 } }));
    await run(navigateToMfaStep$);
    expect(router.navigateByUrl).toHaveBeenCalledWith('/sign-in');
  });

  it('takes a user who must set up MFA from any page to its set-up on the profile', async () => {
    router.url = '/reports?from=2026-12-01';
    actions$.next(AuthActions.mfaSetupRequired());
    await run(navigateToMfaSetup$);
    expect(router.navigateByUrl).toHaveBeenCalledWith('/profile?mfa=required');
  });

  it('signOut$ ends the session on the API, then forgets the token', async () => {
    storage.write('jwt-1');
    actions$.next(AuthActions.signOut());
    const done = run(signOut$);

    const logout = http.expectOne(LOGOUT_URL);
    expect(storage.read()).toBe('jwt-1');
    logout.flush(ok({}));
    await done;

    expect(storage.read()).toBeNull();
    expect(router.navigateByUrl).toHaveBeenCalledWith('/sign-in');
  });

  it('signOut$ signs out locally even when the API fails', async () => {
    storage.write('jwt-1');
    actions$.next(AuthActions.signOut());
    const done = run(signOut$);
    http.expectOne(LOGOUT_URL).error(new ProgressEvent('error'), { status: 0 });
    await done;
    expect(storage.read()).toBeNull();
  });

  it.each([
    AuthActions.sessionExpired(),
    AuthActions.signedOutEverywhere({ message: 'Everywhere.' }),
  ])('forgets the token and goes to sign-in on %o', async (action) => {
    storage.write('jwt-1');
    actions$.next(action);
    await run(sessionEnded$);
    expect(storage.read()).toBeNull();
    expect(router.navigateByUrl).toHaveBeenCalledWith('/sign-in');
  });
});
