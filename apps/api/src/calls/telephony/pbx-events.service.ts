import { Injectable } from '@nestjs/common';

import {
  CallConsultView,
  CallDirection,
  CallEventType,
  CallState,
  ConsultFailureReason,
  PbxCallEvent,
  PbxEventResult,
  PbxEventType,
  RequiredSkill,
  TransferTarget,
} from '@poscalls4u/contracts';
import { CallRow, Database, InjectDatabase } from '@poscalls4u/server-database';

import { isDatabaseUnavailable } from '../../platform/health';
import { AppException } from '../../platform/http';
import { PresenceService } from '../../presence';
import { RollupTotals, StatsRollups } from '../../rollups';
import { canMoveParty, openConferenceOf, withParty } from '../core/call-conference';
import { ConferenceMoves } from '../core/call-conference-moves';
import { consultOf, consultedAgentId } from '../core/call-consult';
import { CallNotifier } from '../core/call-notifier';
import { canMove, isFinal } from '../core/call-state-machine';
import { CallEffects, CallTransitions } from '../core/call-transitions';
import { CallWriteBatch, CallWriteConflict } from '../core/call-write-batch';
import { CallWritesRepository } from '../core/call-writes.repository';
import { RoutingService } from '../routing/routing.service';
import { PbxIngestionRepository } from './pbx-ingestion.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** PostgreSQL's deadlock and serialization failures: the batch is rolled back whole and retried. */
const RETRYABLE_CODES = new Set(['40P01', '40001']);
const MAX_ATTEMPTS = 3;

/** Most events in one transaction when requests are grouped (a larger request goes alone). */
const MAX_GROUP_EVENTS = 500;

type Outcome = Omit<PbxEventResult, 'id'>;

/**
 * Transactions of one integration at a time (per instance): two, so that one's round trips to
 * the database overlap the other's work, while the statistics row of a team has few writers.
 */
const TRANSACTIONS_PER_INTEGRATION = 2;

/**
 * Most events of one integration waiting for its transactions (per instance). Beyond that a
 * request is refused at once with 503 and `Retry-After` (load shedding): under a burst the PBX
 * retries later (safe, event ids make it idempotent) instead of every request waiting ever longer
 * and the waiting requests' memory growing without bound. A few seconds of work at the measured
 * ingestion rates; a request alone may be as large as a batch (500 events).
 */
export const MAX_WAITING_EVENTS = 5_000;
/**
 * The longest the oldest waiting request of an integration may have waited before new ones are
 * refused the same way: the count above is a few seconds of work on a machine with CPU to spare,
 * minutes on a starved one (the fault suite's burst, on a loaded machine, left posts unanswered
 * past the PBX's 15 s timeout with nothing refused). A head of the line this old says the
 * instance is not keeping up, whatever its rate.
 */
export const MAX_WAITING_MS = 5_000;
const OVERLOADED_RETRY_AFTER_SECONDS = 2;

/** The requests of an integration waiting for one of its transactions, and how many run. */
interface Queue {
  waiting: Request[];
  /** Events in `waiting`. */
  waitingEvents: number;
  running: number;
  /** The PBX call ids of the groups running now, each with how many running groups name it. */
  busy: Map<string, number>;
}

/** Whether an integration's queue is too long, in events or in the wait of its oldest request. */
function overloaded(queue: Queue, adding: number): boolean {
  const oldest = queue.waiting[0];
  if (!oldest) return false;
  return (
    queue.waitingEvents + adding > MAX_WAITING_EVENTS || Date.now() - oldest.since > MAX_WAITING_MS
  );
}

/** A request waiting for its integration's transaction. */
interface Request {
  events: PbxCallEvent[];
  /** When it began to wait (Date.now()). */
  since: number;
  resolve: (results: PbxEventResult[]) => void;
  reject: (error: unknown) => void;
}

/** What an event did, and the call as it left it (when there is one). */
type Applied = Outcome & { call?: CallRow };

/** One step of an event: the state it moves the call to and the event recorded. */
interface Step {
  to: CallState;
  type: CallEventType;
}

/** A batch's transaction and what its claim read, as its events are applied one by one. */
interface Batch {
  tx: Database;
  integrationId: string;
  known: KnownCalls;
  /** The skills its events name (see `claimEventsAndLock`). */
  skills: SkillCatalogue;
  /** The teams its events name that exist and are not archived. */
  teams: Set<string>;
  /** The writes of its common moves, held until the next other statement or the end. */
  writes: CallWriteBatch;
  effects: CallEffects;
}

/**
 * Whether `move` writes nothing but the call and its event for this step: no agent to follow
 * (nobody answered it, nobody consulted), no conference or assist to close, and not a connect
 * (which looks up the agent). Such moves are held (`CallWriteBatch`).
 */
