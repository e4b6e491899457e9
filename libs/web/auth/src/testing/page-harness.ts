import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { EnvironmentProviders, Provider, Type } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { ActivatedRoute, convertToParamMap, provideRouter } from '@angular/router';
import { provideStore } from '@ngrx/store';

import { HAS_SESSION_HINT } from '../lib/auth.config';
import { authInterceptor } from '../lib/auth.interceptor';
import { provideAuth } from '../lib/provide-auth';

/** A page under test with the real store, auth state, interceptor and a mocked backend. */
export interface PageHarness<T> {
  fixture: ComponentFixture<T>;
  http: HttpTestingController;
  element: HTMLElement;
  byTestId(id: string): HTMLElement | null;
  type(id: string, value: string): void;
  click(id: string): Promise<void>;
  answer(url: string, body: object | null, status?: number): Promise<void>;
}

export async function createPage<T>(
  page: Type<T>,
  options: { query?: Record<string, string>; providers?: (Provider | EnvironmentProviders)[] } = {},
): Promise<PageHarness<T>> {
  TestBed.configureTestingModule({
    providers: [
      provideStore(),
      provideRouter([{ path: '**', children: [] }]),
      provideHttpClient(withInterceptors([authInterceptor])),
      provideHttpClientTesting(),
      provideAuth({
        appName: 'Agent console',
        consoleId: 'agent',
        storageKey: 'agent-console',
        allowSignUp: true,
      }),
      // A console session may be there: start-up tries the refresh.
      { provide: HAS_SESSION_HINT, useValue: () => true },
      {
        provide: ActivatedRoute,
        useValue: { snapshot: { queryParamMap: convertToParamMap(options.query ?? {}) } },
      },
      ...(options.providers ?? []),
    ],
  });
  const http = TestBed.inject(HttpTestingController);
  const fixture = TestBed.createComponent(page);
  // The start-up restore: no refresh cookie.
  http
    .expectOne('/api/auth/refresh')
    .flush(
      { success: false, error: { code: 'UNAUTHORIZED', message: 'No session' } },
      { status: 401, statusText: 'x' },
    );
  await fixture.whenStable();
  const element = fixture.nativeElement as HTMLElement;
  const byTestId = (id: string) => element.querySelector<HTMLElement>(`[data-testid="${id}"]`);
  return {
    fixture,
    http,
    element,
    byTestId,
    type(id, value) {
      const input = byTestId(id) as HTMLInputElement;
      input.value = value;
      input.dispatchEvent(new Event('input'));
    },
    async click(id) {
      byTestId(id)?.click();
      await fixture.whenStable();
    },
    async answer(url, body, status = 200) {
      http.expectOne(url).flush(body, { status, statusText: 'x' });
      await fixture.whenStable();
    },
  };
}

export const PROVIDERS_ANSWER = {
  success: true,
  data: { google: false, facebook: false, passwordMinLength: 8, passwordRecommendedLength: 15 },
};

export const errorEnvelope = (code: string, message = 'x', extra: object = {}) => ({
  success: false,
  error: { code, message, ...extra },
});
