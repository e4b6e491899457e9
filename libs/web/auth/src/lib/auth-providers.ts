import { Injectable, computed, inject, signal } from '@angular/core';

import {
  AuthProvidersResult,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
} from '@poscalls4u/contracts';

import { AuthApi } from './auth-api';
import { ConsoleId } from './auth.config';

/** What the sign-up form recommends when the server does not say. */
export const RECOMMENDED_PASSWORD_LENGTH = 15;

/**
 * What sign-in methods and password rules the server offers, loaded once per page load. Until it
 * answers (or when it cannot), no social buttons show and the contract's minimum applies.
 */
@Injectable({ providedIn: 'root' })
export class AuthProviders {
  private readonly api = inject(AuthApi);
  private readonly result = signal<AuthProvidersResult | null>(null);
  private loading = false;

  readonly google = computed(() => this.result()?.google === true);
  readonly facebook = computed(() => this.result()?.facebook === true);
  readonly minLength = computed(() => this.result()?.passwordMinLength ?? PASSWORD_MIN_LENGTH);
  readonly recommendedLength = computed(
    () => this.result()?.passwordRecommendedLength ?? RECOMMENDED_PASSWORD_LENGTH,
  );
  readonly maxLength = PASSWORD_MAX_LENGTH;

  load(): void {
    if (this.loading || this.result() !== null) {
      return;
    }
    this.loading = true;
    this.api.providers().subscribe({
      next: (result) => this.result.set(result),
      error: () => {
        this.loading = false;
      },
    });
  }
}

/** Where a "Sign in with ..." button sends the browser (a full navigation, not an XHR). */
export function socialSignInUrl(provider: 'google' | 'facebook', consoleId: ConsoleId): string {
  return `/api/auth/${provider}?console=${consoleId}`;
}

/** A rough strength hint: length is what counts (NIST SP 800-63B), not composition. */
export function passwordStrength(
  password: string,
  minLength: number,
  recommendedLength: number,
): { level: 'too-short' | 'ok' | 'strong'; label: string } {
  const length = [...password].length;
  if (length < minLength) {
    return { level: 'too-short', label: `Too short: use at least ${minLength} characters.` };
  }
  if (length < recommendedLength) {
    return {
      level: 'ok',
      label: `Acceptable. ${recommendedLength} or more characters (a passphrase) is stronger.`,
    };
  }
  return { level: 'strong', label: 'Strong length. A passphrase of several words is ideal.' };
}