function writesOnlyTheCall(call: CallRow, step: Step): boolean {
  return (
    step.to !== 'connected' &&
    call.agentId === null &&
    consultedAgentId(call) === null &&
    openConferenceOf(call) === null &&
    call.assistMode === null
  );
}

/**
 * Applies a PBX's call events. A transaction applies one request (one event or a batch), or
 * several of one integration that arrived together (see `ingest`): their event ids are recorded
 * first (a repeated id is a `duplicate` and changes nothing), the calls they name locked and the
 * skills they require looked up, all in one statement, then each event is applied in order, then
 * the statistics rollups the events moved (each row once) and each event's outcome are written.
 * Events may come late or out of order: times come from the event, a call in a final state is
 * never reopened, and a move the state machine does not allow is `ignored` with its reason rather
 * than refused — the PBX cannot do anything about it, and retrying would not help.
 *
 * A request is all or nothing: an unexpected failure rolls back every event of it (a group that
 * fails is run again one request at a time, so that one request cannot fail another, unless the
 * database itself is unavailable: then the whole group is refused at once), and a PBX
 * that retries it (safe: the event ids make it idempotent) applies none twice. A deadlock with
 * another transaction is retried here, whole, a few times.
 */
@Injectable()
export class PbxEventsService {
  /** By integration, while it has a transaction running. */
  private readonly queues = new Map<string, Queue>();

  constructor(
    @InjectDatabase() private readonly db: Database,
    private readonly ledger: PbxIngestionRepository,
    private readonly writes: CallWritesRepository,
    private readonly transitions: CallTransitions,
    private readonly presence: PresenceService,
    private readonly notifier: CallNotifier,
    private readonly routing: RoutingService,
    private readonly rollups: StatsRollups,
    private readonly conferences: ConferenceMoves,
  ) {}

  /**
   * Applies a request's events, in order. Requests of one integration that arrive while its
   * transactions run wait, then go together in the next one (group commit): every event of a
   * team adds to the same statistics row, which each transaction holds locked until it commits,
   * so many small concurrent transactions would mostly wait for each other.
   */
  ingest(integrationId: string, events: PbxCallEvent[]): Promise<PbxEventResult[]> {
    return new Promise((resolve, reject) => {
      let queue = this.queues.get(integrationId);
      if (!queue) {
        queue = { waiting: [], waitingEvents: 0, running: 0, busy: new Map() };
        this.queues.set(integrationId, queue);
      }
      if (overloaded(queue, events.length)) {
        reject(
          AppException.overloaded(
            'Too many call events are waiting to be applied; send this request again shortly.',
            OVERLOADED_RETRY_AFTER_SECONDS,
          ),
        );
        return;
      }
      queue.waiting.push({ events, since: Date.now(), resolve, reject });
      queue.waitingEvents += events.length;
      if (queue.running < TRANSACTIONS_PER_INTEGRATION) {
        queue.running += 1;
        void this.drain(integrationId, queue);
      }
    });
  }

  /**
   * Runs waiting requests of an integration, a group per transaction, in the order they came,
   * until none is left. A request that names a call the other running transaction holds waits
   * for it: that transaction may be creating the call (its queueing), which a second transaction
   * cannot see before the commit, so a hang-up sent right behind the queueing would find no call.
   * The running transaction's loop takes the request next.
   */
  private async drain(integrationId: string, queue: Queue): Promise<void> {
    while (queue.waiting.length > 0) {
      let events = 0;
      let count = 0;
      while (
        count < queue.waiting.length &&
        (count === 0 || events < MAX_GROUP_EVENTS) &&
        !namesBusyCall(queue.waiting[count] as Request, queue.busy)
      ) {
        events += (queue.waiting[count] as Request).events.length;
        count += 1;
      }
      if (count === 0) break;
      queue.waitingEvents -= events;
      const group = queue.waiting.splice(0, count);
      const callIds = [...new Set(group.flatMap((request) => request.events.map((e) => e.callId)))];
      for (const callId of callIds) queue.busy.set(callId, (queue.busy.get(callId) ?? 0) + 1);
      try {
        await this.applyGroup(integrationId, group);
      } finally {
        for (const callId of callIds) {
          const left = (queue.busy.get(callId) ?? 1) - 1;
          if (left > 0) queue.busy.set(callId, left);
          else queue.busy.delete(callId);
        }
      }
    }
    queue.running -= 1;
    if (queue.running === 0) this.queues.delete(integrationId);
  }

