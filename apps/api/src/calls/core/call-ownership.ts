import { HttpStatus } from '@nestjs/common';

import { CallState, ErrorCode, Permission, Role } from '@poscalls4u/contracts';
import { CallRow } from '@poscalls4u/server-database';

import { AuthUser } from '../../identity/access';
import { AppException } from '../../platform/http';
import { TeamAccess } from '../../teams';
import { CallScope } from './call-read-model.repository';

/**
 * Who may see and who may work a call, for the routes people drive: `calls.service.ts` and
 * `conference/` check the same way, so an action answers alike whichever of them serves it.
 */

export const NO_SUCH_CALL = 'No such call.';

export function invalidState(message: string): AppException {
  return new AppException(ErrorCode.InvalidState, message, HttpStatus.CONFLICT);
}

/** Admins see every call; others their own, those they were on, and their teams' (`calls:read-team`). */
export async function callScope(access: TeamAccess, caller: AuthUser): Promise<CallScope> {
  const teamIds = await access.teamsHolding(caller, Permission.CallsReadTeam);
  if (teamIds === 'all') return { all: true };
  return { all: false, userId: caller.id, teamIds };
}

/**
 * The call an agent action works on, as its lock found it: there (404), the caller's (403 for a
 * supervisor; 409 INVALID_STATE for an agent) and in one of `from` (409 INVALID_STATE).
 */
export function ownCall<T extends Pick<CallRow, 'agentId' | 'state'>>(
  call: T | undefined,
  caller: Pick<AuthUser, 'id' | 'role'>,
  from: readonly CallState[],
): T {
  if (!call) throw AppException.notFound(NO_SUCH_CALL);
  if (call.agentId !== caller.id) {
    // An agent sees only calls that were theirs: this one rang at them and moved on (missed,
    // rejected, taken by the PBX elsewhere, handed on). Supervisors see their teams' calls but
    // work none.
    if (caller.role === Role.Agent) throw invalidState('The call is no longer yours.');
    throw AppException.forbidden("Only the call's agent can do this.");
  }
  if (!from.includes(call.state as CallState)) {
    throw invalidState(`The call is ${call.state.replace('_', ' ')}; it cannot do that now.`);
  }
  return call;
}
