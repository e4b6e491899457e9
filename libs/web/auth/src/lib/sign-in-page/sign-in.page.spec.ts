import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { provideStore } from '@ngrx/store';

import { aUser } from '../../testing/fixtures';
import {
  LOGIN_URL,
  LOGOUT_URL,
  MFA_VERIFY_URL,
  PERMISSIONS_URL,
  PROVIDERS_URL,
  REFRESH_URL,
} from '../auth-api';
import { HAS_SESSION_HINT } from '../auth.config';
import { authInterceptor } from '../auth.interceptor';
import { provideAuth } from '../provide-auth';
import { TokenStorage } from '../token-storage';
import { SignInPage } from './sign-in.page';

const REFUSED = 'This console is for supervisors and admins. Use the agent console.';

describe('SignInPage', () => {
  let fixture: ComponentFixture<SignInPage>;
  let http: HttpTestingController;
  let element: HTMLElement;

  const byTestId = (id: string) => element.querySelector<HTMLElement>(`[data-testid="${id}"]`);

  function type(id: string, value: string): void {
    const input = byTestId(id) as HTMLInputElement;
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  async function signIn(): Promise<void> {
    type('email', 'someone@poscalls4u.test');
    type('password', 'poscalls4u-demo');
    byTestId('sign-in')?.click();
    await fixture.whenStable();
  }

  async function answer(url: string, body: object | null, status = 200): Promise<void> {
    http.expectOne(url).flush(body, { status, statusText: 'x' });
    await fixture.whenStable();
  }

  const envelope = (code: string, message: string, extra: object = {}) => ({
    success: false,
    error: { code, message, ...extra },
  });
  const session = (role: 'agent' | 'supervisor', token: string) => ({
    success: true,
    data: { token, expiresIn: 900, sessionId: 's1', user: aUser(role) },
  });

  async function setUp(providers: { google: boolean; facebook: boolean }): Promise<void> {
    TestBed.configureTestingModule({
      providers: [
        provideStore(),
        provideRouter([{ path: 'sign-in', children: [] }]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideAuth({
          appName: 'Supervisor console',
          consoleId: 'supervisor',
          storageKey: 'supervisor-console',
          allowedRoles: ['supervisor', 'admin'],
          refusedRoleMessage: REFUSED,
        }),
        // A console session may be there: start-up tries the refresh.
        { provide: HAS_SESSION_HINT, useValue: () => true },
      ],
    });
    fixture = TestBed.createComponent(SignInPage);
    http = TestBed.inject(HttpTestingController);
    element = fixture.nativeElement as HTMLElement;
    // No refresh cookie: the start-up restore settles signed out, quietly.
    http
      .expectOne(REFRESH_URL)
      .flush(envelope('UNAUTHORIZED', 'No session'), { status: 401, statusText: 'x' });
    await fixture.whenStable();
    await answer(PROVIDERS_URL, {
      success: true,
      data: { ...providers, passwordMinLength: 8, passwordRecommendedLength: 15 },
    });
  }

  afterEach(() => http.verify());

  describe('with password sign-in only', () => {
    beforeEach(() => setUp({ google: false, facebook: false }));

    it.each<[string, object | null, number, string]>([
      [
        'wrong credentials',
        envelope('UNAUTHORIZED', 'Invalid credentials'),
        401,
        'Wrong email or password.',
      ],
      [
        'a server that is down',
        null,
        503,
        'Cannot reach the PosCalls4U server. Check your connection and try again.',
      ],
      [
        'an unverified email',
        envelope('EMAIL_NOT_VERIFIED', 'x'),
        403,
        'Verify your email address before signing in.',
      ],
      [
        'rate limiting',
        envelope('RATE_LIMITED', 'x'),
        429,
        'Too many attempts. Wait a moment and try again.',
      ],
      ['a locked account', envelope('ACCOUNT_LOCKED', 'x'), 423, 'This account is locked'],
      [
        'any other API error',
        envelope('VALIDATION_ERROR', 'email must be an email'),
        400,
        'email must be an email',
      ],
    ])('explains %s', async (_name, body, status, message) => {
      await signIn();
      await answer(LOGIN_URL, body, status);

      expect(byTestId('auth-error')?.textContent).toContain(message);
    });

    it('offers a new verification link after EMAIL_NOT_VERIFIED', async () => {
      await signIn();
      await answer(LOGIN_URL, envelope('EMAIL_NOT_VERIFIED', 'x'), 403);
      expect(byTestId('resend-verification-link')?.getAttribute('href')).toBe(
        '/check-email?email=someone@poscalls4u.test',
      );
    });

    it('moves the focus to the code field on the MFA step', async () => {
      await signIn();
      await answer(
        LOGIN_URL,
        envelope('MFA_REQUIRED', 'x', { mfa: { challengeToken: 'ch', expiresIn: 300 } }),
        401,
      );
      expect(document.activeElement).toBe(byTestId('mfa-code'));
    });

    it('shows no social buttons and no sign-up link when not offered', () => {
      expect(byTestId('sign-in-google')).toBeNull();
      expect(byTestId('sign-in-facebook')).toBeNull();
      expect(byTestId('sign-up-link')).toBeNull();
      expect(byTestId('forgot-password-link')).not.toBeNull();
    });

    it('refuses an agent, ends that session and keeps no token', async () => {
      await signIn();
      await answer(LOGIN_URL, session('agent', 'jwt-agent'));
      await answer(LOGOUT_URL, { success: true, data: {} });

      expect(byTestId('auth-error')?.textContent?.trim()).toBe(REFUSED);
      expect(TestBed.inject(TokenStorage).read()).toBeNull();
      expect(localStorage.length).toBe(0);
    });

    it('keeps the session of a supervisor in memory only', async () => {
      await signIn();
      await answer(LOGIN_URL, session('supervisor', 'jwt-sup'));
      await answer(PERMISSIONS_URL, {
        success: true,
        data: { permissions: { role: 'supervisor', global: [], teams: [] } },
      });

      expect(byTestId('auth-error')).toBeNull();
      expect(TestBed.inject(TokenStorage).read()).toBe('jwt-sup');
      expect(localStorage.length).toBe(0);
    });

    it('asks for a second factor, takes a recovery code, and can start over', async () => {
      await signIn();
      await answer(
        LOGIN_URL,
        envelope('MFA_REQUIRED', 'x', { mfa: { challengeToken: 'ch', expiresIn: 300 } }),
        401,
      );
      expect(byTestId('mfa-code')).not.toBeNull();
      expect(byTestId('email')).toBeNull();

      type('mfa-code', '000000');
      byTestId('mfa-submit')?.click();
      await fixture.whenStable();
      await answer(MFA_VERIFY_URL, envelope('UNAUTHORIZED', 'x'), 401);
      expect(byTestId('auth-error')?.textContent).toContain('That code is not right');

      byTestId('mfa-toggle-recovery')?.click();
      await fixture.whenStable();
      type('mfa-code', 'abcd-efgh-ijkl');
      byTestId('mfa-submit')?.click();
      await fixture.whenStable();
      const verify = http.expectOne(MFA_VERIFY_URL);
      expect(verify.request.body).toEqual({ challengeToken: 'ch', code: 'abcd-efgh-ijkl' });
      verify.flush(session('supervisor', 'jwt-mfa'));
      await fixture.whenStable();
      expect(TestBed.inject(TokenStorage).read()).toBe('jwt-mfa');
      // Once signed in, the console reads what the person may do.
      await answer(PERMISSIONS_URL, {
        success: true,
        data: { permissions: { role: 'supervisor', global: [], teams: [] } },
      });
    });

    it('goes back to email and password on "Start over"', async () => {
      await signIn();
      await answer(
        LOGIN_URL,
        envelope('MFA_REQUIRED', 'x', { mfa: { challengeToken: 'ch', expiresIn: 300 } }),
        401,
      );
      byTestId('mfa-cancel')?.click();
      await fixture.whenStable();
      expect(byTestId('email')).not.toBeNull();
    });
  });

  it('links the enabled social sign-ins to this console', async () => {
    await setUp({ google: true, facebook: false });
    expect(byTestId('sign-in-google')?.getAttribute('href')).toBe(
      '/api/auth/google?console=supervisor',
    );
    expect(byTestId('sign-in-facebook')).toBeNull();
  });
});