  private async applyGroup(integrationId: string, group: Request[]): Promise<void> {
    try {
      const results = await this.withRetries(
        integrationId,
        group.flatMap((request) => request.events),
      );
      let offset = 0;
      for (const request of group) {
        request.resolve(results.slice(offset, (offset += request.events.length)));
      }
    } catch (error) {
      const [only] = group;
      if (only && group.length === 1) {
        only.reject(error);
        return;
      }
      // The database could not answer (down, frozen): every request of the group fails now with
      // the 503 the PBX retries on, rather than each one alone waiting out its own timeout again.
      if (isDatabaseUnavailable(error)) {
        for (const request of group) request.reject(error);
        return;
      }
      // One request's failure must not fail the requests it was grouped with: each alone.
      for (const request of group) await this.applyGroup(integrationId, [request]);
    }
  }

  private async withRetries(
    integrationId: string,
    events: PbxCallEvent[],
  ): Promise<PbxEventResult[]> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.ingestOnce(integrationId, events);
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !isRetryable(error)) throw error;
      }
    }
  }

  private async ingestOnce(
    integrationId: string,
    events: PbxCallEvent[],
  ): Promise<PbxEventResult[]> {
    const rollups = new RollupTotals();
    const effects = new CallEffects();
    effects.rollups = rollups;
    const outcomes = await this.db.transaction(async (tx) => {
      const { claimed, calls, skills, teams } = await this.ledger.claimEventsAndLock(
        tx,
        integrationId,
        [...new Set(events.map((event) => event.id))],
        [...new Set(events.map((event) => event.callId))],
        [...new Set(events.map((event) => event.callId).filter((id) => UUID.test(id)))],
        skillKeysOf(events),
        [...new Set(events.flatMap((event) => (event.teamId ? [event.teamId] : [])))].filter((id) =>
          UUID.test(id),
        ),
      );
      const batch: Batch = {
        tx,
        integrationId,
        known: new KnownCalls(calls),
        skills,
        teams,
        writes: new CallWriteBatch(),
        effects,
      };
      const results: (Outcome | undefined)[] = new Array<Outcome | undefined>(events.length);
      // Applied in the order they happened (occurredAt; the order sent when equal): a PBX that
      // batches a call's hang-up before its queueing still gets both applied. Answered in the
      // order sent.
      for (const index of chronologicalOrder(events)) {
        const event = events[index] as PbxCallEvent;
        // An id seen twice in one batch is applied the first time only.
        if (!claimed.delete(event.id)) continue;
        const { call, ...outcome } = await this.apply(batch, event);
        if (call) batch.known.set(call);
        results[index] = outcome;
      }
      await batch.writes.flush(tx);
      const settled = events.flatMap((event, index) => {
        const result = results[index];
        return result
          ? [{ eventId: event.id, outcome: result.outcome, callId: result.callId }]
          : [];
      });
      await this.rollups.write(tx, rollups, this.ledger.settlement(integrationId, settled));
      return results;
    });
    const duplicates = await this.ledger.eventCallIds(
      integrationId,
      events.filter((_, index) => !outcomes[index]).map((event) => event.id),
    );
    if (effects.events.length > 0 || effects.assists.length > 0)
      await this.notifier.publish(effects);
    if (effects.route) void this.routing.kick();
    return events.map((event, index) => {
      const outcome = outcomes[index];
      return outcome
        ? { id: event.id, ...outcome }
        : { id: event.id, outcome: 'duplicate', callId: duplicates.get(event.id) ?? null };
    });
  }

  /**
   * Applies one event of a batch. The common moves — a new call queued, a call nobody has
   * answered abandoned or ended — write only the call and its event: they are held in
   * `batch.writes` and written together at the end of the batch. Every other path first
   * flushes what is held, since its statements may read or name those calls.
   */
  private async apply(batch: Batch, event: PbxCallEvent): Promise<Applied> {
    const { tx, integrationId, known, effects, writes } = batch;
    let call = known.find(event.callId);
    const consultEvent = CONSULT_EVENTS.has(event.type);
    if (!call && (!event.teamId || consultEvent)) {
      // Not among the calls locked when the batch began: created since by another request?
      await writes.flush(tx);
      call = await this.writes.lockByExternalId(
        tx,
        integrationId,
        event.callId,
        UUID.test(event.callId) ? event.callId : undefined,
      );
    }
    const at = new Date(event.occurredAt);
    if (Number.isNaN(at.getTime())) {
      return ignored(call?.id ?? null, 'occurredAt is not an ISO 8601 time');
    }
    if (!call) {
      // A consult's outcome is about a consult PosCalls4U opened: never the first news of a call.
      if (consultEvent) return ignored(null, 'unknown call: no consult is open on it');
      const created = await this.create(batch, event, at);
      if (typeof created === 'string') return ignored(null, created);
      if (event.type === PbxEventType.Queued) return applied(created);
      call = created;
      // First heard of in the middle of a conversation: it was answered at that point.
      if (event.type !== PbxEventType.Abandoned && event.type !== PbxEventType.Connected) {
        await writes.flush(tx);
        call = await this.connect(tx, call, 'connected', event, at, effects);
        if (event.type === PbxEventType.Resumed) return applied(call);
      }
    } else {
      if (event.type === PbxEventType.Queued) return ignored(call.id, 'the call is already known');
      // A PBX reporting an outbound call under our id tells us its own id on the way.
      if (call.externalId === null) {
        await writes.flush(tx);
        await this.writes.update(tx, call.id, { externalId: event.callId });
        call = { ...call, externalId: event.callId };
      }
    }

    const state = call.state as CallState;
    if (isFinal(state)) return ignored(call.id, `the call is already ${state}`, call);
    const step = stepFor(event.type, call);
    if (step && canMove(state, step.to) && writesOnlyTheCall(call, step)) {
      const moving = call;
      return applied(await this.held(batch, () => this.move(tx, moving, step, event, at, effects)));
    }
    await writes.flush(tx);
    if (event.type === PbxEventType.AssistStarted || event.type === PbxEventType.AssistEnded) {
      return this.assist(tx, call, event, effects);
    }
    if (event.type === PbxEventType.Transferred)
      return this.transferred(tx, call, event, at, effects);
    if (
      event.type === PbxEventType.ConferencePartyJoined ||
      event.type === PbxEventType.ConferencePartyLeft ||
      event.type === PbxEventType.ConferenceEnded
    ) {
      return this.conference(tx, call, event, at, effects);
    }
    if (consultEvent) return this.consultOutcome(tx, call, event, at, effects);
    if (!step) {
      return ignored(
        call.id,
        `a call that is ${state.replace('_', ' ')} cannot be ${event.type}`,
        call,
      );
    }
    if (!canMove(state, step.to)) {
      return ignored(
        call.id,
        `a call that is ${state.replace('_', ' ')} cannot become ${step.to}`,
        call,
      );
    }
    return applied(await this.move(tx, call, step, event, at, effects));
  }

  /**
   * A call the PBX tells us about for the first time: it joins its team's queue (`call.queued`),
   * or, for a first event of another type that names a team, is created at that point and the
   * event applied next. Answers the reason when it cannot be created.
   */
  private async create(batch: Batch, event: PbxCallEvent, at: Date): Promise<CallRow | string> {
    const { tx, integrationId, effects } = batch;
    if (!event.teamId) return 'unknown call; its first event must carry teamId';
    // The batch's claim read which of the teams it names are active.
    if (!UUID.test(event.teamId) || !batch.teams.has(event.teamId)) return NO_TEAM;
    const skills = requiredSkills(event, batch.skills);
    const values = {
      requiredSkills: skills.required,
      teamId: event.teamId,
      direction: (event.direction ?? 'inbound') as CallDirection,
      state: 'queued' as const,
      fromNumber: event.from ?? 'unknown',
      toNumber: event.to ?? 'unknown',
      integrationId,
      externalId: event.callId,
      priority: Math.min(100, Math.max(0, Math.trunc(event.priority ?? 0))),
      queuedAt: at,
    };
    // Held, as the batch's other new calls: when another transaction has created this call
    // meanwhile (another instance), or archived its team, the flush fails and the batch is run
    // again from its claim, which then finds the call (or the team archived).
    const created = await this.held(batch, () =>
      this.transitions.create(
        tx,
        values,
        {
          type: 'queued',
          at,
          source: 'pbx',
          details: {
            pbxEventId: event.id,
            ...(skills.unknown.length > 0 ? { unknownSkills: skills.unknown } : {}),
          },
        },
        effects,
      ),
    );
    return created ?? NO_TEAM;
  }

  /** Runs `write` with its call writes held in the batch's `writes` (see CallWriteBatch). */
  private async held<T>(batch: Batch, write: () => Promise<T>): Promise<T> {
    batch.effects.writes = batch.writes;
    try {
      return await write();
    } finally {
      batch.effects.writes = undefined;
    }
  }

  private async move(
    tx: Database,
    call: CallRow,
    step: Step,
    event: PbxCallEvent,
    at: Date,
    effects: CallEffects,
  ): Promise<CallRow> {
    if (step.to === 'connected' && call.state !== 'on_hold') {
      return this.connect(tx, call, step.type, event, at, effects);
    }

    let moved = await this.transitions.apply(
      tx,
      call,
      step.to,
      {
        type: step.type,
        at,
        source: 'pbx',
        agentId: call.agentId,
        details: { pbxEventId: event.id },
      },
      effects,
    );
    // The call ended during a conference: every other party's part ends with it.
    moved = await this.conferences.callEnded(
      tx,
      call,
      moved,
      { at, source: 'pbx', actorId: null },
      effects,
    );
    // The caller hung up (or the call ended) during a consult: the consulted agent is free.
    const consulted = consultedAgentId(call);
    if (consulted && consultedAgentId(moved) === null) {
      await this.follow(
        tx,
        consulted,
        call.id,
        { status: 'available', currentCallId: null },
        effects,
      );
      effects.route = true;
    }
    if (!call.agentId) return moved;
    if (step.to === 'wrap_up') {
      await this.follow(tx, call.agentId, call.id, { status: 'wrap_up' }, effects);
    } else if (step.to === 'abandoned' || step.to === 'failed' || step.to === 'completed') {
      // A ringing offer ends, or an outbound call never connected: the agent is free again.
      const status = call.state === 'offered' ? undefined : 'available';
      await this.follow(tx, call.agentId, call.id, { status, currentCallId: null }, effects);
      effects.route = true;
    }
    return moved;
  }

  /**
   * The caller and an agent are talking: the agent the PBX names by email, else the one it rang
   * at. That agent goes on a call; one it rang at who did not answer is free again.
   */
  private async connect(
    tx: Database,
    call: CallRow,
    type: CallEventType,
    event: PbxCallEvent,
    at: Date,
    effects: CallEffects,
  ): Promise<CallRow> {
    const offeredTo = call.state === 'offered' ? call.agentId : null;
    let agentId = call.agentId;
    let unknownAgentEmail: string | undefined;
    if (event.agentEmail) {
      const found = await this.ledger.activeUserIdByEmail(tx, event.agentEmail);
      if (found) agentId = found;
      else unknownAgentEmail = event.agentEmail;
    }
    const connected = await this.transitions.apply(
      tx,
      call,
      'connected',
      {
        type,
        at,
        source: 'pbx',
        assignAgentId: agentId,
        details: { pbxEventId: event.id, ...(unknownAgentEmail ? { unknownAgentEmail } : {}) },
      },
      effects,
    );
    if (offeredTo && offeredTo !== agentId) {
      await this.follow(tx, offeredTo, call.id, { currentCallId: null }, effects);
      effects.route = true;
    }
    if (agentId) {
      await this.follow(
        tx,
        agentId,
        call.id,
        { status: 'on_call', currentCallId: call.id },
        effects,
      );
    }
    return connected;
  }

  /**
   * `call.transferred`: after our `call.transfer` webhook the call is completed (to a number: the
   * final state answers) or queued elsewhere (acknowledged here, also once the next agent has
   * it: the transfer happened before their segment began); otherwise the agent used the
   * phone's own transfer, recorded as theirs would be: the segment closes, the agent is free,
   * and the transfer is audited with no actor.
   */
  private async transferred(
    tx: Database,
    call: CallRow,
    event: PbxCallEvent,
    at: Date,
    effects: CallEffects,
  ): Promise<Applied> {
    if ((call.state === 'queued' || call.state === 'offered') && call.transferCount > 0) {
      return ignored(call.id, 'the transfer is recorded already', call);
    }
    // A confirmation that arrives after the next agent picked up is about the segment before
    // theirs (it happened before their part began): it must not hand their caller on again.
    const segmentStart = call.talkStartedAt ?? call.answeredAt;
    if (call.transferCount > 0 && segmentStart !== null && at <= segmentStart) {
      return ignored(call.id, 'the transfer is recorded already', call);
    }
    if (call.state !== 'connected' && call.state !== 'on_hold') {
      return ignored(
        call.id,
        `a call that is ${call.state.replace('_', ' ')} cannot be transferred`,
        call,
      );
    }
    let target: TransferTarget;
    if (event.transferTeamId) {
      if (!(await this.ledger.teamIsActive(tx, event.transferTeamId))) {
        return ignored(call.id, NO_TEAM, call);
      }
      target = { type: 'queue', teamId: event.transferTeamId };
    } else if (event.transferTo) {
      target = { type: 'number', to: event.transferTo };
    } else {
      return ignored(call.id, 'call.transferred needs transferTo or transferTeamId', call);
    }
    const moved = await this.transitions.transfer(
      tx,
      call,
      target,
      target.type === 'queue' ? target.teamId : null,
      { at, source: 'pbx', agentId: call.agentId, details: { pbxEventId: event.id } },
      effects,
    );
    await this.transitions.transferReported(tx, call, moved, target);
    await this.conferences.callEnded(
      tx,
      call,
      moved,
      { at, source: 'pbx', actorId: null },
      effects,
    );
    if (call.agentId) {
      await this.follow(
        tx,
        call.agentId,
        call.id,
        { status: 'available', currentCallId: null },
        effects,
      );
      effects.route = true;
    }
    return applied(moved);
  }

  /**
   * The PBX's side of a conference. `conference.party_joined`: a joining party's leg is up (a
   * joined one is confirmed, nothing changes). `conference.party_left`: its leg is gone; the rule
   * of a party leaving applies (the call's agent hands the call on). A party that has left stays
   * so: a join after its leave (out of order) is ignored. `conference.ended`: the bridge is
   * gone, the call ends as with `call.ended`.
   */
  private async conference(
    tx: Database,
    call: CallRow,
    event: PbxCallEvent,
    at: Date,
    effects: CallEffects,
  ): Promise<Applied> {
    const conference = openConferenceOf(call);
    if (!conference) return ignored(call.id, 'no conference is in progress', call);
    if (event.type === PbxEventType.ConferenceEnded) {
      const step = stepFor(PbxEventType.Ended, call);
      if (!step || !canMove(call.state as CallState, step.to)) {
        return ignored(call.id, `a call that is ${call.state.replace('_', ' ')} cannot end`, call);
      }
      return applied(await this.move(tx, call, step, event, at, effects));
    }
    if (!event.partyId) return ignored(call.id, `${event.type} needs partyId`, call);
    const party = conference.parties.find((one) => one.id === event.partyId);
    if (!party) return ignored(call.id, 'no such party on the conference', call);
    // A party that has left stays so (a late join, or a repeated leave, changes nothing).
    if (!canMoveParty(party.state, 'left')) {
      return ignored(call.id, 'the party has left already', call);
    }
    if (event.type === PbxEventType.ConferencePartyJoined) {
      if (party.state === 'joined') return applied(call); // the PBX confirms what we know
      const next = await this.transitions.annotate(
        tx,
        call,
        {
          conference: withParty(conference, party.id, {
            state: 'joined',
            joinedAt: at.toISOString(),
          }),
        },
        {
          type: 'party_joined',
          at,
          source: 'pbx',
          agentId: party.user?.id ?? null,
          details: { pbxEventId: event.id, partyId: party.id, kind: party.kind },
        },
        effects,
      );
      return applied(next);
    }
    if (party.kind === 'caller') {
      return ignored(call.id, "the caller's leg ends with call.ended", call);
    }
    const outcome = await this.conferences.leave(
      tx,
      call,
      conference,
      party,
      { at, source: 'pbx', actorId: null, reason: 'hung_up' },
      effects,
    );
    if (!outcome) {
      return ignored(
        call.id,
        "the call's agent left with nobody else joined; report call.ended to end the call",
        call,
      );
    }
    return applied(outcome.call);
  }

  /**
   * The PBX's outcome of a consult leg, for the consult it names (`consultId`, from the
   * `call.consult` webhook): an event of a consult that is over (completed, cancelled, failed
   * already, or followed by another consult) is ignored, so duplicates and late or reordered
   * events change nothing. `call.consult.answered` stamps the consult's `answeredAt` and records
   * `consult_answered` (a second answer is ignored). `call.consult.failed` closes the consult as
   * a cancel does: the caller is resumed (the PBX has already taken them off hold, as Atxfer
   * does), a consulted agent is free, the end is audited with no actor, and `consult_failed`
   * carries the reason the agent is shown.
   */
  private async consultOutcome(
    tx: Database,
    call: CallRow,
    event: PbxCallEvent,
    at: Date,
    effects: CallEffects,
  ): Promise<Applied> {
    if (!event.consultId) return ignored(call.id, `${event.type} needs consultId`, call);
    const consult = consultOf(call);
    if (!consult || consult.id !== event.consultId) {
      return ignored(call.id, 'that consult is over (completed, cancelled or failed)', call);
    }
    const details = { pbxEventId: event.id, consultId: consult.id, target: consult.target };
    if (event.type === PbxEventType.ConsultAnswered) {
      if (consult.answeredAt) return ignored(call.id, 'the consult was answered already', call);
      const answered: CallConsultView = { ...consult, answeredAt: at.toISOString() };
      return applied(
        await this.transitions.annotate(
          tx,
          call,
          { consult: answered },
          { type: 'consult_answered', at, source: 'pbx', agentId: call.agentId, details },
          effects,
        ),
      );
    }
    const reason: ConsultFailureReason = event.failureReason ?? 'unreachable';
    const failed = {
      type: 'consult_failed' as const,
      at,
      source: 'pbx' as const,
      agentId: call.agentId,
      details: { ...details, reason },
    };
    const next =
      call.state === 'on_hold'
        ? await this.transitions.apply(tx, call, 'connected', failed, effects, { consult: null })
        : await this.transitions.annotate(tx, call, { consult: null }, failed, effects);
    if (consult.agent) {
      await this.follow(
        tx,
        consult.agent.id,
        call.id,
        { status: 'available', currentCallId: null },
        effects,
      );
      effects.route = true;
    }
    await this.transitions.consultFailedReported(tx, call, consult, reason);
    return applied(next);
  }

  /**
   * The PBX's side of a supervisor's assist. `assist.started` confirms the assist we asked for
   * (nothing changes), or records the mode the PBX reports, or an assist the PBX started itself
   * for the supervisor it names by email (the PBX is trusted as for agents it connects);
   * `assist.ended` ends the assist (the supervisor hung up). Changes are audited and announced
   * like a supervisor's; an assist on a call that is not live, or with nobody to name, is ignored.
   */
  private async assist(
    tx: Database,
    call: CallRow,
    event: PbxCallEvent,
    effects: CallEffects,
  ): Promise<Applied> {
    if (call.state !== 'connected' && call.state !== 'on_hold') {
      return ignored(call.id, `a call that is ${call.state.replace('_', ' ')} has no assist`, call);
    }
    if (event.type === PbxEventType.AssistEnded) {
      if (call.assistSupervisorId === null) return ignored(call.id, 'no assist in progress', call);
      const ended: CallRow = {
        ...call,
        assistMode: null,
        assistSupervisorId: null,
        assistStartedAt: null,
      };
      await this.writes.update(tx, call.id, {
        assistMode: null,
        assistSupervisorId: null,
        assistStartedAt: null,
      });
      await this.transitions.assistEnded(tx, call, ended, 'pbx', effects);
      return applied(ended);
    }
    if (!event.assistMode) return ignored(call.id, 'assist.started needs assistMode', call);
    const named = event.supervisorEmail
      ? await this.ledger.activeUserIdByEmail(tx, event.supervisorEmail)
      : undefined;
    if (event.supervisorEmail && !named) {
      return ignored(call.id, 'no active user has supervisorEmail', call);
    }
    const supervisorId = named ?? call.assistSupervisorId;
    if (!supervisorId)
      return ignored(call.id, 'no supervisor: name one with supervisorEmail', call);
    if (call.assistSupervisorId !== null && call.assistSupervisorId !== supervisorId) {
      return ignored(call.id, 'another supervisor assists the call', call);
    }
    if (call.assistSupervisorId === supervisorId && call.assistMode === event.assistMode) {
      return applied(call); // the PBX confirms what we asked for
    }
    const at = new Date(event.occurredAt);
    const changes: Partial<CallRow> =
      call.assistSupervisorId === null
        ? { assistMode: event.assistMode, assistSupervisorId: supervisorId, assistStartedAt: at }
        : { assistMode: event.assistMode };
    if (call.assistSupervisorId === null && (await this.ledger.assisting(tx, supervisorId))) {
      return ignored(call.id, 'the supervisor assists another call', call);
    }
    await this.writes.update(tx, call.id, changes);
    const next: CallRow = { ...call, ...changes };
    await this.transitions.assistReported(tx, call, next, supervisorId, effects);
    return applied(next);
  }

  /**
   * Moves an agent with a call, when that call is theirs (or they hold none): an agent the PBX
   * names while they hold another call keeps their state for that other call.
   */
  private async follow(
    tx: Database,
    agentId: string,
    callId: string,
    change: { status?: 'on_call' | 'wrap_up' | 'available'; currentCallId?: string | null },
    effects: CallEffects,
  ): Promise<void> {
    const current = await this.presence.lockForCall(tx, agentId);
    if (current.currentCallId !== null && current.currentCallId !== callId) return;
    if (await this.presence.applyForCall(tx, agentId, current, change)) effects.agents.add(agentId);
  }
}

