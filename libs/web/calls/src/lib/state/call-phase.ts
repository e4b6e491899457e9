import { CallState, CallView } from '@poscalls4u/contracts';

/**
 * Where the agent stands with their current call, which decides what the call screen shows:
 * `ringing` the offer, `live` the in-call controls, `wrap-up` the wrap-up form.
 */
export type CallPhase = 'idle' | 'ringing' | 'live' | 'wrap-up';

export function callPhase(call: CallView | null): CallPhase {
  if (call === null) {
    return 'idle';
  }
  switch (call.state) {
    case CallState.Offered:
      return 'ringing';
    case CallState.Dialing:
    case CallState.Connected:
    case CallState.OnHold:
      return 'live';
    case CallState.WrapUp:
      return 'wrap-up';
    case CallState.Queued:
    case CallState.Completed:
    case CallState.Abandoned:
    case CallState.Failed:
      return 'idle';
  }
}

/** True while the call is the agent's to work: ringing at them, live, or in wrap-up. */
export function isAgentsCurrentCall(call: CallView): boolean {
  return callPhase(call) !== 'idle';
}

/**
 * True when a `call:updated` concerns this agent's screen: their current call (whatever happened
 * to it: answered elsewhere, hung up, taken back) or any call now with them (e.g. an outbound
 * call they started). The agent's teams' other calls arrive too and are not theirs.
 */
export function concernsAgent(
  call: CallView,
  agentId: string,
  currentCallId: string | null,
): boolean {
  return (
    call.id === currentCallId ||
    (call.agent?.id === agentId && isAgentsCurrentCall(call)) ||
    isOnConference(call, agentId)
  );
}

/**
 * True while the user is on the call's open conference (joining or joined), the call's agent or
 * another party: the call is on their screen too.
 */
export function isOnConference(call: CallView, userId: string): boolean {
  const conference = call.conference;
  return (
    conference !== null &&
    conference.endedAt === null &&
    conference.parties.some((party) => party.user?.id === userId && party.state !== 'left')
  );
}
