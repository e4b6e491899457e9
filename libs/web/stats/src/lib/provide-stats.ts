import { EnvironmentProviders, makeEnvironmentProviders } from '@angular/core';
import { provideEffects } from '@ngrx/effects';
import { provideState } from '@ngrx/store';

import { statsEffects } from './state/stats.effects';
import { statsFeature } from './state/stats.reducer';

/**
 * The `stats` feature (the live dashboard's state and effects), for the route that shows it.
 * Needs the auth feature beside it: the live connection signs in with its access token.
 */
export function provideStats(): EnvironmentProviders {
  return makeEnvironmentProviders([provideState(statsFeature), provideEffects(statsEffects)]);
}
