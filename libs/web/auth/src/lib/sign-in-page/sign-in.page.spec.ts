import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { provideStore } from '@ngrx/store';

import { aUser } from '../../testing/fixtures';
import { LOGIN_URL } from '../auth-api';
import { authInterceptor } from '../auth.interceptor';
import { provideAuth } from '../provide-auth';
import { SignInPage } from './sign-in.page';

const REFUSED = 'This console is for supervisors and admins. Use the agent console.';

describe('SignInPage', () => {
  let fixture: ComponentFixture<SignInPage>;
  let http: HttpTestingController;
  let element: HTMLElement;

  const byTestId = (id: string) => element.querySelector<HTMLElement>(`[data-testid="${id}"]`);

  async function signIn(): Promise<void> {
    for (const [id, value] of [
      ['email', 'someone@poscalls4u.test'],
      ['password', 'poscalls4u-demo'],
    ]) {
      const input = byTestId(id) as HTMLInputElement;
      input.value = value;
      input.dispatchEvent(new Event('input'));
    }
    byTestId('sign-in')?.click();
    await fixture.whenStable();
  }

  async function answer(body: object | null, status = 200): Promise<void> {
    http.expectOne(LOGIN_URL).flush(body, { status, statusText: 'x' });
    await fixture.whenStable();
  }

  const envelope = (code: string, message: string) => ({
    success: false,
    error: { code, message },
  });

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideStore(),
        provideRouter([]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideAuth({
          appName: 'Supervisor console',
          storageKey: 'supervisor-console',
          allowedRoles: ['supervisor', 'admin'],
          refusedRoleMessage: REFUSED,
        }),
      ],
    });
    fixture = TestBed.createComponent(SignInPage);
    http = TestBed.inject(HttpTestingController);
    element = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

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
    await answer(body, status);

    expect(byTestId('auth-error')?.textContent).toContain(message);
  });

  it('refuses an agent, without keeping a session', async () => {
    await signIn();
    await answer({
      success: true,
      data: { token: 'jwt-agent', expiresIn: 900, user: aUser('agent') },
    });

    expect(byTestId('auth-error')?.textContent?.trim()).toBe(REFUSED);
    expect(localStorage.getItem('poscalls4u.supervisor-console.access-token')).toBeNull();
  });

  it('keeps the session of a supervisor', async () => {
    await signIn();
    await answer({
      success: true,
      data: { token: 'jwt-sup', expiresIn: 900, user: aUser('supervisor') },
    });

    expect(byTestId('auth-error')).toBeNull();
    expect(localStorage.getItem('poscalls4u.supervisor-console.access-token')).toBe('jwt-sup');
  });
});
