import { Injectable } from '@nestjs/common';

import { AuditAction, MfaRequirementImpact, SecuritySettings } from '@poscalls4u/contracts';
import { Database, InjectDatabase } from '@poscalls4u/server-database';

import { AuditService } from '../../../platform/audit';
import { AppException, RequestContext } from '../../../platform/http';
import { SettingsRepository } from '../../../platform/settings';
import { AuthUser } from '../../access/auth-user';
import { SECURITY_SETTINGS_KEY, SecurityPolicy } from '../../access/security-policy';
import { UsersService } from '../../stores/users/users.service';

/** The security policy as admins read and change it; the guard applies it (`SecurityPolicy`). */
@Injectable()
export class SettingsService {
  constructor(
    @InjectDatabase() private readonly db: Database,
    private readonly repository: SettingsRepository,
    private readonly policy: SecurityPolicy,
    private readonly audit: AuditService,
    private readonly users: UsersService,
  ) {}

  /** Whom requiring MFA would stop until they enrol, for the admin's confirmation. */
  async mfaImpact(admin: AuthUser): Promise<MfaRequirementImpact> {
    const rows = await this.users.privilegedWithoutMfa();
    return {
      users: rows.map(({ id, name, email, role }) => ({ id, name, email, role })),
      total: rows.length,
      callerHasMfa: admin.mfaEnabled,
    };
  }

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
    // An admin without MFA who required it would lock themselves out of this very page.
    if (next.requireMfaForPrivileged && !admin.mfaEnabled) {
      throw AppException.conflict(
        'Turn on two-step verification for your own account (Profile) before requiring it.',
      );
    }
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
