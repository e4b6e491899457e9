import { EnvironmentProviders, makeEnvironmentProviders } from '@angular/core';
import { provideEffects } from '@ngrx/effects';
import { provideState } from '@ngrx/store';

import { callsEffects } from './state/calls.effects';
import { callsFeature } from './state/calls.reducer';

/**
 * The `calls` feature (state and effects), for the route that shows the call screen. Needs the
 * auth feature (`provideAuth`) beside it: the live connection signs in with its access token.
 */
export function provideCalls(): EnvironmentProviders {
  return makeEnvironmentProviders([provideState(callsFeature), provideEffects(callsEffects)]);
}
