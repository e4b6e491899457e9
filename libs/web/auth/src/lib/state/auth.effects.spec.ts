import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { provideMockActions } from '@ngrx/effects/testing';
import { Action } from '@ngrx/store';
import { Observable, ReplaySubject, firstValueFrom } from 'rxjs';

import { aUser } from '../../testing/fixtures';
import { LOGIN_URL, PROFILE_URL } from '../auth-api';
import { AUTH_CONFIG, AuthConfig } from '../auth.config';
import { SIGN_IN_MESSAGES } from '../sign-in-error-message';
import { TokenStorage } from '../token-storage';
import { AuthActions } from './auth.actions';
import { navigateHomeAfterSignIn$, restoreSession$, signIn$, signOut$ } from './auth.effects';

class MemoryTokenStorage extends TokenStorage {
  token: string | null = null;
  read = () => this.token;
  write = (token: string) => {
    this.token = token;
  };
  clear = () => {
    this.token = null;
  };
}

const supervisorConsole: AuthConfig = {
  appName: 'Supervisor console',
  storageKey: 'supervisor-console',
  allowedRoles: ['supervisor', 'admin'],
  refusedRoleMessage: 'This console is for supervisors and admins. Use the agent console.',
};
const credentials = { email: 'someone@poscalls4u.test', password: 'poscalls4u-demo' };
const unauthorized = {
  success: false,
  error: { code: 'UNAUTHORIZED', message: 'Invalid credentials' },
};

describe('auth effects', () => {
  let actions$: ReplaySubject<Action>;
  let http: HttpTestingController;
  let storage: MemoryTokenStorage;
  let router: { navigateByUrl: jest.Mock };

  function run<T>(effect: () => Observable<T>): Promise<T> {
    return firstValueFrom(TestBed.runInInjectionContext(effect));
  }

  beforeEach(() => {
    actions$ = new ReplaySubject<Action>(1);
    storage = new MemoryTokenStorage();
    router = { navigateByUrl: jest.fn().mockResolvedValue(true) };
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideMockActions(() => actions$),
        { provide: AUTH_CONFIG, useValue: supervisorConsole },
        { provide: TokenStorage, useValue: storage },
        { provide: Router, useValue: router },
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  describe('signIn$', () => {
    it('stores the token and reports success for an allowed role', async () => {
      const user = aUser('supervisor');
      actions$.next(AuthActions.signIn({ credentials }));
      const result = run(signIn$);

      const request = http.expectOne(LOGIN_URL);
      expect(request.request.method).toBe('POST');
      expect(request.request.body).toEqual(credentials);
      request.flush({ success: true, data: { token: 'jwt-1', expiresIn: 900, user } });

      expect(await result).toEqual(AuthActions.signInSuccess({ user }));
      expect(storage.token).toBe('jwt-1');
    });

    it('refuses a role this console does not accept, without keeping the token', async () => {
      actions$.next(AuthActions.signIn({ credentials }));
      const result = run(signIn$);

      http
        .expectOne(LOGIN_URL)
        .flush({ success: true, data: { token: 'jwt-1', expiresIn: 900, user: aUser('agent') } });

      expect(await result).toEqual(
        AuthActions.signInFailure({ message: supervisorConsole.refusedRoleMessage ?? '' }),
      );
      expect(storage.token).toBeNull();
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

  describe('restoreSession$', () => {
    it('restores the signed-in user from the profile', async () => {
      const user = aUser('admin');
      actions$.next(AuthActions.restoreSession());
      const result = run(restoreSession$);

      http.expectOne(PROFILE_URL).flush({ success: true, data: { user } });

      expect(await result).toEqual(AuthActions.restoreSessionSuccess({ user }));
    });

    it('forgets a token the API rejects', async () => {
      storage.token = 'stale';
      actions$.next(AuthActions.restoreSession());
      const result = run(restoreSession$);

      http.expectOne(PROFILE_URL).flush(unauthorized, { status: 401, statusText: 'Unauthorized' });

      expect(await result).toEqual(
        AuthActions.restoreSessionFailure({ message: SIGN_IN_MESSAGES.sessionEnded }),
      );
      expect(storage.token).toBeNull();
    });

    it('forgets the session of a role this console does not accept', async () => {
      storage.token = 'agent-token';
      actions$.next(AuthActions.restoreSession());
      const result = run(restoreSession$);

      http.expectOne(PROFILE_URL).flush({ success: true, data: { user: aUser('agent') } });

      expect((await result).type).toBe(AuthActions.restoreSessionFailure.type);
      expect(storage.token).toBeNull();
    });
  });

  it('navigates home after signing in', async () => {
    actions$.next(AuthActions.signInSuccess({ user: aUser() }));
    await run(navigateHomeAfterSignIn$);
    expect(router.navigateByUrl).toHaveBeenCalledWith('/');
  });

  it.each([AuthActions.signOut(), AuthActions.sessionExpired()])(
    'clears the token and goes to sign-in on %o',
    async (action) => {
      storage.token = 'jwt-1';
      actions$.next(action);
      await run(signOut$);
      expect(storage.token).toBeNull();
      expect(router.navigateByUrl).toHaveBeenCalledWith('/sign-in');
    },
  );
});
