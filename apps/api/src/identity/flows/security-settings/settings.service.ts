import { Injectable } from '@nestjs/common';

import { AuditAction, SecuritySettings } from '@poscalls4u/contracts';
import { Database, InjectDatabase } from '@poscalls4u/server-database';

import { AuditService } from '../../../platform/audit';
import { RequestContext } from '../../../platform/http';
import { SettingsRepository } from '../../../platform/settings';
import { AuthUser } from '../../access/auth-user';
import { SECURITY_SETTINGS_KEY, SecurityPolicy } from '../../access/security-policy';

/** The security policy as admins read and change it; the guard applies it (`SecurityPolicy`). */
@Injectable()
export class SettingsService {
  constructor(
    @InjectDatabase() private readonly db: Database,
    private readonly repository: SettingsRepository,
    private readonly policy: SecurityPolicy,
    private readonly audit: AuditService,
  ) {}

  getSecurity(executor?: Database): Promise<SecuritySettings> {
    return this.policy.read(executor);
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
      await this.repository.put(SECURITY_SETTINGS_KEY, next, tx);
      await this.audit.record(
        {
          action: AuditAction.SettingsChanged,
          outcome: 'success',
          context,
          actorId: admin.id,
          details: { key: SECURITY_SETTINGS_KEY, old: previous, new: next },
        },
        tx,
      );
    });
    return next;
  }
}
