import {
  CallDirection,
  CallEventSource,
  CallEventType,
  CallEventView,
  CallSegmentView,
  CallState,
  CallView,
  CallerHistory,
  DispositionView,
  QaReviewView,
  TransferTarget,
} from '@poscalls4u/contracts';
import { CallEventRow, DispositionRow } from '@poscalls4u/server-database';

import { conferenceOf } from './call-conference';
import { consultOf } from './call-consult';
import { CallRecord, CallSegmentRecord } from './call-read-model.repository';
import { durations } from './call-state-machine';
import { QaReviewRecord } from './qa-reviews.repository';

/** Rows to the contract's views. */

/** The states in which a call has a live conversation (mute and assist mean something). */
const LIVE: readonly CallState[] = ['connected', 'on_hold'];

export function toDispositionView(row: DispositionRow): DispositionView {
  return { code: row.code, label: row.label, isSuccess: row.isSuccess, isActive: row.isActive };
}

export function toCallView(record: CallRecord): CallView {
  return {
    id: record.id,
    teamId: record.teamId,
    teamName: record.teamName,
    direction: record.direction as CallDirection,
    state: record.state as CallState,
    from: record.fromNumber,
    to: record.toNumber,
    externalId: record.externalId,
    integrationId: record.integrationId,
    priority: record.priority,
    agent: record.agentId ? { id: record.agentId, name: record.agentName ?? '' } : null,
    queuedAt: iso(record.queuedAt),
    requeuedAt: iso(record.requeuedAt),
    offerExpiresAt: record.state === 'offered' ? iso(record.offerExpiresAt) : null,
    answeredAt: iso(record.answeredAt),
    endedAt: iso(record.endedAt),
    completedAt: iso(record.completedAt),
    disposition: record.disposition ? toDispositionView(record.disposition) : null,
    notes: record.notes,
    durations: durations({ ...record, state: record.state as CallState }),
    muted: record.muted && LIVE.includes(record.state as CallState),
    consult: LIVE.includes(record.state as CallState) ? consultOf(record) : null,
    conference: conferenceOf(record),
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
  };
}

/** The caller's history from the rows `CallReadModelRepository.callerHistory` read. */
export function toCallerHistory(
  rows: CallRecord[],
  total: number,
  crmUrl: string | null,
): CallerHistory {
  return {
    calls: rows.map((record) => ({
      id: record.id,
      at: record.createdAt.toISOString(),
      direction: record.direction as CallDirection,
      state: record.state as CallState,
      disposition: record.disposition
        ? { code: record.disposition.code, label: record.disposition.label }
        : null,
      agent: record.agentId ? { id: record.agentId, name: record.agentName ?? '' } : null,
      teamName: record.teamName,
      notes: record.notes,
      handleSeconds: durations({ ...record, state: record.state as CallState }).handleSeconds,
    })),
    total,
    crmUrl,
  };
}

/**
 * A call's segments: those transfers closed (their rows), then the call's own, current or last
 * one, whose figures are the call row's. The last one names a transfer when it ended the call (to
 * an outside number).
 */
export function toSegmentViews(
  record: CallRecord,
  closed: CallSegmentRecord[],
  events: CallEventRow[],
): CallSegmentView[] {
  const seconds = (ms: number) => Math.round(ms / 1000);
  const views: CallSegmentView[] = closed.map((segment) => ({
    seq: segment.seq,
    teamId: segment.teamId,
    teamName: segment.teamName,
    agent: segment.agentId ? { id: segment.agentId, name: segment.agentName ?? '' } : null,
    startedAt: iso(segment.startedAt),
    endedAt: segment.endedAt.toISOString(),
    ringSeconds: segment.ringMs > 0 ? seconds(segment.ringMs) : null,
    talkSeconds: seconds(segment.talkMs),
    holdSeconds: seconds(segment.holdMs),
    afterCallWorkSeconds: null,
    transferredTo: segment.target as TransferTarget,
  }));
  const current = durations({ ...record, state: record.state as CallState });
  const final = events.findLast(
    (event) => event.type === 'transferred' && event.toState === 'completed',
  );
  views.push({
    seq: closed.length + 1,
    teamId: record.teamId,
    teamName: record.teamName,
    agent: record.agentId ? { id: record.agentId, name: record.agentName ?? '' } : null,
    startedAt: iso(record.talkStartedAt ?? record.answeredAt),
    endedAt: iso(record.endedAt),
    ringSeconds: current.ringSeconds,
    talkSeconds: current.talkSeconds,
    holdSeconds: current.holdSeconds,
    afterCallWorkSeconds: current.afterCallWorkSeconds,
    transferredTo: final
      ? ((final.details as { target?: TransferTarget } | null)?.target ?? null)
      : null,
  });
  return views;
}

export function toEventView(event: CallEventRow, agentName: string | null): CallEventView {
  return {
    id: event.id,
    type: event.type as CallEventType,
    fromState: event.fromState as CallState | null,
    toState: event.toState as CallState | null,
    agent: event.agentId ? { id: event.agentId, name: agentName ?? '' } : null,
    source: event.source as CallEventSource,
    occurredAt: event.occurredAt.toISOString(),
    details: (event.details as Record<string, unknown> | null) ?? null,
  };
}

export function toReviewView(review: QaReviewRecord): QaReviewView {
  return {
    id: review.id,
    callId: review.callId,
    reviewer: { id: review.reviewerId ?? '', name: review.reviewerName ?? '' },
    score: review.score,
    comments: review.comments,
    createdAt: review.createdAt.toISOString(),
  };
}

function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}
