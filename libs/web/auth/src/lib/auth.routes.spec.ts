import { authRoutes } from './auth.routes';
import { SignInPage } from './sign-in-page/sign-in.page';

describe('authRoutes', () => {
  it('loads every page on demand, the sign-in page too (a signed-in visit never runs it)', async () => {
    const routes = authRoutes({ signUp: true });
    expect(routes.filter((route) => route.component !== undefined)).toEqual([]);
    const signIn = routes.find((route) => route.path === 'sign-in');
    expect(await signIn?.loadComponent?.()).toBe(SignInPage);
  });

  it('offers sign-up only when asked', () => {
    expect(authRoutes().some((route) => route.path === 'sign-up')).toBe(false);
    expect(authRoutes({ signUp: true }).some((route) => route.path === 'sign-up')).toBe(true);
  });
});
