import { DOCUMENT } from '@angular/common';
import { InjectionToken, inject } from '@angular/core';

import { Role, SESSION_HINT_COOKIE_NAME } from '@poscalls4u/contracts';

/** Where the signed-out and signed-in people land. Both consoles use the same routes. */
export const SIGN_IN_PATH = '/sign-in';
export const HOME_PATH = '/';
export const SIGN_UP_PATH = '/sign-up';
export const CHECK_EMAIL_PATH = '/check-email';
export const VERIFY_EMAIL_PATH = '/verify-email';
export const FORGOT_PASSWORD_PATH = '/forgot-password';
export const RESET_PASSWORD_PATH = '/reset-password';
export const OAUTH_CALLBACK_PATH = '/auth/callback';
export const PROFILE_PATH = '/profile';

/** The console a page belongs to; social sign-in sends the person back to it. */
export type ConsoleId = 'agent' | 'supervisor';

/** What differs between the consoles; everything else about signing in is shared. */
export interface AuthConfig {
  /** Shown on the sign-in card, e.g. "Agent console". */
  appName: string;
  /** Which console this is: `/api/auth/google?console=<consoleId>` brings the person back here. */
  consoleId: ConsoleId;
  /**
   * Names this console's session, e.g. "agent-console". The access token lives in memory only;
   * the key names it in logs and storage-free places.
   */
  storageKey: string;
  /** Roles allowed into this console; every role when omitted. */
  allowedRoles?: readonly Role[];
  /** Shown when someone with another role signs in. */
  refusedRoleMessage?: string;
  /** True when the sign-in page offers "Create an account" (the agent console). */
  allowSignUp?: boolean;
}

export const AUTH_CONFIG = new InjectionToken<AuthConfig>('PosCalls4U auth config');

export const DEFAULT_REFUSED_ROLE_MESSAGE = 'Your role cannot use this console.';

export function isRoleAllowed(config: AuthConfig, role: Role): boolean {
  return config.allowedRoles === undefined || config.allowedRoles.includes(role);
}

/**
 * True when this browser may hold a console session (the API's script-readable hint cookie is
 * there): only then is a refresh tried on start-up, so a signed-out visit requests nothing that
 * must fail. A token so that specs can say either.
 */
export const HAS_SESSION_HINT = new InjectionToken<() => boolean>('PosCalls4U session hint', {
  providedIn: 'root',
  factory: () => {
    const document = inject(DOCUMENT);
    return () =>
      document.cookie
        .split(';')
        .some((cookie) => cookie.trim().startsWith(`${SESSION_HINT_COOKIE_NAME}=`));
  },
});
