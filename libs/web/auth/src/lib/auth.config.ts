import { InjectionToken } from '@angular/core';

import { Role } from '@poscalls4u/contracts';

/** Where the signed-out and signed-in people land. Both consoles use the same routes. */
export const SIGN_IN_PATH = '/sign-in';
export const HOME_PATH = '/';

/** What differs between the consoles; everything else about signing in is shared. */
export interface AuthConfig {
  /** Shown on the sign-in card, e.g. "Agent console". */
  appName: string;
  /**
   * Names this console's stored session, e.g. "agent-console". Each console keeps its own token,
   * so signing out of one does not sign the same browser out of the other.
   */
  storageKey: string;
  /** Roles allowed into this console; every role when omitted. */
  allowedRoles?: readonly Role[];
  /** Shown when someone with another role signs in. */
  refusedRoleMessage?: string;
}

export const AUTH_CONFIG = new InjectionToken<AuthConfig>('PosCalls4U auth config');

export const DEFAULT_REFUSED_ROLE_MESSAGE = 'Your role cannot use this console.';

export function isRoleAllowed(config: AuthConfig, role: Role): boolean {
  return config.allowedRoles === undefined || config.allowedRoles.includes(role);
}
