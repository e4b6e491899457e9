import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { Store, provideStore } from '@ngrx/store';

import { UserView } from '@poscalls4u/contracts';
import { AuthActions, authInterceptor, provideAuth } from '@poscalls4u/web-auth';

import { App } from './app';
import { appRoutes } from './app.routes';

const supervisor: UserView = {
  id: 'u1',
  name: 'Sam Supervisor',
  email: 'supervisor1@poscalls4u.test',
  role: 'supervisor',
  emailVerified: true,
  isActive: true,
  avatarUrl: null,
  createdAt: '2026-11-25T08:00:00.000Z',
  lastLoginAt: null,
};

describe('agent console', () => {
  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideStore(),
        provideRouter(appRoutes),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideAuth({ appName: 'Agent console', storageKey: 'agent-console' }),
      ],
    });
  });

  afterEach(() => TestBed.inject(HttpTestingController).verify());

  it('sends a signed-out person to the sign-in page', async () => {
    const harness = await RouterTestingHarness.create('/');
    expect(TestBed.inject(Router).url).toBe('/sign-in');
    expect(harness.routeNativeElement?.querySelector('[data-testid="email"]')).not.toBeNull();
  });

  it('welcomes a signed-in person of any role, and signs out', async () => {
    const fixture = TestBed.createComponent(App);
    TestBed.inject(Router).initialNavigation();
    TestBed.inject(Store).dispatch(AuthActions.signInSuccess({ user: supervisor }));
    await fixture.whenStable();

    const element = fixture.nativeElement as HTMLElement;
    expect(TestBed.inject(Router).url).toBe('/');
    expect(element.querySelector('[data-testid="user-name"]')?.textContent).toBe('Sam Supervisor');
    expect(element.querySelector('[data-testid="user-role"]')?.textContent?.trim()).toBe(
      'Supervisor',
    );

    element.querySelector<HTMLButtonElement>('[data-testid="sign-out"]')?.click();
    await fixture.whenStable();
    expect(TestBed.inject(Router).url).toBe('/sign-in');
    expect(element.querySelector('[data-testid="sign-out"]')).toBeNull();
  });
});
