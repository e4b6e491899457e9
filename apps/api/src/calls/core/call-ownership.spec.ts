import { HttpStatus } from '@nestjs/common';

import { CallState, ErrorCode, Role } from '@poscalls4u/contracts';

import { AppException } from '../../platform/http';
import { ownCall } from './call-ownership';

const AGENT = { id: 'agent-1', role: Role.Agent };
const SUPERVISOR = { id: 'supervisor-1', role: Role.Supervisor };
const LIVE: CallState[] = ['connected', 'on_hold'];

/** What `ownCall` throws, as the error envelope would carry it. */
function refusal(run: () => unknown): { status: number; code: string; message: string } {
  try {
    run();
  } catch (error) {
    if (!(error instanceof AppException)) throw error;
    return { status: error.getStatus(), code: error.code, message: error.message };
  }
  throw new Error('ownCall did not refuse');
}

describe('ownCall', () => {
  it("answers the call when it is the caller's and in a state the action starts from", () => {
    const call = { id: 'call-1', agentId: AGENT.id, state: 'on_hold' as const };
    expect(ownCall(call, AGENT, LIVE)).toBe(call);
  });

  it('refuses a call the lock did not find with 404', () => {
    expect(refusal(() => ownCall(undefined, AGENT, LIVE))).toMatchObject({
      status: HttpStatus.NOT_FOUND,
      message: 'No such call.',
    });
  });

  it('refuses an agent a call that moved on with 409, a supervisor with 403', () => {
    const call = { agentId: 'agent-2', state: 'connected' as const };
    expect(refusal(() => ownCall(call, AGENT, LIVE))).toMatchObject({
      status: HttpStatus.CONFLICT,
      code: ErrorCode.InvalidState,
      message: 'The call is no longer yours.',
    });
    expect(refusal(() => ownCall(call, SUPERVISOR, LIVE))).toMatchObject({
      status: HttpStatus.FORBIDDEN,
    });
  });

  it("refuses the call's own agent when the call is not in one of `from`, naming its state", () => {
    const call = { agentId: AGENT.id, state: 'wrap_up' as const };
    expect(refusal(() => ownCall(call, AGENT, LIVE))).toMatchObject({
      status: HttpStatus.CONFLICT,
      code: ErrorCode.InvalidState,
      message: 'The call is wrap up; it cannot do that now.',
    });
  });
});
