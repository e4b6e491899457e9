import {
  EnvironmentProviders,
  inject,
  makeEnvironmentProviders,
  provideAppInitializer,
} from '@angular/core';
import { provideEffects } from '@ngrx/effects';
import { Store, provideState } from '@ngrx/store';

import { AUTH_CONFIG, AuthConfig } from './auth.config';
import { AuthActions } from './state/auth.actions';
import { authEffects } from './state/auth.effects';
import { authFeature } from './state/auth.reducer';
import { LocalStorageTokenStorage, TokenStorage } from './token-storage';

/**
 * Everything signing in needs, for a console's `app.config.ts`. Needs `provideStore()`,
 * `provideRouter()` and `provideHttpClient(withInterceptors([authInterceptor]))` beside it.
 */
export function provideAuth(config: AuthConfig): EnvironmentProviders {
  return makeEnvironmentProviders([
    { provide: AUTH_CONFIG, useValue: config },
    { provide: TokenStorage, useClass: LocalStorageTokenStorage },
    provideState(authFeature),
    provideEffects(authEffects),
    // A reload keeps the session: check the stored token before the first route is guarded.
    provideAppInitializer(() => {
      if (inject(TokenStorage).read() !== null) {
        inject(Store).dispatch(AuthActions.restoreSession());
      }
    }),
  ]);
}
