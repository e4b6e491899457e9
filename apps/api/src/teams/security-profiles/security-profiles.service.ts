import { Injectable } from '@nestjs/common';

import {
  AuditAction,
  DEFAULT_SECURITY_PROFILE,
  TeamSecurityProfile,
  securityProfileProblems,
} from '@poscalls4u/contracts';
import { Database, InjectDatabase } from '@poscalls4u/server-database';

import { AuthUser } from '../../identity/access';
import { AuditService } from '../../platform/audit';
import { DomainEvents } from '../../platform/events';
import { AppException, RequestContext } from '../../platform/http';
import { TeamsRepository } from '../teams.repository';
import { SecurityProfilesRepository } from './security-profiles.repository';

/**
 * Admins read and set a team's security profile. Each change is audited (`settings.changed`
 * with the team and the profile before and after, in the same transaction) and published, so
 * that live connections follow the new permissions.
 */
@Injectable()
export class SecurityProfilesService {
  constructor(
    @InjectDatabase() private readonly db: Database,
    private readonly profiles: SecurityProfilesRepository,
    private readonly teams: TeamsRepository,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  async get(teamId: string): Promise<TeamSecurityProfile> {
    await this.existing(teamId);
    return (await this.profiles.find(teamId)) ?? DEFAULT_SECURITY_PROFILE;
  }

  async put(
    caller: AuthUser,
    teamId: string,
    input: TeamSecurityProfile,
    context: RequestContext,
  ): Promise<TeamSecurityProfile> {
    await this.existing(teamId);
    const problems = securityProfileProblems(input);
    if (problems.length > 0) throw AppException.validation('The request is invalid.', problems);
    // Only the known fields are stored, whatever else the caller's object carries.
    const next: TeamSecurityProfile = {
      agents: { grant: [...input.agents.grant], withhold: [...input.agents.withhold] },
      supervisors: {
        grant: [...input.supervisors.grant],
        withhold: [...input.supervisors.withhold],
      },
    };
    await this.db.transaction(async (tx) => {
      const previous = await this.profiles.find(teamId, tx);
      await this.profiles.put(teamId, next, caller.id, tx);
      await this.audit.record(
        {
          action: AuditAction.TeamSecurityProfileChanged,
          outcome: 'success',
          context,
          actorId: caller.id,
          details: {
            teamId,
            old: previous ?? DEFAULT_SECURITY_PROFILE,
            new: next,
          },
        },
        tx,
      );
    });
    this.events.publish('team.security-profile.changed', { teamId });
    return next;
  }

  private async existing(teamId: string): Promise<void> {
    if (!(await this.teams.findById(teamId))) throw AppException.notFound('No such team.');
  }
}
