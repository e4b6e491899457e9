import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ApplicationInitStatus } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { provideStore } from '@ngrx/store';

import { Role, UserView, effectivePermissions } from '@poscalls4u/contracts';
import { HAS_SESSION_HINT, TokenStorage, authInterceptor, provideAuth } from '@poscalls4u/web-auth';
import { SOCKET_FACTORY } from '@poscalls4u/web-realtime';

import { App } from './app';
import { REFUSED_ROLE_MESSAGE, SUPERVISOR_CONSOLE_ROLES } from './app.config';
import { appRoutes } from './app.routes';

function aUser(role: Role): UserView {
  return {
    id: `u-${role}`,
    name: `Test ${role}`,
    email: `${role}@poscalls4u.test`,
    role,
    emailVerified: true,
    mfaEnabled: false,
    isActive: true,
    avatarUrl: null,
    createdAt: '2026-11-25T08:00:00.000Z',
    lastLoginAt: null,
  };
}

const PROVIDERS = {
  success: true,
  data: { google: false, facebook: false, passwordMinLength: 8, passwordRecommendedLength: 15 },
};
const NO_SESSION = {
  body: { success: false, error: { code: 'UNAUTHORIZED', message: 'No session' } },
  status: 401,
};
const sessionOf = (role: Role) => ({
  body: {
    success: true,
    data: { token: `jwt-${role}`, expiresIn: 900, sessionId: 's1', user: aUser(role) },
  },
  status: 200,
});

/** A socket that never connects: the shell test is about the pages, not the live events. */
const idleSocket = () => ({ on: jest.fn(), removeAllListeners: jest.fn(), disconnect: jest.fn() });

const NO_CALLS = {
  offered: 0,
  answered: 0,
  answeredWithinThreshold: 0,
  abandoned: 0,
  shortAbandoned: 0,
  serviceLevelPercent: null,
  abandonmentRatePercent: null,
  asaSeconds: null,
  averageWaitSeconds: null,
  longestWaitSeconds: null,
  handled: 0,
  ahtSeconds: null,
  averageTalkSeconds: null,
  averageHoldSeconds: null,
  averageAfterCallWorkSeconds: null,
  outbound: 0,
  successes: 0,
  successRatePercent: null,
  transfersIn: 0,
  transfersOut: 0,
  transferRatePercent: null,
  qaReviews: 0,
  averageQaScore: null,
  occupancyPercent: null,
  timeInState: { availableSeconds: 0, onCallSeconds: 0, wrapUpSeconds: 0, breakSeconds: 0 },
};

/** The dashboard (the home) of an empty day. */
const EMPTY_DASHBOARD = {
  success: true,
  data: {
    dashboard: {
      scope: 'center',
      timeZone: 'UTC',
      day: { start: '2026-11-25T00:00:00.000Z', end: '2026-11-26T00:00:00.000Z' },
      today: NO_CALLS,
      live: {
        callsWaiting: 0,
        longestCurrentWaitSeconds: 0,
        agents: { available: 0, onCall: 0, wrapUp: 0, break: 0, offline: 0 },
      },
      intervals: [],
      teams: [],
      agents: [],
      waitingCalls: [],
      alerts: [],
      generatedAt: '2026-11-25T09:00:00.000Z',
    },
  },
};

/** The dashboard reads its figures once drawn: a frame later (or `afterNextPaint`'s 100 ms). */
async function dashboardDrawn(fixture: ComponentFixture<unknown>): Promise<void> {
  await fixture.whenStable();
  await new Promise((resolve) => setTimeout(resolve, 150));
}

