import { CallEventRow, CallRow } from '@poscalls4u/server-database';

import { bucketOf } from './rollup-sql';

/**
 * What one call event adds to the rollups (docs/metrics.md, "What the rollups count"). Pure:
 * the writer turns it into SQL. Every figure goes to the bucket of the call's arrival.
 */
type CallRollup =
  | { kind: 'offered' }
  | { kind: 'outbound'; agentId: string | null }
  | { kind: 'answered'; agentId: string | null; waitMs: number }
  | { kind: 'abandoned'; waitMs: number }
  | {
      kind: 'handled';
      agentId: string | null;
      talkMs: number;
      holdMs: number;
      afterCallWorkMs: number;
      dispositionCode: string | null;
      /** The segment began with a transfer: a transfer in for its agent. */
      transferredIn: boolean;
      /** The segment ended with a transfer: a transfer out for its team and agent. */
      transferredOut: boolean;
      /** The team a transfer handed the call to: a transfer in for it. */
      toTeamId?: string;
    }
  | { kind: 'offer' | 'missed' | 'rejected'; agentId: string }
  | { kind: 'qa'; agentId: string | null; score: number };

export interface CallRollupChange {
  teamId: string;
  bucket: Date;
  rollup: CallRollup;
}

/**
 * The rollup change of an event, or undefined when it moves no figure (held, resumed, ended,
 * failed...). `before` is the call before the event, null when the event created it; `after` is
 * the call with the event applied.
 */
export function callRollupOf(
  before: CallRow | null,
  after: CallRow,
  event: Pick<CallEventRow, 'type' | 'agentId' | 'details'>,
): CallRollupChange | undefined {
  const rollup = rollupOf(before, after, event);
  if (!rollup) return undefined;
  // A handled segment counts for the team it was handled in (a transfer may move the call).
  const teamId = rollup.kind === 'handled' ? (before?.teamId ?? after.teamId) : after.teamId;
  return { teamId, bucket: bucketOf(arrivalOf(after)), rollup };
}

/** The closed segment's figures a `transferred` event carries (CallsService.transfer). */
interface TransferDetails {
  segment?: { teamId?: string; toTeamId?: string | null; talkMs?: number; holdMs?: number };
}

/** When a call arrived: first queue entry, else dial start (the rebuild's `CALL_ARRIVAL_SQL`). */
function arrivalOf(call: Pick<CallRow, 'queuedAt' | 'createdAt'>): Date {
  return call.queuedAt ?? call.createdAt;
}

function rollupOf(
  before: CallRow | null,
  after: CallRow,
  event: Pick<CallEventRow, 'type' | 'agentId' | 'details'>,
): CallRollup | undefined {
  const inbound = after.direction === 'inbound';
  if (before === null) {
    // The event that created the call: an inbound arrival, or an outbound call started (by the
    // agent who dials, or reported by a PBX without one).
    if (inbound) return { kind: 'offered' };
    return { kind: 'outbound', agentId: event.type === 'dialing' ? event.agentId : null };
  }
  switch (event.type) {
    case 'offered':
    case 'missed':
    case 'rejected':
      return event.agentId
        ? { kind: event.type === 'offered' ? 'offer' : event.type, agentId: event.agentId }
        : undefined;
    case 'transferred': {
      // A segment closed by a transfer is handled by its agent, without after-call work.
      const segment = (event.details as TransferDetails | null)?.segment;
      if (!segment || after.state !== 'queued') break;
      return {
        kind: 'handled',
        agentId: event.agentId,
        talkMs: segment.talkMs ?? 0,
        holdMs: segment.holdMs ?? 0,
        afterCallWorkMs: 0,
        dispositionCode: null,
        transferredIn: before.transferCount > 0,
        transferredOut: true,
        toTeamId: segment.toTeamId ?? undefined,
      };
    }
    case 'reviewed': {
      const score = Number((event.details as { score?: unknown } | null)?.score);
      return Number.isFinite(score) ? { kind: 'qa', agentId: after.agentId, score } : undefined;
    }
  }
  if (inbound && before.answeredAt === null && after.answeredAt !== null) {
    return { kind: 'answered', agentId: after.agentId, waitMs: after.waitMs ?? 0 };
  }
  if (before.state === after.state) return undefined;
  // A caller who hangs up after a transfer was answered before: not an abandon.
  if (after.state === 'abandoned' && inbound && after.answeredAt === null) {
    return { kind: 'abandoned', waitMs: after.waitMs ?? 0 };
  }
  if (after.state === 'completed') {
    return {
      kind: 'handled',
      agentId: after.agentId,
      talkMs: after.talkMs ?? 0,
      holdMs: after.holdMs,
      afterCallWorkMs: after.afterCallWorkMs ?? 0,
      dispositionCode: after.dispositionCode,
      transferredIn: after.transferCount > 0,
      // To an outside number: the last segment ends with the transfer.
      transferredOut: event.type === 'transferred',
    };
  }
  return undefined;
}
