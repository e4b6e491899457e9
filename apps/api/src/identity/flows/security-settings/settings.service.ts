import { Injectable } from '@nestjs/common';

import { AuditAction, SecuritySettings } from '@poscalls4u/contracts';
import { Database, InjectDatabase } from '@poscalls4u/server-database';

import { AuditService } from '../../../platform/audit';
import { RequestContext } from '../../../platform/http';
import { SettingsRepository } from '../../../platform/settings';
import { AuthUser } from '../../access/auth-user';

const SECURITY_KEY = 'security';

/** What an organisation that never changed its settings gets. */
const DEFAULT_SECURITY: SecuritySettings = { requireMfaForPrivileged: false };

/** Organisation-wide settings set by admins. Other features read them through this service. */
@Injectable()
export class SettingsService {
  constructor(
    @InjectDatabase() private readonly db: Database,
    private readonly repository: SettingsRepository,
    private readonly audit: AuditService,
  ) {}

  /** The security policy (the sign-in code asks it whether MFA is required). */
  async getSecurity(executor?: Database): Promise<SecuritySettings> {
    return toSecuritySettings(await this.repository.get(SECURITY_KEY, executor));
  }

  async updateSecurity(
    admin: AuthUser,
    input: SecuritySettings,
    context: RequestContext,
  ): Promise<SecuritySettings> {
    // Only the known fields are stored, whatever else the caller's object carries.
    const next: SecuritySettings = { requireMfaForPrivileged: input.requireMfaForPrivileged };
    await this.db.transaction(async (tx) => {
      const previous = await this.getSecurity(tx);
      await this.repository.put(SECURITY_KEY, next, tx);
      await this.audit.record(
        {
          action: AuditAction.SettingsChanged,
          outcome: 'success',
          context,
          actorId: admin.id,
          details: { key: SECURITY_KEY, old: previous, new: next },
        },
        tx,
      );
    });
    return next;
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
