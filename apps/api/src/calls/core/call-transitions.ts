import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';

import {
  AssistMode,
  AuditAction,
  CallAssistEvent,
  CallAssistView,
  CallConsultView,
  CallEventSource,
  CallEventType,
  CallState,
  ConsultFailureReason,
  ConsultTarget,
  ErrorCode,
  QueuePosition,
  TransferTarget,
  WebhookAction,
  WebhookActionType,
} from '@poscalls4u/contracts';
import { APP_CONFIG, AppConfig } from '@poscalls4u/server-config';
import { CallEventRow, CallRow, Database } from '@poscalls4u/server-database';
import { JobName } from '@poscalls4u/server-jobs';

import { AuditService } from '../../platform/audit';
import { AppException } from '../../platform/http';
import { OutboxService } from '../../platform/outbox';
import { RollupTotals, StatsRollups } from '../../rollups';
import { conferenceEnded, openConferenceOf } from './call-conference';
import { CallReadModelRepository } from './call-read-model.repository';
import { CallClock, canMove, move, segmentOf } from './call-state-machine';
import { CallWriteBatch } from './call-write-batch';
import { CallWritesRepository, NewCall, NewCallEvent } from './call-writes.repository';

/**
 * What a committed transaction must cause afterwards: realtime events, presence pushes,
 * statistics, an outbox dispatch, another routing round. Collected while the transaction runs,
 * acted on by CallNotifier once it has committed (never before: a rolled-back change must not
 * be announced).
 */
export class CallEffects {
  /** Events applied, with their call as the event left it: one `call:updated` each. */
  readonly events: { callId: string; event: CallEventRow; call: CallRow }[] = [];
  /** Calls that started ringing at an agent: `call:offered`. */
  readonly offered = new Set<string>();
  /** Agents whose state changed: their presence is pushed. */
  readonly agents = new Set<string>();
  /** Teams whose queue changed: `call:statistics`. */
  readonly teams = new Set<string>();
  /** Supervisors' assists started, switched or stopped: `call:assist` (and the agent's notice). */
  readonly assists: AssistChange[] = [];
  /** A call joined a queue or an agent became free: routing runs again. */
  route = false;
  /** Outbox rows were written. */
  outbox = false;
  /**
   * When set, the statistics rollups of the events are summed here and written by the owner of
   * the transaction before it commits (`StatsRollups.write`), rather than one statement each.
   */
  rollups?: RollupTotals;
  /**
   * When set, the calls and events of moves are held there and written together by its
   * `flush`, which the owner of the transaction calls before any other statement that could read
   * them (see CallWriteBatch); only set around moves that write nothing else.
   */
  writes?: CallWriteBatch;
}

/** An assist's change, announced after the commit (`assist` null: it stopped). */
export interface AssistChange {
  call: CallRow;
  assist: CallAssistView | null;
  reason?: CallAssistEvent['reason'];
}

/** The audit's client for changes no request made (a call that ended, a PBX event). */
const SYSTEM_CONTEXT = { ip: 'system', userAgent: 'PosCalls4U' };

export interface TransitionEvent {
  type: CallEventType;
  at: Date;
  source: CallEventSource;
  /** The agent concerned (default: the call's agent after the move). */
  agentId?: string | null;
  actorId?: string | null;
  details?: Record<string, unknown>;
  /** `offered`/`connected`/`dialing`: the agent it rings at or who answered. */
  assignAgentId?: string | null;
}

/**
 * Applies a move of the state machine to a locked call: checks it is legal (409 INVALID_STATE
 * otherwise, so nothing is written), updates the call's times and durations, and records the
 * event, and the statistics rollups it moves. Also writes the outbox jobs that tell a PBX what an
 * agent did. The call and its events are written through CallWritesRepository, never here.
 */
