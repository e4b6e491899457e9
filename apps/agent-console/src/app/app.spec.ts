import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ApplicationInitStatus } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { provideStore } from '@ngrx/store';

import { UserView } from '@poscalls4u/contracts';
import { HAS_SESSION_HINT, authInterceptor, provideAuth } from '@poscalls4u/web-auth';
import { SOCKET_FACTORY } from '@poscalls4u/web-realtime';

import { App } from './app';
import { appRoutes } from './app.routes';

const supervisor: UserView = {
  id: 'u1',
  name: 'Sam Supervisor',
  email: 'supervisor1@poscalls4u.test',
  role: 'supervisor',
  emailVerified: true,
  mfaEnabled: false,
  isActive: true,
  avatarUrl: null,
  createdAt: '2026-11-25T08:00:00.000Z',
  lastLoginAt: null,
};

const PROVIDERS = {
  success: true,
  data: { google: false, facebook: false, passwordMinLength: 8, passwordRecommendedLength: 15 },
};

/** What the call screen asks for when it opens, answered with an empty day. */
const noItems = { items: [], total: 0, page: 1, pageSize: 100 };
const CALL_SCREEN_ANSWERS: Record<string, unknown> = {
  '/api/calls/current': { call: null },
  '/api/presence': noItems,
  '/api/presence/break-reasons': noItems,
  '/api/dispositions': noItems,
  '/api/teams': noItems,
  '/api/calls': { items: [], total: 0, page: 1, pageSize: 10 },
  // "My day": a supervisor signed in here sees no agent figures.
  '/api/stats/dashboard': { dashboard: { scope: 'teams', today: null } },
  // ("Me and my team" asks for its figures only when scrolled into view: not in jsdom.)
};

/** A socket that never connects: the shell test is about the pages, not the live events. */
const idleSocket = () => ({ on: jest.fn(), removeAllListeners: jest.fn(), disconnect: jest.fn() });

describe('agent console', () => {
  let http: HttpTestingController;

  /** Starts the console as a page load would: initializers (the refresh), then navigation. */
  async function start(refresh: { body: object; status: number }) {
    http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(App);
    http.expectOne('/api/auth/refresh').flush(refresh.body, {
      status: refresh.status,
      statusText: 'x',
    });
    await TestBed.inject(ApplicationInitStatus).donePromise;
    TestBed.inject(Router).initialNavigation();
    await fixture.whenStable();
    return fixture;
  }

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideStore(),
        provideRouter(appRoutes),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        { provide: SOCKET_FACTORY, useValue: idleSocket },
        provideAuth({
          appName: 'Agent console',
          consoleId: 'agent',
          storageKey: 'agent-console',
          allowSignUp: true,
        }),
        // A console session may be there: start-up tries the refresh.
        { provide: HAS_SESSION_HINT, useValue: () => true },
      ],
    });
  });

  afterEach(() => {
    // The bell (loaded on demand, so not always by now) lists the notifications: none here.
    for (const request of http.match((r) => r.url === '/api/notifications')) {
      if (!request.cancelled) {
        request.flush({
          success: true,
          data: { items: [], total: 0, page: 1, pageSize: 20, nextCursor: null, unreadCount: 0 },
        });
      }
    }
    // The Chat entry's unread badge (loaded on demand too) lists the rooms: none here.
    for (const request of http.match((r) => r.url === '/api/chat/rooms')) {
      if (!request.cancelled) {
        request.flush({ success: true, data: { items: [], total: 0, page: 1, pageSize: 100 } });
      }
    }
    http.verify();
  });

  it('sends a signed-out person to the sign-in page, which offers sign-up', async () => {
    const fixture = await start({
      body: { success: false, error: { code: 'UNAUTHORIZED', message: 'No session' } },
      status: 401,
    });
    http.expectOne('/api/auth/providers').flush(PROVIDERS);
    await fixture.whenStable();

    const element = fixture.nativeElement as HTMLElement;
    expect(TestBed.inject(Router).url).toBe('/sign-in');
    expect(element.querySelector('[data-testid="email"]')).not.toBeNull();
    expect(element.querySelector('[data-testid="auth-error"]')).toBeNull();
    expect(element.querySelector('[data-testid="sign-up-link"]')?.getAttribute('href')).toBe(
      '/sign-up',
    );
  });

  it('restores a session of any role from the refresh cookie, and signs out through the API', async () => {
    const fixture = await start({
      body: {
        success: true,
        data: { token: 'jwt-sup', expiresIn: 900, sessionId: 's1', user: supervisor },
      },
      status: 200,
    });
    // The home is the call screen, which loads the agent's day once drawn (a frame later, or
    // `afterNextPaint`'s 100 ms).
    await new Promise((resolve) => setTimeout(resolve, 150));
    for (const [url, data] of Object.entries(CALL_SCREEN_ANSWERS)) {
      http.expectOne((request) => request.url === url).flush({ success: true, data });
    }
    // The auth state loads the person's permissions after the session is restored (a second
    // load may replace the first).
    const permissions = { role: 'supervisor', global: [], teams: [] };
    for (const request of http.match('/api/auth/permissions')) {
      if (!request.cancelled) {
        request.flush({ success: true, data: { permissions } });
      }
    }
    // With the permissions read, the call screen reads the teams again (a new membership).
    for (const request of http.match((r) => r.url === '/api/teams')) {
      request.flush({ success: true, data: noItems });
    }
    await fixture.whenStable();

    const element = fixture.nativeElement as HTMLElement;
    expect(TestBed.inject(Router).url).toBe('/');
    expect(element.querySelector('[data-testid="user-name"]')?.textContent).toBe('Sam Supervisor');
    expect(element.querySelector('[data-testid="user-role"]')?.textContent?.trim()).toBe(
      'Supervisor',
    );
    expect(element.querySelector('[data-testid="nav-profile"]')).not.toBeNull();
    expect(element.querySelector('[data-testid="no-call"]')).not.toBeNull();

    element.querySelector<HTMLButtonElement>('[data-testid="sign-out"]')?.click();
    await fixture.whenStable();
    const logout = http.expectOne('/api/auth/logout');
    expect(logout.request.headers.get('Authorization')).toBe('Bearer jwt-sup');
    logout.flush({ success: true, data: {} });
    await fixture.whenStable();
    http.expectOne('/api/auth/providers').flush(PROVIDERS);
    await fixture.whenStable();

    expect(TestBed.inject(Router).url).toBe('/sign-in');
    expect(element.querySelector('[data-testid="sign-out"]')).toBeNull();
  });
});
