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

import { EffectivePermissions, Role, effectivePermissions } from '@poscalls4u/contracts';

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
  /** Signed in as `role`, with the permissions read (the role's own, unless given). */
  const signedIn = (
    role: Role = 'agent',
    permissions: EffectivePermissions | null = effectivePermissions(role, []),
  ): AuthState => ({ status: 'signed-in', user: aUser(role), error: null, mfa: null, permissions });
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
    setAuth(signedIn());
    expect(await check(signedInGuard)).toBe(true);
  });

  it('signedInGuard redirects everyone else to sign-in', async () => {
    expect(url(await check(signedInGuard))).toBe('/sign-in');
  });

  it('signedInGuard waits for a stored session to be checked', async () => {
    setAuth({ ...initialAuthState, status: 'restoring' });
    const result = check(signedInGuard);
    setAuth(signedIn());
    expect(await result).toBe(true);
  });

  it('signedOutGuard sends a signed-in person home', async () => {
    setAuth(signedIn());
    expect(url(await check(signedOutGuard))).toBe('/');
    setAuth(initialAuthState);
    expect(await check(signedOutGuard)).toBe(true);
  });

  it('permissionGuard lets in only roles with the permission', async () => {
    const usersManage = permissionGuard('users:manage');
    setAuth(signedIn('admin'));
    expect(await check(usersManage)).toBe(true);

    setAuth(signedIn('supervisor'));
    expect(url(await check(usersManage))).toBe('/');

    setAuth(initialAuthState);
    expect(url(await check(usersManage))).toBe('/sign-in');
  });

  it('permissionGuard waits for the permissions, and lets in team permissions held in a team', async () => {
    const export_ = permissionGuard('calls:export');
    setAuth(signedIn('supervisor', null));
    const result = check(export_);
    const inTeam = effectivePermissions('supervisor', [
      { teamId: 't1', teamRole: 'supervisor', profile: null },
    ]);
    setAuth(signedIn('supervisor', inTeam));
    expect(await result).toBe(true);

    // The team's profile withholds it: home.
    const withheld = effectivePermissions('supervisor', [
      {
        teamId: 't1',
        teamRole: 'supervisor',
        profile: {
          agents: { grant: [], withhold: [] },
          supervisors: { grant: [], withhold: ['calls:export'] },
        },
      },
    ]);
    setAuth(signedIn('supervisor', withheld));
    expect(url(await check(export_))).toBe('/');
  });
});