@Injectable()
export class CallTransitions {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly writes: CallWritesRepository,
    private readonly readModel: CallReadModelRepository,
    private readonly outbox: OutboxService,
    private readonly rollups: StatsRollups,
    private readonly audit: AuditService,
  ) {}

  get offerTimeoutSeconds(): number {
    return this.config.calls.offerTimeoutSeconds;
  }

  async apply(
    executor: Database,
    call: CallRow,
    to: CallState,
    event: TransitionEvent,
    effects: CallEffects,
    extra: Partial<CallRow> = {},
  ): Promise<CallRow> {
    const from = call.state as CallState;
    if (!canMove(from, to)) {
      throw new AppException(
        ErrorCode.InvalidState,
        `A call that is ${from.replace('_', ' ')} cannot become ${to.replace('_', ' ')}.`,
        HttpStatus.CONFLICT,
      );
    }
    const clock = move({ ...call, state: from }, to, event.at, {
      agentId: event.assignAgentId,
      offerExpiresAt:
        to === 'offered'
          ? new Date(event.at.getTime() + this.offerTimeoutSeconds * 1000)
          : undefined,
    });
    // The time is set here rather than by the database so that `next` is the row as stored:
    // the realtime push is built from it without reading the call back.
    const changes = {
      ...clockColumns(clock),
      ...(LIVE.includes(to) ? {} : endOfConversation(call, event.at)),
      ...extra,
      updatedAt: new Date(),
    };
    const next: CallRow = { ...call, ...changes };
    const recorded = this.eventRow(next, from, to, event);
    const row = effects.writes
      ? effects.writes.update(next, changes, recorded)
      : await this.writes.updateAndRecord(executor, call.id, changes, recorded);
    await this.rollups.callEvent(executor, call, next, row, effects.rollups);
    this.collect(next, to, row, effects);
    if (call.assistMode !== null && next.assistMode === null) {
      await this.assistEnded(executor, call, next, 'call_ended', effects);
    }
    return next;
  }

  /**
   * A blind transfer of a connected or held call: to an outside number (`toTeamId` null) the
   * call completes; to a team's queue it is queued there and the closed segment is recorded in
   * `call_segments`. Its place in that queue: `queuePosition` when the transfer chose one, else
   * the team's `transferredCalls` setting; `keep` leaves it at its arrival, `back` puts it behind
   * every caller waiting (`requeued_at`). Its arrival (`queued_at`, the statistics' bucket) never
   * moves. The event carries the target, the place and the segment's figures (the rollups read
   * them). The caller moves the agents and tells the PBX.
   */
  async transfer(
    executor: Database,
    call: CallRow,
    target: TransferTarget,
    toTeamId: string | null,
    event: Omit<TransitionEvent, 'type' | 'details'> & { details?: Record<string, unknown> },
    effects: CallEffects,
    queuePosition?: QueuePosition,
  ): Promise<CallRow> {
    const segment = segmentOf({ ...call, state: call.state as CallState }, event.at);
    const position =
      toTeamId === null
        ? undefined
        : (queuePosition ?? (await this.readModel.transferredCalls(executor, toTeamId)));
    const transferred: TransitionEvent = {
      ...event,
      type: 'transferred',
      details: {
        ...event.details,
        target,
        ...(position ? { queuePosition: position } : {}),
        segment: { teamId: call.teamId, toTeamId, talkMs: segment.talkMs, holdMs: segment.holdMs },
      },
    };
    if (toTeamId === null) return this.apply(executor, call, 'completed', transferred, effects);
    const next = await this.apply(executor, call, 'queued', transferred, effects, {
      teamId: toTeamId,
      requeuedAt: position === 'back' ? event.at : null,
    });
    await this.writes.insertSegment(executor, {
      callId: call.id,
      teamId: call.teamId,
      agentId: segment.agentId,
      toTeamId,
      target,
      startedAt: segment.startedAt,
      endedAt: event.at,
      ringMs: segment.ringMs,
      talkMs: segment.talkMs,
      holdMs: segment.holdMs,
      holdCount: segment.holdCount,
    });
    return next;
  }

  /** A transfer the PBX made itself (the phone's transfer key): audited with no actor. */
  async transferReported(
    executor: Database,
    before: CallRow,
    after: CallRow,
    target: TransferTarget,
  ): Promise<void> {
    await this.audit.record(
      {
        action: AuditAction.CallTransferred,
        outcome: 'success',
        context: SYSTEM_CONTEXT,
        actorId: null,
        targetUserId: before.agentId,
        details: {
          callId: before.id,
          fromTeamId: before.teamId,
          toTeamId: target.type === 'queue' ? after.teamId : null,
          targetType: target.type,
          source: 'pbx',
        },
      },
      executor,
    );
  }

  /**
   * A consult the PBX reports failed (`call.consult.failed`): its end is audited as an agent's
   * cancel would be (`calls.consult_ended`), with no actor and the reason.
   */
  async consultFailedReported(
    executor: Database,
    call: CallRow,
    consult: CallConsultView,
    reason: ConsultFailureReason,
  ): Promise<void> {
    await this.audit.record(
      {
        action: AuditAction.CallConsultEnded,
        outcome: 'success',
        context: SYSTEM_CONTEXT,
        actorId: null,
        targetUserId: consult.agent?.id ?? null,
        details: {
          callId: call.id,
          teamId: call.teamId,
          targetType: consult.target.type,
          result: 'failed',
          reason,
          source: 'pbx',
        },
      },
      executor,
    );
  }

  /**
   * An assist the PBX reports started, or switched mode (the supervisor used the PBX's own
   * feature codes): audited with no actor, announced after the commit.
   */
  async assistReported(
    executor: Database,
    before: CallRow,
    after: CallRow,
    supervisorId: string,
    effects: CallEffects,
  ): Promise<void> {
    const started = before.assistSupervisorId === null;
    await this.audit.record(
      {
        action: started ? AuditAction.CallAssistStarted : AuditAction.CallAssistChanged,
        outcome: 'success',
        context: SYSTEM_CONTEXT,
        actorId: null,
        targetUserId: after.agentId,
        details: {
          callId: after.id,
          teamId: after.teamId,
          mode: after.assistMode,
          supervisorId,
          source: 'pbx',
          ...(started ? {} : { from: before.assistMode }),
        },
      },
      executor,
    );
    const supervisor = await this.readModel.agentContact(executor, supervisorId);
    effects.assists.push({
      call: after,
      assist: {
        callId: after.id,
        teamId: after.teamId,
        agentId: after.agentId,
        mode: after.assistMode as AssistMode,
        supervisor: { id: supervisorId, name: supervisor?.name ?? '' },
        startedAt: (after.assistStartedAt ?? new Date()).toISOString(),
      },
    });
  }

  /**
   * An assist ended without its supervisor stopping it (the call left the conversation, or the
   * PBX reported the supervisor's leg gone): audited in the transaction, announced after it.
   */
  async assistEnded(
    executor: Database,
    before: CallRow,
    after: CallRow,
    reason: 'call_ended' | 'pbx',
    effects: CallEffects,
  ): Promise<void> {
    await this.audit.record(
      {
        action: AuditAction.CallAssistStopped,
        outcome: 'success',
        context: SYSTEM_CONTEXT,
        actorId: null,
        targetUserId: before.assistSupervisorId,
        details: { callId: before.id, teamId: before.teamId, mode: before.assistMode, reason },
      },
      executor,
    );
    effects.assists.push({ call: after, assist: null, reason });
  }

  /**
   * Records an event that changes a call without moving it (mute, DTMF): updates the given
   * columns and records the event (no state on either side), in one round trip.
   */
  async annotate(
    executor: Database,
    call: CallRow,
    changes: Partial<CallRow>,
    event: TransitionEvent,
    effects: CallEffects,
  ): Promise<CallRow> {
    const stamped = { ...changes, updatedAt: new Date() };
    const next: CallRow = { ...call, ...stamped };
    const row = await this.writes.updateAndRecord(
      executor,
      call.id,
      stamped,
      this.eventRow(next, null, null, event),
    );
    this.collect(next, null, row, effects);
    return next;
  }

  /**
   * Creates a call a PBX reports, with the event that created it (from nothing to `queued`), when
   * its team is active and the integration has no call with this external id; undefined otherwise.
   * With `effects.writes` the call is held there (and always answered): its flush makes those
   * checks, and fails the transaction when one does not hold.
   */
  async create(
    executor: Database,
    values: NewCall,
    event: TransitionEvent,
    effects: CallEffects,
  ): Promise<CallRow | undefined> {
    const first = {
      type: event.type,
      fromState: null,
      toState: values.state,
      agentId: event.agentId ?? values.agentId ?? null,
      actorId: event.actorId ?? null,
      source: event.source,
      occurredAt: event.at,
      details: event.details ?? null,
    };
    // Held: the team was found active by the caller, and the flush checks it again.
    const created = effects.writes
      ? effects.writes.insert(values, first)
      : await this.writes.insertWithEvent(executor, values, first);
    if (!created) return undefined;
    await this.rollups.callEvent(executor, null, created.call, created.event, effects.rollups);
    this.collect(created.call, values.state, created.event, effects);
    return created.call;
  }

  /** Records an event: a move (from the state it left) or the creation of a call (from null). */
  async record(
    executor: Database,
    call: CallRow,
    from: CallState | null,
    to: CallState | null,
    event: TransitionEvent,
    effects: CallEffects,
  ): Promise<void> {
    const row = await this.writes.insertEvent(executor, this.eventRow(call, from, to, event));
    // From nothing to a state: the event that created the call.
    await this.rollups.callEvent(
      executor,
      from === null && to !== null ? null : call,
      call,
      row,
      effects.rollups,
    );
    this.collect(call, to, row, effects);
  }

  private eventRow(
    call: CallRow,
    from: CallState | null,
    to: CallState | null,
    event: TransitionEvent,
  ): NewCallEvent {
    return {
      callId: call.id,
      type: event.type,
      fromState: from,
      toState: to,
      agentId: event.agentId !== undefined ? event.agentId : call.agentId,
      actorId: event.actorId ?? null,
      source: event.source,
      occurredAt: event.at,
      details: event.details ?? null,
    };
  }

  private collect(call: CallRow, to: CallState | null, row: CallEventRow, effects: CallEffects) {
    effects.events.push({ callId: call.id, event: row, call });
    effects.teams.add(call.teamId);
    if (to === 'offered') effects.offered.add(call.id);
    if (to === 'queued') effects.route = true;
  }

  /** Tells the call's PBX (when it came from one) what happened, through the outbox. */
  async notifyPbx(
    executor: Database,
    call: CallRow,
    type: WebhookActionType,
    at: Date,
    effects: CallEffects,
    options: {
      agentId?: string | null;
      to?: string;
      from?: string;
      disposition?: string;
      target?: TransferTarget | ConsultTarget;
      queuePosition?: QueuePosition;
      consultId?: string;
      digits?: string;
      assist?: WebhookAction['assist'];
      party?: WebhookAction['party'];
      conference?: WebhookAction['conference'];
    } = {},
  ): Promise<void> {
    if (!call.integrationId) return;
    const agentId = options.agentId !== undefined ? options.agentId : call.agentId;
    const agent = agentId ? await this.readModel.agentContact(executor, agentId) : undefined;
    const action: WebhookAction = {
      id: randomUUID(),
      type,
      occurredAt: at.toISOString(),
      callId: call.id,
      externalId: call.externalId,
      agent: agent ?? null,
      ...(options.to !== undefined ? { to: options.to } : {}),
      ...(options.from !== undefined ? { from: options.from } : {}),
      ...(options.disposition !== undefined ? { disposition: options.disposition } : {}),
      ...(options.target !== undefined ? { target: options.target } : {}),
      ...(options.queuePosition !== undefined ? { queuePosition: options.queuePosition } : {}),
      ...(options.consultId !== undefined ? { consultId: options.consultId } : {}),
      ...(options.digits !== undefined ? { digits: options.digits } : {}),
      ...(options.assist !== undefined ? { assist: options.assist } : {}),
      ...(options.party !== undefined ? { party: options.party } : {}),
      ...(options.conference !== undefined ? { conference: options.conference } : {}),
    };
    await this.outbox.add(executor, JobName.DeliverWebhook, {
      integrationId: call.integrationId,
      action,
    });
    effects.outbox = true;
  }
}