describe('supervisor console', () => {
  let http: HttpTestingController;

  /** Starts the console as a page load would: initializers (the refresh), then navigation. */
  async function start(refresh: { body: object; status: number }, url?: string) {
    http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(App);
    http.expectOne('/api/auth/refresh').flush(refresh.body, {
      status: refresh.status,
      statusText: 'x',
    });
    await TestBed.inject(ApplicationInitStatus).donePromise;
    answerPermissions(refresh.body);
    const router = TestBed.inject(Router);
    if (url === undefined) {
      router.initialNavigation();
    } else {
      const navigated = router.navigateByUrl(url);
      answerPermissions(refresh);
      await navigated;
    }
    await fixture.whenStable();
    answerPermissions(refresh);
    return fixture;
  }

  /**
   * A restored session loads the person's permissions (the guards wait for them): answer with
   * their role's own (a second load may have replaced the first).
   */
  function answerPermissions(refreshBody: object): void {
    const role = (refreshBody as { data?: { user?: { role?: Role } } }).data?.user?.role;
    for (const request of http.match('/api/auth/permissions')) {
      if (!request.cancelled && role !== undefined) {
        request.flush({ success: true, data: { permissions: effectivePermissions(role, []) } });
      }
    }
  }

  const text = (element: HTMLElement, testId: string) =>
    element.querySelector(`[data-testid="${testId}"]`)?.textContent?.trim();

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideStore(),
        provideRouter(appRoutes),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        { provide: SOCKET_FACTORY, useValue: idleSocket },
        provideAuth({
          appName: 'Supervisor console',
          consoleId: 'supervisor',
          storageKey: 'supervisor-console',
          allowedRoles: SUPERVISOR_CONSOLE_ROLES,
          refusedRoleMessage: REFUSED_ROLE_MESSAGE,
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
    // The dashboard's agent grid lists the supervisors' assists in progress: none here.
    for (const request of http.match(
      (r) => r.url === '/api/calls/assists' || r.url === '/api/skills/agents',
    )) {
      if (!request.cancelled) {
        request.flush({ success: true, data: { items: [], total: 0, page: 1, pageSize: 1 } });
      }
    }
    http.verify();
  });

  it('sends a signed-out person to the sign-in page, without sign-up', async () => {
    const fixture = await start(NO_SESSION);
    http.expectOne('/api/auth/providers').flush(PROVIDERS);
    await fixture.whenStable();
    expect(TestBed.inject(Router).url).toBe('/sign-in');
    expect(
      (fixture.nativeElement as HTMLElement).querySelector('[data-testid="sign-up-link"]'),
    ).toBeNull();
  });

  it('restores an admin session, opens the dashboard and shows the admin navigation', async () => {
    const fixture = await start(sessionOf('admin'));
    await dashboardDrawn(fixture);
    http.expectOne('/api/stats/dashboard').flush(EMPTY_DASHBOARD);
    await fixture.whenStable();

    const element = fixture.nativeElement as HTMLElement;
    expect(TestBed.inject(Router).url).toBe('/');
    expect(text(element, 'user-name')).toBe('Test admin');
    expect(text(element, 'user-role')).toBe('Admin');
    for (const id of [
      'nav-users',
      'nav-audit',
      'nav-security',
      'nav-profile',
      'nav-reports',
      'nav-staffing',
      'nav-forecast',
      'nav-compare',
      'nav-wallboards',
      'nav-skills',
    ]) {
      expect(element.querySelector(`[data-testid="${id}"]`)).not.toBeNull();
    }
    expect(TestBed.inject(TokenStorage).read()).toBe('jwt-admin');
  });

  it('hides the admin navigation from supervisors and keeps them off the admin pages', async () => {
    const fixture = await start(sessionOf('supervisor'), '/users');
    await dashboardDrawn(fixture);
    http.expectOne('/api/stats/dashboard').flush(EMPTY_DASHBOARD);
    await fixture.whenStable();

    const element = fixture.nativeElement as HTMLElement;
    expect(TestBed.inject(Router).url).toBe('/');
    expect(element.querySelector('[data-testid="nav-users"]')).toBeNull();
    expect(element.querySelector('[data-testid="nav-audit"]')).toBeNull();
    expect(element.querySelector('[data-testid="nav-profile"]')).not.toBeNull();
    // Supervisors keep the skills of their teams' agents.
    expect(element.querySelector('[data-testid="nav-skills"]')).not.toBeNull();
  });

  it('does not adopt an agent session from the refresh cookie', async () => {
    const fixture = await start(sessionOf('agent'));
    http.expectOne('/api/auth/providers').flush(PROVIDERS);
    await fixture.whenStable();

    expect(TestBed.inject(Router).url).toBe('/sign-in');
    expect(TestBed.inject(TokenStorage).read()).toBeNull();
    expect(text(fixture.nativeElement as HTMLElement, 'auth-error')).toContain(
      REFUSED_ROLE_MESSAGE,
    );
  });

  it('says when the server cannot be reached on start', async () => {
    http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(App);
    http.expectOne('/api/auth/refresh').error(new ProgressEvent('error'), { status: 0 });
    await TestBed.inject(ApplicationInitStatus).donePromise;
    TestBed.inject(Router).initialNavigation();
    await fixture.whenStable();
    http.expectOne('/api/auth/providers').error(new ProgressEvent('error'), { status: 0 });
    await fixture.whenStable();

    expect(text(fixture.nativeElement as HTMLElement, 'auth-error')).toContain(
      'Cannot reach the PosCalls4U server',
    );
  });
});
