import { AgentStatus, CallDirection, CallState, ConsultFailureReason } from '@poscalls4u/contracts';

const CALL_STATE_LABELS: Record<CallState, string> = {
  dialing: 'Dialing',
  queued: 'Queued',
  offered: 'Ringing',
  connected: 'Connected',
  on_hold: 'On hold',
  wrap_up: 'Wrap-up',
  completed: 'Completed',
  abandoned: 'Abandoned',
  failed: 'Failed',
};

const AGENT_STATUS_LABELS: Record<AgentStatus, string> = {
  offline: 'Offline',
  available: 'Available',
  on_call: 'On a call',
  wrap_up: 'Wrap-up',
  break: 'On a break',
};

const CONSULT_FAILURE_LABELS: Record<ConsultFailureReason, string> = {
  no_answer: 'nobody answered',
  busy: 'the line was busy',
  unreachable: 'the phone could not be reached',
  hung_up: 'they hung up',
};

/** Why a consult closed by itself, for the agent: "nobody answered". */
export function consultFailureLabel(reason: ConsultFailureReason): string {
  return CONSULT_FAILURE_LABELS[reason];
}

export function callStateLabel(state: CallState): string {
  return CALL_STATE_LABELS[state];
}

export function agentStatusLabel(status: AgentStatus): string {
  return AGENT_STATUS_LABELS[status];
}

export function directionLabel(direction: CallDirection): string {
  return direction === 'inbound' ? 'Inbound' : 'Outbound';
}

/** `75` -> `1:15`, `3725` -> `1:02:05`; an em dash when there is no figure. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) {
    return '—';
  }
  const whole = Math.max(0, Math.floor(seconds));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const secs = String(whole % 60).padStart(2, '0');
  return hours > 0
    ? `${String(hours)}:${String(minutes).padStart(2, '0')}:${secs}`
    : `${String(minutes)}:${secs}`;
}