/** The states with a conversation going on: mute and assist only mean something there. */
const LIVE: readonly CallState[] = ['connected', 'on_hold'];

/**
 * What a call that leaves the conversation sheds: the mute, an open consult or conference, and a supervisor's assist (the PBX
 * drops the spy channel with the call; `apply` audits and announces the assist's end).
 */
function endOfConversation(call: CallRow, at: Date): Partial<CallRow> {
  const changes: Partial<CallRow> = {};
  if (call.muted) changes.muted = false;
  // A consult leg does not outlive the conversation (completed, transferred or hung up).
  if (call.consult !== null) changes.consult = null;
  // Nor does a conference: it ends, its parties with it (kept for the history).
  const conference = openConferenceOf(call);
  if (conference) changes.conference = conferenceEnded(conference, at);
  if (call.assistMode !== null) {
    changes.assistMode = null;
    changes.assistSupervisorId = null;
    changes.assistStartedAt = null;
  }
  return changes;
}

function clockColumns(clock: CallClock): Partial<CallRow> {
  return {
    state: clock.state,
    agentId: clock.agentId,
    queuedAt: clock.queuedAt,
    offeredAt: clock.offeredAt,
    offerExpiresAt: clock.offerExpiresAt,
    answeredAt: clock.answeredAt,
    talkStartedAt: clock.talkStartedAt,
    transferCount: clock.transferCount,
    holdStartedAt: clock.holdStartedAt,
    endedAt: clock.endedAt,
    completedAt: clock.completedAt,
    waitMs: clock.waitMs,
    ringMs: clock.ringMs,
    talkMs: clock.talkMs,
    holdMs: clock.holdMs,
    holdCount: clock.holdCount,
    afterCallWorkMs: clock.afterCallWorkMs,
  };
}