/** What an event does to a call in its current state; undefined when it means nothing there. */
function stepFor(type: PbxEventType, call: CallRow): Step | undefined {
  const state = call.state as CallState;
  switch (type) {
    // Not moves of the call: `queued` creates it, assists are applied by `assist`.
    case PbxEventType.Queued:
    case PbxEventType.AssistStarted:
    case PbxEventType.AssistEnded:
    case PbxEventType.Transferred:
    case PbxEventType.ConferencePartyJoined:
    case PbxEventType.ConferencePartyLeft:
    case PbxEventType.ConferenceEnded:
    case PbxEventType.ConsultAnswered:
    case PbxEventType.ConsultFailed:
      return undefined;
    case PbxEventType.Abandoned:
      return { to: 'abandoned', type: 'abandoned' };
    case PbxEventType.Connected:
      return state === 'on_hold'
        ? { to: 'connected', type: 'resumed' }
        : { to: 'connected', type: 'connected' };
    case PbxEventType.Hold:
      return { to: 'on_hold', type: 'held' };
    case PbxEventType.Resumed:
      return { to: 'connected', type: 'resumed' };
    case PbxEventType.Ended:
      // Hung up before anyone answered: abandoned (inbound) or failed (outbound dialing).
      if (state === 'queued' || state === 'offered') return { to: 'abandoned', type: 'abandoned' };
      if (state === 'dialing') return { to: 'failed', type: 'failed' };
      return call.agentId ? { to: 'wrap_up', type: 'ended' } : { to: 'completed', type: 'ended' };
  }
  return undefined;
}

