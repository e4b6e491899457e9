import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { MockStore, provideMockStore } from '@ngrx/store/testing';

import { LOGIN_URL, PROFILE_URL } from './auth-api';
import { authInterceptor } from './auth.interceptor';
import { AuthActions } from './state/auth.actions';
import { TokenStorage } from './token-storage';

describe('authInterceptor', () => {
  let http: HttpClient;
  let controller: HttpTestingController;
  let store: MockStore;
  let token: string | null;

  beforeEach(() => {
    token = 'jwt-1';
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideMockStore(),
        {
          provide: TokenStorage,
          useValue: { read: () => token, write: jest.fn(), clear: jest.fn() },
        },
      ],
    });
    http = TestBed.inject(HttpClient);
    controller = TestBed.inject(HttpTestingController);
    store = TestBed.inject(MockStore);
    jest.spyOn(store, 'dispatch');
  });

  afterEach(() => controller.verify());

  it('adds the bearer token to same-origin API requests', () => {
    http.get(PROFILE_URL).subscribe();
    expect(controller.expectOne(PROFILE_URL).request.headers.get('Authorization')).toBe(
      'Bearer jwt-1',
    );
  });

  it('adds no token to other origins, other paths, or when signed out', () => {
    http.get('https://elsewhere.example.com/api/auth/profile').subscribe();
    http.get('/agent/favicon.svg').subscribe();
    expect(
      controller
        .expectOne('https://elsewhere.example.com/api/auth/profile')
        .request.headers.has('Authorization'),
    ).toBe(false);
    expect(controller.expectOne('/agent/favicon.svg').request.headers.has('Authorization')).toBe(
      false,
    );

    token = null;
    http.get(PROFILE_URL).subscribe();
    expect(controller.expectOne(PROFILE_URL).request.headers.has('Authorization')).toBe(false);
  });

  it('ends the session on a 401 from the API', () => {
    let failed = false;
    http.get(PROFILE_URL).subscribe({ error: () => (failed = true) });
    controller.expectOne(PROFILE_URL).flush(null, { status: 401, statusText: 'Unauthorized' });

    expect(failed).toBe(true);
    expect(store.dispatch).toHaveBeenCalledWith(AuthActions.sessionExpired());
  });

  it('leaves a 401 from the login call to the sign-in flow', () => {
    http.post(LOGIN_URL, {}).subscribe({ error: () => undefined });
    const request = controller.expectOne(LOGIN_URL);
    expect(request.request.headers.has('Authorization')).toBe(false);
    request.flush(null, { status: 401, statusText: 'Unauthorized' });

    expect(store.dispatch).not.toHaveBeenCalled();
  });

  it('does not end the session on other errors', () => {
    http.get(PROFILE_URL).subscribe({ error: () => undefined });
    controller.expectOne(PROFILE_URL).flush(null, { status: 403, statusText: 'Forbidden' });
    expect(store.dispatch).not.toHaveBeenCalled();
  });
});
