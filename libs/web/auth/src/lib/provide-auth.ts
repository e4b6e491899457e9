import {
  EnvironmentProviders,
  inject,
  makeEnvironmentProviders,
  provideAppInitializer,
} from '@angular/core';
import { provideEffects } from '@ngrx/effects';
import { Store, provideState } from '@ngrx/store';

import { AUTH_CONFIG, AuthConfig, HAS_SESSION_HINT } from './auth.config';
import { loadSignInPage } from './sign-in-page/load-sign-in-page';
import { AuthActions } from './state/auth.actions';
import { authEffects } from './state/auth.effects';
import { authFeature } from './state/auth.reducer';
import { MemoryTokenStorage, TokenStorage } from './token-storage';

/**
 * Everything signing in needs, for a console's `app.config.ts`. Needs `provideStore()`,
 * `provideRouter()` and `provideHttpClient(withInterceptors([authInterceptor]))` beside it.
 */
export function provideAuth(config: AuthConfig): EnvironmentProviders {
  return makeEnvironmentProviders([
    { provide: AUTH_CONFIG, useValue: config },
    { provide: TokenStorage, useClass: MemoryTokenStorage },
    provideState(authFeature),
    provideEffects(authEffects),
    // A reload keeps the session: the refresh cookie is traded for a new access token before the
    // first route is guarded (the guards wait while the status is `restoring`).
    provideAppInitializer(() => {
      // Nobody signed in from this browser: the sign-in page comes next, fetch it now.
      if (!inject(HAS_SESSION_HINT)()) void loadSignInPage();
      inject(Store).dispatch(AuthActions.restoreSession());
    }),
  ]);
}
