import { Routes } from '@angular/router';

import { signedInGuard, signedOutGuard } from './auth.guards';
import { loadSignInPage } from './sign-in-page/load-sign-in-page';

/**
 * The account routes both consoles share (`sign-up` only with `signUp: true`). Email links land
 * on `verify-email` and `reset-password` whether or not someone is signed in. Every page loads on
 * demand; the sign-in page's code is fetched at start-up when nobody is signed in (`provideAuth`).
 */
export function authRoutes(options: { signUp?: boolean } = {}): Routes {
  return [
    { path: 'sign-in', canActivate: [signedOutGuard], loadComponent: loadSignInPage },
    ...(options.signUp === true
      ? [
          {
            path: 'sign-up',
            canActivate: [signedOutGuard],
            loadComponent: () => import('./pages/sign-up.page').then((m) => m.SignUpPage),
          },
        ]
      : []),
    {
      path: 'check-email',
      loadComponent: () => import('./pages/check-email.page').then((m) => m.CheckEmailPage),
    },
    {
      path: 'verify-email',
      loadComponent: () => import('./pages/verify-email.page').then((m) => m.VerifyEmailPage),
    },
    {
      path: 'forgot-password',
      canActivate: [signedOutGuard],
      loadComponent: () => import('./pages/forgot-password.page').then((m) => m.ForgotPasswordPage),
    },
    {
      path: 'reset-password',
      loadComponent: () => import('./pages/reset-password.page').then((m) => m.ResetPasswordPage),
    },
    {
      path: 'auth/callback',
      loadComponent: () => import('./pages/oauth-callback.page').then((m) => m.OAuthCallbackPage),
    },
    {
      path: 'profile',
      canActivate: [signedInGuard],
      loadComponent: () => import('./profile/profile.page').then((m) => m.ProfilePage),
    },
  ];
}
