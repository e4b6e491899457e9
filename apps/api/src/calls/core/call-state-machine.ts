import {
  CALL_TRANSITIONS,
  CallDurations,
  CallState,
  FINAL_CALL_STATES,
} from '@poscalls4u/contracts';

/**
 * The call state machine and the times and durations each move sets. Pure functions: the
 * service decides who may move a call, this file decides what a move means.
 */

export function canMove(from: CallState, to: CallState): boolean {
  return CALL_TRANSITIONS[from].includes(to);
}

export function isFinal(state: CallState): boolean {
  return FINAL_CALL_STATES.includes(state);
}

/** The columns of a call that moves read and write (a subset of the `calls` row). */
export interface CallClock {
  state: CallState;
  agentId: string | null;
  queuedAt: Date | null;
  offeredAt: Date | null;
  offerExpiresAt: Date | null;
  answeredAt: Date | null;
  talkStartedAt: Date | null;
  transferCount: number;
  holdStartedAt: Date | null;
  endedAt: Date | null;
  completedAt: Date | null;
  waitMs: number | null;
  ringMs: number;
  talkMs: number | null;
  holdMs: number;
  holdCount: number;
  afterCallWorkMs: number | null;
}

/** What a move needs beyond the target state. */
export interface MoveOptions {
  /** `offered`: the agent it rings at. `connected`: the agent who answers (default: the offered one). */
  agentId?: string | null;
  /** `offered`: when the offer stops ringing. */
  offerExpiresAt?: Date;
}

/**
 * The call after moving to `to` at `at`. The caller has checked `canMove`. Events may arrive
 * late (a PBX's clock, a batch), so every difference is clamped at zero: a late event can shorten
 * a duration to nothing but never make it negative.
 */
export function move(
  call: CallClock,
  to: CallState,
  at: Date,
  options: MoveOptions = {},
): CallClock {
  const next: CallClock = { ...call, state: to };
  const since = (start: Date | null) => (start ? Math.max(0, at.getTime() - start.getTime()) : 0);
  const stopRinging = () => {
    if (call.state === 'offered') next.ringMs = call.ringMs + since(call.offeredAt);
    next.offeredAt = null;
    next.offerExpiresAt = null;
  };
  const stopTalking = () => {
    if (call.state === 'on_hold') next.holdMs = call.holdMs + since(call.holdStartedAt);
    next.holdStartedAt = null;
    next.endedAt = at;
    next.talkMs = Math.max(0, since(call.talkStartedAt ?? call.answeredAt) - next.holdMs);
  };

  switch (to) {
    case 'queued':
      // A new call, an offer that was rejected or not answered, or a transfer.
      if (call.state === 'offered') {
        stopRinging();
        next.agentId = null;
      } else if (call.state === 'connected' || call.state === 'on_hold') {
        // A transfer closes the agent's segment (`segmentOf` gives its figures) and the call
        // starts a fresh one. It keeps its arrival (`queuedAt`: the statistics' bucket, and its
        // place in line unless the transfer sends it to the back, `requeuedAt`), its first
        // answer and its wait.
        Object.assign(next, {
          agentId: null,
          talkStartedAt: null,
          holdStartedAt: null,
          endedAt: null,
          ringMs: 0,
          talkMs: null,
          holdMs: 0,
          holdCount: 0,
          afterCallWorkMs: null,
          transferCount: call.transferCount + 1,
        });
      } else {
        next.queuedAt = at;
      }
      break;
    case 'offered':
      next.agentId = options.agentId ?? null;
      next.offeredAt = at;
      next.offerExpiresAt = options.offerExpiresAt ?? null;
      break;
    case 'dialing':
      next.agentId = options.agentId ?? call.agentId;
      break;
    case 'connected':
      if (call.state === 'on_hold') {
        next.holdMs = call.holdMs + since(call.holdStartedAt);
        next.holdStartedAt = null;
        break;
      }
      stopRinging();
      if (options.agentId !== undefined) next.agentId = options.agentId;
      next.talkStartedAt = at;
      // A transferred call was answered already: its first answer and wait stay.
      if (call.answeredAt !== null) break;
      next.answeredAt = at;
      // The caller waited from joining the queue until someone picked up (ringing included).
      if (call.queuedAt) next.waitMs = since(call.queuedAt);
      break;
    case 'on_hold':
      next.holdStartedAt = at;
      next.holdCount = call.holdCount + 1;
      break;
    case 'wrap_up':
      stopTalking();
      break;
    case 'completed':
      if (call.state === 'wrap_up') {
        next.afterCallWorkMs = since(call.endedAt);
      } else {
        stopTalking();
      }
      next.completedAt = at;
      break;
    case 'abandoned':
      stopRinging();
      // After a transfer the caller had been answered: their wait ended then.
      if (call.answeredAt === null) next.waitMs = since(call.queuedAt);
      next.completedAt = at;
      break;
    case 'failed':
      next.completedAt = at;
      break;
  }
  return next;
}

/** The figures of the segment a transfer at `at` closes (the call is connected or on hold). */
export interface SegmentFigures {
  agentId: string | null;
  startedAt: Date | null;
  endedAt: Date;
  ringMs: number;
  talkMs: number;
  holdMs: number;
  holdCount: number;
}

export function segmentOf(call: CallClock, at: Date): SegmentFigures {
  const since = (start: Date | null) => (start ? Math.max(0, at.getTime() - start.getTime()) : 0);
  const holdMs = call.holdMs + (call.state === 'on_hold' ? since(call.holdStartedAt) : 0);
  const startedAt = call.talkStartedAt ?? call.answeredAt;
  return {
    agentId: call.agentId,
    startedAt,
    endedAt: at,
    ringMs: call.ringMs,
    talkMs: Math.max(0, since(startedAt) - holdMs),
    holdMs,
    holdCount: call.holdCount,
  };
}

/** The durations of a call in whole seconds; a phase that has not happened is null. */
export function durations(call: CallClock): CallDurations {
  const seconds = (ms: number | null) => (ms === null ? null : Math.round(ms / 1000));
  const answered = call.answeredAt !== null;
  const talk = seconds(call.talkMs);
  const hold = answered ? seconds(call.holdMs) : null;
  const afterCallWork = seconds(call.afterCallWorkMs);
  return {
    waitSeconds: seconds(call.waitMs),
    ringSeconds: call.ringMs > 0 ? seconds(call.ringMs) : null,
    talkSeconds: talk,
    holdSeconds: hold,
    afterCallWorkSeconds: afterCallWork,
    handleSeconds:
      call.talkMs === null
        ? null
        : seconds(call.talkMs + call.holdMs + (call.afterCallWorkMs ?? 0)),
  };
}