const NO_TEAM = 'no such team, or the team is archived';

/** The outcomes of a consult leg: they concern a consult open on a known call. */
const CONSULT_EVENTS: ReadonlySet<PbxEventType> = new Set([
  PbxEventType.ConsultAnswered,
  PbxEventType.ConsultFailed,
]);

/**
 * The catalogue's skills a batch names, read with its claim (`claimEventsAndLock`): skill id by
 * lower-cased name and by id.
 */
type SkillCatalogue = Map<string, string>;

/** What a batch's events name as required skills, as the catalogue is searched: lower-cased. */
function skillKeysOf(events: PbxCallEvent[]): string[] {
  const keys = new Set<string>();
  for (const event of events) {
    for (const item of event.requiredSkills ?? []) keys.add(item.skill.trim().toLowerCase());
  }
  return [...keys];
}

/**
 * The skills a new call requires, by id: those the event names that the catalogue has (the
 * others are reported as unknown); null when the event names none, or none known: the team's
 * default then applies.
 */
function requiredSkills(
  event: PbxCallEvent,
  catalogue: SkillCatalogue,
): { required: RequiredSkill[] | null; unknown: string[] } {
  if (!event.requiredSkills || event.requiredSkills.length === 0) {
    return { required: null, unknown: [] };
  }
  const required = new Map<string, number>();
  const unknown: string[] = [];
  for (const item of event.requiredSkills) {
    const id = catalogue.get(item.skill.trim().toLowerCase());
    if (!id) unknown.push(item.skill);
    // A skill named twice counts once, at the higher level.
    else required.set(id, Math.max(required.get(id) ?? 0, item.minLevel));
  }
  return {
    required:
      required.size > 0
        ? [...required].map(([skillId, minLevel]) => ({ skillId, minLevel }))
        : null,
    unknown,
  };
}

