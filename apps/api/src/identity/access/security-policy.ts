import { Injectable } from '@nestjs/common';

import { SecuritySettings } from '@poscalls4u/contracts';
import { Database } from '@poscalls4u/server-database';

import { SettingsRepository } from '../../platform/settings';

/** The key of the security policy in the `settings` table. */
export const SECURITY_SETTINGS_KEY = 'security';

/** What an organisation that never changed its settings gets. */
const DEFAULT_SECURITY: SecuritySettings = { requireMfaForPrivileged: false };

// The MFA policy is read at most this often per instance: a change applies within seconds.
const POLICY_CACHE_MS = 5_000;

/**
 * The organisation's security policy as the guard applies it. It is read here, below the flows,
 * straight from platform's `settings` table; the security-settings flow changes it.
 */
@Injectable()
export class SecurityPolicy {
  private cached?: { requireMfaForPrivileged: boolean; readAt: number };

  constructor(private readonly settings: SettingsRepository) {}

  /** The stored policy; pass `executor` to read inside a transaction. */
  async read(executor?: Database): Promise<SecuritySettings> {
    return toSecuritySettings(await this.settings.get(SECURITY_SETTINGS_KEY, executor));
  }

  /** A failed read throws (and the request fails) rather than waving the user through. */
  async requiresMfaForPrivileged(): Promise<boolean> {
    const now = Date.now();
    if (this.cached && now - this.cached.readAt < POLICY_CACHE_MS) {
      return this.cached.requireMfaForPrivileged;
    }
    const { requireMfaForPrivileged } = await this.read();
    this.cached = { requireMfaForPrivileged, readAt: now };
    return requireMfaForPrivileged;
  }
}

/** Reads the stored JSON defensively: a missing or malformed field falls back to its default. */
function toSecuritySettings(stored: unknown): SecuritySettings {
  const value = (typeof stored === 'object' && stored !== null ? stored : {}) as Record<
    string,
    unknown
  >;
  return {
    requireMfaForPrivileged:
      typeof value['requireMfaForPrivileged'] === 'boolean'
        ? value['requireMfaForPrivileged']
        : DEFAULT_SECURITY.requireMfaForPrivileged,
  };
}
