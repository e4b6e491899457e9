import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ApplicationInitStatus } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { provideStore } from '@ngrx/store';

import { Role, UserView } from '@poscalls4u/contracts';
import { authInterceptor, provideAuth } from '@poscalls4u/web-auth';

import { App } from './app';
import { REFUSED_ROLE_MESSAGE, SUPERVISOR_CONSOLE_ROLES } from './app.config';
import { appRoutes } from './app.routes';

const TOKEN_KEY = 'poscalls4u.supervisor-console.access-token';

function aUser(role: Role): UserView {
  return {
    id: `u-${role}`,
    name: `Test ${role}`,
    email: `${role}@poscalls4u.test`,
    role,
    emailVerified: true,
    isActive: true,
    avatarUrl: null,
    createdAt: '2026-11-25T08:00:00.000Z',
    lastLoginAt: null,
  };
}

describe('supervisor console', () => {
  let http: HttpTestingController;

  /** Starts the console as a page load would: initializers first, then the first navigation. */
  async function start(storedToken: string | null = null) {
    // Before the first inject: that runs the initializers, which look for a stored token.
    if (storedToken !== null) {
      localStorage.setItem(TOKEN_KEY, storedToken);
    }
    http = TestBed.inject(HttpTestingController);
    await TestBed.inject(ApplicationInitStatus).donePromise;
    const fixture = TestBed.createComponent(App);
    TestBed.inject(Router).initialNavigation();
    return fixture;
  }

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideStore(),
        provideRouter(appRoutes),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideAuth({
          appName: 'Supervisor console',
          storageKey: 'supervisor-console',
          allowedRoles: SUPERVISOR_CONSOLE_ROLES,
          refusedRoleMessage: REFUSED_ROLE_MESSAGE,
        }),
      ],
    });
  });

  afterEach(() => http.verify());

  it('sends a signed-out person to the sign-in page', async () => {
    await (await start()).whenStable();
    expect(TestBed.inject(Router).url).toBe('/sign-in');
  });

  it('restores a stored admin session on start', async () => {
    const fixture = await start('jwt-admin');

    const request = http.expectOne('/api/auth/profile');
    expect(request.request.headers.get('Authorization')).toBe('Bearer jwt-admin');
    request.flush({ success: true, data: { user: aUser('admin') } });
    await fixture.whenStable();

    const element = fixture.nativeElement as HTMLElement;
    expect(TestBed.inject(Router).url).toBe('/');
    expect(element.querySelector('[data-testid="user-name"]')?.textContent).toBe('Test admin');
    expect(element.querySelector('[data-testid="user-role"]')?.textContent?.trim()).toBe('Admin');
  });

  it('returns to sign-in when the stored token is rejected', async () => {
    const fixture = await start('expired');

    http
      .expectOne('/api/auth/profile')
      .flush(
        { success: false, error: { code: 'UNAUTHORIZED', message: 'Token expired' } },
        { status: 401, statusText: 'Unauthorized' },
      );
    await fixture.whenStable();

    expect(TestBed.inject(Router).url).toBe('/sign-in');
    expect(localStorage.getItem(TOKEN_KEY)).toBeNull();
    expect(
      (fixture.nativeElement as HTMLElement).querySelector('[data-testid="auth-error"]')
        ?.textContent,
    ).toContain('Your session has ended.');
  });

  it('does not let a stored agent session in', async () => {
    const fixture = await start('jwt-agent');

    http.expectOne('/api/auth/profile').flush({ success: true, data: { user: aUser('agent') } });
    await fixture.whenStable();

    expect(TestBed.inject(Router).url).toBe('/sign-in');
    expect(
      (fixture.nativeElement as HTMLElement).querySelector('[data-testid="auth-error"]')
        ?.textContent,
    ).toContain(REFUSED_ROLE_MESSAGE);
  });
});
