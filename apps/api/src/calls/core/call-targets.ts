import { HttpStatus, Injectable } from '@nestjs/common';

import { ConsultTarget, ErrorCode, Permission } from '@poscalls4u/contracts';
import { Database } from '@poscalls4u/server-database';

import { AuthUser } from '../../identity/access';
import { AppException } from '../../platform/http';
import { PresenceService } from '../../presence';
import { TeamAccess, TeamsService } from '../../teams';
import { CallEffects } from './call-transitions';

/** Statuses in which a supervisor is busy with a call of their own. */
const SUPERVISOR_BUSY = ['on_call', 'wrap_up'];

/**
 * Who a consult or a conference may call, and reserving them: an agent of a team (available
 * and free), a supervisor of the call's team (holding no other call), or an outside number
 * (`calls:outbound` in the call's team, as dialing out). A reserved agent or supervisor is on a
 * call, this one, until their part ends.
 */
@Injectable()
export class CallTargets {
  constructor(
    private readonly teams: TeamsService,
    private readonly access: TeamAccess,
    private readonly presence: PresenceService,
  ) {}

  /**
   * The checks that need no lock, for a call of `teamId`: 400 naming oneself, 404 an agent who
   * is not an agent member of the (active) target team or a supervisor who is not one of the
   * call's team, 403 a number without `calls:outbound`.
   */
  async check(caller: AuthUser, teamId: string, target: ConsultTarget): Promise<void> {
    switch (target.type) {
      case 'number':
        await this.access.assertHolds(
          caller,
          teamId,
          Permission.CallsOutbound,
          "You may not call outside numbers for this team's calls.",
        );
        return;
      case 'agent': {
        if (target.agentId === caller.id) throw self('target.agentId');
        const toTeamId = target.teamId ?? teamId;
        if (
          !(await this.teams.activeNames([toTeamId])).has(toTeamId) ||
          !(await this.teams.agentIdsOf(toTeamId)).includes(target.agentId)
        ) {
          throw AppException.notFound('No such agent in that team.');
        }
        return;
      }
      case 'supervisor':
        if (target.supervisorId === caller.id) throw self('target.supervisorId');
        if (!(await this.teams.supervisorIdsOf(teamId)).includes(target.supervisorId)) {
          throw AppException.notFound("No such supervisor of the call's team.");
        }
        return;
    }
  }

  /**
   * Locks and reserves the agent or supervisor a target names for `callId` (a number reserves
   * nobody): 409 `AGENT_UNAVAILABLE` for an agent who is not available and free, or a
   * supervisor who holds a call. Answers the reserved user's id.
   */
  async reserve(
    tx: Database,
    target: ConsultTarget,
    callId: string,
    effects: CallEffects,
  ): Promise<string | undefined> {
    if (target.type === 'number') return undefined;
    const userId = target.type === 'agent' ? target.agentId : target.supervisorId;
    const current = await this.presence.lockForCall(tx, userId);
    const free =
      current.currentCallId === null &&
      (target.type === 'agent'
        ? current.status === 'available'
        : !SUPERVISOR_BUSY.includes(current.status));
    if (!free) {
      throw new AppException(
        ErrorCode.AgentUnavailable,
        target.type === 'agent'
          ? 'That agent is not available; choose another.'
          : 'That supervisor is on another call; choose another.',
        HttpStatus.CONFLICT,
      );
    }
    await this.presence.applyForCall(tx, userId, current, {
      status: 'on_call',
      currentCallId: callId,
    });
    effects.agents.add(userId);
    return userId;
  }
}

function self(field: string): AppException {
  return AppException.validation('The request is invalid.', [
    { field, messages: ['you cannot call yourself'] },
  ]);
}