function applied(call: CallRow): Applied {
  return { outcome: 'applied', callId: call.id, call };
}

/** The indexes of `events` by occurredAt, stable; an unreadable time first (it is ignored). */
function chronologicalOrder(events: PbxCallEvent[]): number[] {
  const time = (event: PbxCallEvent) => {
    const at = Date.parse(event.occurredAt);
    return Number.isNaN(at) ? -Infinity : at;
  };
  return events
    .map((_, index) => index)
    .sort((a, b) => {
      const byTime = time(events[a] as PbxCallEvent) - time(events[b] as PbxCallEvent);
      return byTime === 0 || Number.isNaN(byTime) ? a - b : byTime;
    });
}

function ignored(callId: string | null, reason: string, call?: CallRow): Applied {
  return { outcome: 'ignored', callId, reason, call };
}

/** Whether a request names a call that a running transaction of its integration holds. */
function namesBusyCall(request: Request, busy: Map<string, number>): boolean {
  return busy.size > 0 && request.events.some((event) => busy.has(event.callId));
}

function isRetryable(error: unknown): boolean {
  // Drizzle wraps the driver's error in its own, with the original as `cause`.
  for (let current = error; current instanceof Error; current = current.cause) {
    if (current instanceof CallWriteConflict) return true;
    if (RETRYABLE_CODES.has((current as { code?: unknown }).code as string)) return true;
  }
  return false;
}

/**
 * The calls of a batch, as locked at its start and then as its events leave them: a PBX names a
 * call by its own id, or by ours for an outbound call it has not told us its id for yet.
 */
class KnownCalls {
  private readonly byExternalId = new Map<string, CallRow>();
  private readonly byId = new Map<string, CallRow>();

  constructor(rows: CallRow[]) {
    for (const row of rows) this.set(row);
  }

  find(pbxCallId: string): CallRow | undefined {
    const byOurId = this.byId.get(pbxCallId);
    return this.byExternalId.get(pbxCallId) ?? (byOurId?.externalId === null ? byOurId : undefined);
  }

  set(row: CallRow): void {
    this.byId.set(row.id, row);
    if (row.externalId !== null) this.byExternalId.set(row.externalId, row);
  }
}
