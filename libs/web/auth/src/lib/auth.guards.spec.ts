import { TestBed } from '@angular/core/testing';
import {
  ActivatedRouteSnapshot,
  Router,
  RouterStateSnapshot,
  UrlTree,
  provideRouter,
} from '@angular/router';
import { MockStore, provideMockStore } from '@ngrx/store/testing';
import { Observable, firstValueFrom } from 'rxjs';

import { aUser } from '../testing/fixtures';
import { permissionGuard, signedInGuard, signedOutGuard } from './auth.guards';
import { AuthState, initialAuthState } from './state/auth.reducer';

describe('auth guards', () => {
  let store: MockStore;

  function check(guard: typeof signedInGuard): Promise<boolean | UrlTree> {
    const result = TestBed.runInInjectionContext(() =>
      guard({} as ActivatedRouteSnapshot, {} as RouterStateSnapshot),
    ) as Observable<boolean | UrlTree>;
    return firstValueFrom(result);
  }

  const setAuth = (auth: AuthState) => store.setState({ auth });
  const url = (result: boolean | UrlTree) =>
    result instanceof UrlTree ? TestBed.inject(Router).serializeUrl(result) : result;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideMockStore({ initialState: { auth: initialAuthState } }),
      ],
    });
    store = TestBed.inject(MockStore);
  });

  it('signedInGuard lets a signed-in person through', async () => {
    setAuth({ status: 'signed-in', user: aUser(), error: null, mfa: null });
    expect(await check(signedInGuard)).toBe(true);
  });

  it('signedInGuard redirects everyone else to sign-in', async () => {
    expect(url(await check(signedInGuard))).toBe('/sign-in');
  });

  it('signedInGuard waits for a stored session to be checked', async () => {
    setAuth({ status: 'restoring', user: null, error: null, mfa: null });
    const result = check(signedInGuard);
    setAuth({ status: 'signed-in', user: aUser(), error: null, mfa: null });
    expect(await result).toBe(true);
  });

  it('signedOutGuard sends a signed-in person home', async () => {
    setAuth({ status: 'signed-in', user: aUser(), error: null, mfa: null });
    expect(url(await check(signedOutGuard))).toBe('/');
    setAuth(initialAuthState);
    expect(await check(signedOutGuard)).toBe(true);
  });

  it('permissionGuard lets in only roles with the permission', async () => {
    const usersManage = permissionGuard('users:manage');
    setAuth({ status: 'signed-in', user: aUser('admin'), error: null, mfa: null });
    expect(await check(usersManage)).toBe(true);

    setAuth({ status: 'signed-in', user: aUser('supervisor'), error: null, mfa: null });
    expect(url(await check(usersManage))).toBe('/');

    setAuth(initialAuthState);
    expect(url(await check(usersManage))).toBe('/sign-in');
  });
});
