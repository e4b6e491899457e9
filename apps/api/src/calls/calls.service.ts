import { HttpStatus, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';

import {
  AgentStatus,
  AuditAction,
  CallConsultView,
  CallDetailView,
  CallEventType,
  CallState,
  CallView,
  ConsultTarget,
  CurrentCallResult,
  CursorPage,
  ErrorCode,
  Permission,
  QaReviewView,
  QueuePosition,
  TeamPermission,
  TransferAgentOption,
  TransferTarget,
  TransferTargetsResult,
  WebhookActionType,
} from '@poscalls4u/contracts';
import { CallRow, Database, DispositionRow, InjectDatabase } from '@poscalls4u/server-database';

import { AuthUser } from '../identity/access';
import { AuditService } from '../platform/audit';
import { AppException, RequestContext, timeIdPage, timeIdWindow } from '../platform/http';
import { PresenceService } from '../presence';
import { TeamAccess, TeamsService } from '../teams';
import { CallAssistsService } from './assist/call-assists.service';
import { openConferenceOf } from './core/call-conference';
import { ConferenceMoves } from './core/call-conference-moves';
import { consultOf } from './core/call-consult';
import { CallNotifier } from './core/call-notifier';
import { NO_SUCH_CALL, callScope, invalidState, ownCall } from './core/call-ownership';
import { CallReadModelRepository } from './core/call-read-model.repository';
import { CallTargets } from './core/call-targets';
import { CallEffects, CallTransitions } from './core/call-transitions';
import { toCallView, toEventView, toReviewView, toSegmentViews } from './core/call-views';
import { CallWritesRepository } from './core/call-writes.repository';
import { CallerHistoryReader } from './core/caller-history';
import { QaReviewsRepository } from './core/qa-reviews.repository';
import { DispositionsRepository } from './dispositions/dispositions.repository';
import {
  CreateCallDto,
  CreateQaReviewDto,
  ListCallsQueryDto,
  StartOutboundCallDto,
  WrapUpCallDto,
} from './dto/calls.dto';
import { RoutingService } from './routing/routing.service';
import { IntegrationsRepository } from './telephony/integrations.repository';

/**
 * While a consult is open the caller stays on hold and the consulted party is reserved: hold,
 * resume, end and a blind transfer wait until it is completed or cancelled (the PBX's attended
 * transfer has the same two ways out), so no consulted agent is left reserved by a call gone.
 */
const CONSULT_OPEN = 'A consult is open; complete or cancel it first.';
/**
 * In a conference the caller talks with every party: hold, resume, a transfer or a consult
 * would leave the others talking without them. Ending the call ends the conference.
 */
const CONFERENCE_OPEN = 'A conference is in progress; leave it or end the call first.';
/** The name in the calls list's cursors, so another list's cursor is refused. */
const CALLS_CURSOR = 'calls';

/** How an agent's presence follows their call. */
type PresenceChange = { status?: AgentStatus; currentCallId?: string | null };

/** What one agent action does to the call that rings at, or is worked by, that agent. */
interface AgentAction {
  /** The states the call may be in. */
  from: CallState[];
  /** The state the call moves to, and the event that records it. */
  to: CallState;
  event: CallEventType;
  /** How the agent's presence follows; an agent made available may get the next call. */
  agent?: PresenceChange;
  /** The webhook that tells the call's PBX (a call without one skips it). */
  pbx?: WebhookActionType;
  /** A wrap-up's disposition (it must be active) and notes, written with the move. */
  wrapUp?: WrapUpCallDto;
}

/** An agent's action that changes a call without moving it: mute, unmute, DTMF. */
interface CallControl {
  from: CallState[];
  event: CallEventType;
  /** Refuses (409 INVALID_STATE, with the message returned) when the call is already so. */
  check?: (call: CallRow) => string | undefined;
  changes: Partial<CallRow>;
  details?: Record<string, unknown>;
  pbx: WebhookActionType;
  digits?: string;
}

/**
 * The call lifecycle as people drive it: supervisors queue calls by hand, agents answer, hold,
 * end and wrap up the calls that ring at them and dial out; everyone reads the calls they may
 * see (admins all, supervisors their teams', agents the ones that rang at them). Each action is
 * one transaction that locks the call, then the agent's presence row, and moves both together.
 */
@Injectable()
export class CallsService {
  constructor(
    @InjectDatabase() private readonly db: Database,
    private readonly writes: CallWritesRepository,
    private readonly readModel: CallReadModelRepository,
    private readonly reviews: QaReviewsRepository,
    private readonly integrations: IntegrationsRepository,
    private readonly transitions: CallTransitions,
    private readonly dispositions: DispositionsRepository,
    private readonly presence: PresenceService,
    private readonly teams: TeamsService,
    private readonly notifier: CallNotifier,
    private readonly routing: RoutingService,
    private readonly access: TeamAccess,
    private readonly callerHistory: CallerHistoryReader,
    private readonly assists: CallAssistsService,
    private readonly audit: AuditService,
    private readonly targets: CallTargets,
    private readonly conferences: ConferenceMoves,
  ) {}

  /**
   * One page of calls, newest first, by page number or by cursor (keyset on creation time and
   * id, the list's order); `nextCursor` reads the page after it.
   */
  async list(caller: AuthUser, query: ListCallsQueryDto): Promise<CursorPage<CallView>> {
    const window = timeIdWindow(CALLS_CURSOR, query);
    const from = query.from ? new Date(query.from) : undefined;
    const to = query.to ? new Date(query.to) : undefined;
    if (from && to && from > to) {
      throw AppException.validation('The request is invalid.', [
        { field: 'to', messages: ['to must not be before from'] },
      ]);
    }
    const { rows, total } = await this.readModel.list({
      scope: await callScope(this.access, caller),
      from,
      to,
      teamId: query.teamId,
      agentId: query.agentId,
      states: query.state,
      direction: query.direction,
      disposition: query.disposition,
      text: query.q,
      after: window.after ? { createdAt: window.after.time, id: window.after.id } : undefined,
      // One more than the page holds tells whether a next page exists.
      limit: window.pageSize + 1,
      offset: window.offset,
    });
    const page = timeIdPage(CALLS_CURSOR, window, rows, total, (row) => [
      row.position.createdAt,
      row.position.id,
    ]);
    return { ...page, items: page.items.map(toCallView) };
  }

  /**
   * The call ringing at or worked by the caller, or null, with the history of whoever called in
   * (null without a call, or for an outbound call), and a supervisor's assist on it when the
   * organisation tells agents.
   */
  async current(caller: AuthUser): Promise<CurrentCallResult> {
    const id = await this.readModel.currentOf(caller.id);
    if (!id) return { call: null, callerHistory: null, assist: null };
    const [record] = await this.readModel.records([id]);
    if (!record) return { call: null, callerHistory: null, assist: null };
    const call = toCallView(record);
    return {
      call,
      callerHistory: await this.callerHistory.of(call),
      assist: await this.assists.noticeFor(record),
    };
  }

  async get(caller: AuthUser, callId: string): Promise<CallDetailView> {
    await this.assertVisible(caller, callId);
    const [record] = await this.readModel.records([callId]);
    if (!record) throw AppException.notFound(NO_SUCH_CALL);
    const [events, reviews, segments] = await Promise.all([
      this.readModel.events(callId),
      this.reviews.ofCall(callId),
      this.readModel.segments(callId),
    ]);
    return {
      ...toCallView(record),
      segments: toSegmentViews(record, segments, events),
      timeline: events.map((event) => toEventView(event, event.agentName)),
      qaReviews: reviews.map(toReviewView),
    };
  }

  /** A supervisor (of the team) or an admin puts an inbound call in a team's queue. */
  async create(caller: AuthUser, input: CreateCallDto): Promise<CallView> {
    await this.assertSupervises(caller, input.teamId, Permission.CallsQueue);
    const effects = new CallEffects();
    const call = await this.db.transaction(async (tx) => {
      const at = new Date();
      const created = await this.writes.insert(tx, {
        teamId: input.teamId,
        direction: 'inbound',
        state: 'queued',
        fromNumber: input.from,
        toNumber: input.to,
        priority: input.priority ?? 0,
        queuedAt: at,
      });
      await this.transitions.record(
        tx,
        created,
        null,
        'queued',
        { type: 'queued', at, source: 'supervisor', actorId: caller.id, agentId: null },
        effects,
      );
      return created;
    });
    await this.notifier.publish(effects);
    // Answer with the call as routing left it: offered already when an agent was free.
    await this.routing.kick();
    return this.view(call.id);
  }

  /** An agent dials out for one of their teams; they are on a call until it ends. */
  async startOutbound(caller: AuthUser, input: StartOutboundCallDto): Promise<CallView> {
    if (!(await this.teams.teamIdsOf(caller.id)).includes(input.teamId)) {
      throw AppException.notFound('No such team.');
    }
    await this.access.assertHolds(
      caller,
      input.teamId,
      Permission.CallsOutbound,
      'You may not dial out for this team.',
    );
    if (input.integrationId && !(await this.integrations.isActive(input.integrationId))) {
      throw AppException.notFound('No such integration.');
    }
    const effects = new CallEffects();
    const call = await this.db.transaction(async (tx) => {
      const current = await this.presence.lockForCall(tx, caller.id);
      if (current.currentCallId !== null || BUSY.includes(current.status as AgentStatus)) {
        throw invalidState('You already have a call; finish it first.');
      }
      const at = new Date();
      const created = await this.writes.insert(tx, {
        teamId: input.teamId,
        direction: 'outbound',
        state: 'dialing',
        fromNumber: input.from ?? 'anonymous',
        toNumber: input.to,
        integrationId: input.integrationId ?? null,
        agentId: caller.id,
      });
      await this.transitions.record(
        tx,
        created,
        null,
        'dialing',
        { type: 'dialing', at, source: 'agent', actorId: caller.id },
        effects,
      );
      if (
        await this.presence.applyForCall(tx, caller.id, current, {
          status: 'on_call',
          currentCallId: created.id,
        })
      ) {
        effects.agents.add(caller.id);
      }
      await this.transitions.notifyPbx(tx, created, WebhookActionType.Dial, at, effects, {
        to: created.toNumber,
        from: created.fromNumber,
      });
      return created;
    });
    await this.notifier.publish(effects);
    return this.view(call.id);
  }

  answer(caller: AuthUser, callId: string): Promise<CallView> {
    return this.act(caller, callId, {
      from: ['offered'],
      to: 'connected',
      event: 'connected',
      agent: { status: 'on_call' },
      pbx: WebhookActionType.Answer,
    });
  }

  /** Back to the queue; the same call does not ring at this agent again within an offer timeout. */
  reject(caller: AuthUser, callId: string): Promise<CallView> {
    return this.act(caller, callId, {
      from: ['offered'],
      to: 'queued',
      event: 'rejected',
      agent: { currentCallId: null },
      pbx: WebhookActionType.Reject,
    });
  }

  hold(caller: AuthUser, callId: string): Promise<CallView> {
    return this.act(caller, callId, {
      from: ['connected'],
      to: 'on_hold',
      event: 'held',
      pbx: WebhookActionType.Hold,
    });
  }

  resume(caller: AuthUser, callId: string): Promise<CallView> {
    return this.act(caller, callId, {
      from: ['on_hold'],
      to: 'connected',
      event: 'resumed',
      pbx: WebhookActionType.Resume,
    });
  }

  /** Hangs up: the agent moves to wrap-up (after-call work) until they wrap the call up. */
  end(caller: AuthUser, callId: string): Promise<CallView> {
    return this.act(caller, callId, {
      from: ['connected', 'on_hold'],
      to: 'wrap_up',
      event: 'ended',
      agent: { status: 'wrap_up' },
      pbx: WebhookActionType.Hangup,
    });
  }

  /** Completes the call with a disposition; the agent is available again (and may get the next call). */
  wrapUp(caller: AuthUser, callId: string, input: WrapUpCallDto): Promise<CallView> {
    return this.act(caller, callId, {
      from: ['wrap_up'],
      to: 'completed',
      event: 'wrapped_up',
      agent: { status: 'available', currentCallId: null },
      pbx: WebhookActionType.WrappedUp,
      wrapUp: input,
    });
  }

  /**
   * A blind transfer. To an outside number the PBX hands the caller on (`call.transfer`), the call
   * leaves the platform and completes without after-call work; that costs like dialing out, so
   * it takes the same team permission (`calls:outbound`, 403 otherwise). To a team's queue (any
   * active team: a floor sends callers to other departments) the call joins it keeping its
   * place in line or at the back (`queuePosition`, else the team's `transferredCalls`); to a
   * named agent (an agent member of the target team, the call's by default) it rings at them at
   * once, 409 `AGENT_UNAVAILABLE` unless they are available and free. Either way the agent's
   * segment closes (`call_segments`) and the agent is free at once.
   */
  async transfer(
    caller: AuthUser,
    callId: string,
    target: TransferTarget,
    context: RequestContext,
    queuePosition?: QueuePosition,
  ): Promise<CallView> {
    if (queuePosition !== undefined && target.type !== 'queue') {
      throw AppException.validation('The request is invalid.', [
        {
          field: 'queuePosition',
          messages: ['queuePosition is only for a transfer to a queue (target.type queue)'],
        },
      ]);
    }
    await this.assertVisible(caller, callId);
    const [record] = await this.readModel.records([callId]);
    if (!record) throw AppException.notFound(NO_SUCH_CALL);
    // Checks that read outside the transaction (on the embedded database a read beside it would
    // wait for it forever); the team they were made for is checked again under the lock.
    const toTeamId = await this.transferTeam(caller, record.teamId, target);
    const effects = new CallEffects();
    await this.db.transaction(async (tx) => {
      const call = ownCall(await this.writes.lock(tx, callId), caller, ['connected', 'on_hold']);
      if (call.teamId !== record.teamId) throw invalidState('The call moved; look again.');
      if (consultOf(call)) throw invalidState(CONSULT_OPEN);
      if (openConferenceOf(call)) throw invalidState(CONFERENCE_OPEN);
      const at = new Date();
      // The agent it rings at is locked before the call moves: refused, nothing was written.
      const agent =
        target.type === 'agent' ? await this.lockAvailable(tx, target.agentId) : undefined;
      let next = await this.transitions.transfer(
        tx,
        call,
        target,
        toTeamId,
        { at, source: 'agent', actorId: caller.id, agentId: caller.id },
        effects,
        queuePosition,
      );
      if (agent) next = await this.offerTo(tx, next, agent, at, effects);
      await this.follow(
        tx,
        caller.id,
        call.id,
        { status: 'available', currentCallId: null },
        effects,
      );
      effects.route = true;
      // Where the call stands in the team's queue, for a PBX that runs the queue itself.
      const position: QueuePosition | undefined =
        toTeamId === null ? undefined : next.requeuedAt ? 'back' : 'keep';
      await this.transitions.notifyPbx(tx, next, WebhookActionType.Transfer, at, effects, {
        agentId: caller.id,
        target,
        queuePosition: position,
      });
      await this.audit.record(
        {
          action: AuditAction.CallTransferred,
          outcome: 'success',
          context,
          actorId: caller.id,
          targetUserId: target.type === 'agent' ? target.agentId : null,
          details: {
            callId: call.id,
            fromTeamId: call.teamId,
            toTeamId,
            targetType: target.type,
            ...(position ? { queuePosition: position } : {}),
          },
        },
        tx,
      );
    });
    await this.notifier.publish(effects);
    void this.routing.kick();
    return this.view(callId);
  }

  /**
   * A consult (warm transfer): the caller is held (from connected; a held call stays so) and the
   * PBX rings the consulted party on a second leg (`call.consult`). An agent is checked as for a
   * transfer to an agent (404 not an agent of the team, 409 `AGENT_UNAVAILABLE` unless available
   * and free) and is reserved: on a call, this one, until the consult ends. A number takes
   * `calls:outbound` in the call's team, as dialing out. One consult at a time (409).
   */
  async startConsult(
    caller: AuthUser,
    callId: string,
    target: ConsultTarget,
    context: RequestContext,
  ): Promise<CallView> {
    await this.assertVisible(caller, callId);
    const [record] = await this.readModel.records([callId]);
    if (!record) throw AppException.notFound(NO_SUCH_CALL);
    await this.targets.check(caller, record.teamId, target);
    const effects = new CallEffects();
    await this.db.transaction(async (tx) => {
      const call = ownCall(await this.writes.lock(tx, callId), caller, ['connected', 'on_hold']);
      if (call.teamId !== record.teamId) throw invalidState('The call moved; look again.');
      if (consultOf(call)) throw invalidState(CONSULT_OPEN);
      if (openConferenceOf(call)) throw invalidState(CONFERENCE_OPEN);
      const at = new Date();
      // The consulted agent or supervisor is reserved before the call moves: refused, nothing
      // was written.
      const reserved = await this.targets.reserve(tx, target, call.id, effects);
      const contact = reserved ? await this.readModel.agentContact(tx, reserved) : undefined;
      const consult: CallConsultView = {
        id: randomUUID(),
        target,
        agent: contact ? { id: contact.id, name: contact.name } : null,
        startedAt: at.toISOString(),
        answeredAt: null,
      };
      const event = {
        type: 'consult_started' as const,
        at,
        source: 'agent' as const,
        actorId: caller.id,
        agentId: caller.id,
        details: { target },
      };
      const next =
        call.state === 'connected'
          ? await this.transitions.apply(tx, call, 'on_hold', event, effects, { consult })
          : await this.transitions.annotate(tx, call, { consult }, event, effects);
      await this.transitions.notifyPbx(tx, next, WebhookActionType.ConsultStart, at, effects, {
        agentId: caller.id,
        target,
        consultId: consult.id,
      });
      await this.audit.record(
        {
          action: AuditAction.CallConsultStarted,
          outcome: 'success',
          context,
          actorId: caller.id,
          targetUserId: reserved ?? null,
          details: { callId: call.id, teamId: call.teamId, targetType: target.type },
        },
        tx,
      );
    });
    await this.notifier.publish(effects);
    return this.view(callId);
  }

  /**
   * The consult completes: the caller goes to the consulted party, as a transfer does (the
   * agent's segment closes, counted as a transfer out; the agent is free at once). A consulted
   * agent already talks to the caller's side: the call is theirs, connected, in their team, with
   * no offer. A number takes the caller off the platform: the call completes.
   */
  async completeConsult(
    caller: AuthUser,
    callId: string,
    context: RequestContext,
  ): Promise<CallView> {
    await this.assertVisible(caller, callId);
    const effects = new CallEffects();
    await this.db.transaction(async (tx) => {
      const call = ownCall(await this.writes.lock(tx, callId), caller, ['connected', 'on_hold']);
      const consult = this.openConsult(call);
      const target = consult.target;
      // A consulted supervisor takes the call as its agent would, in the call's team.
      const handedTo: TransferTarget =
        target.type === 'supervisor'
          ? { type: 'agent', agentId: target.supervisorId, teamId: call.teamId }
          : target;
      const toTeamId = handedTo.type === 'agent' ? (handedTo.teamId ?? call.teamId) : null;
      const at = new Date();
      let next = await this.transitions.transfer(
        tx,
        call,
        handedTo,
        toTeamId,
        { at, source: 'agent', actorId: caller.id, agentId: caller.id, details: { consult: true } },
        effects,
      );
      if (handedTo.type === 'agent') {
        next = await this.transitions.apply(
          tx,
          next,
          'connected',
          {
            type: 'connected',
            at,
            source: 'agent',
            actorId: caller.id,
            agentId: handedTo.agentId,
            assignAgentId: handedTo.agentId,
          },
          effects,
        );
      }
      await this.follow(
        tx,
        caller.id,
        call.id,
        { status: 'available', currentCallId: null },
        effects,
      );
      effects.route = true;
      await this.transitions.notifyPbx(tx, next, WebhookActionType.ConsultComplete, at, effects, {
        agentId: caller.id,
        target,
        consultId: consult.id,
      });
      await this.audit.record(
        {
          action: AuditAction.CallConsultEnded,
          outcome: 'success',
          context,
          actorId: caller.id,
          targetUserId: consult.agent?.id ?? null,
          details: {
            callId: call.id,
            fromTeamId: call.teamId,
            toTeamId,
            targetType: target.type,
            result: 'completed',
          },
        },
        tx,
      );
    });
    await this.notifier.publish(effects);
    void this.routing.kick();
    return this.view(callId);
  }

  /**
   * The consult is cancelled: the PBX drops the consult leg (`call.consult_cancel`), the agent
   * takes the caller back (connected), and a consulted agent is free again.
   */
  async cancelConsult(
    caller: AuthUser,
    callId: string,
    context: RequestContext,
  ): Promise<CallView> {
    await this.assertVisible(caller, callId);
    const effects = new CallEffects();
    await this.db.transaction(async (tx) => {
      const call = ownCall(await this.writes.lock(tx, callId), caller, ['connected', 'on_hold']);
      const consult = this.openConsult(call);
      const at = new Date();
      const event = {
        type: 'consult_cancelled' as const,
        at,
        source: 'agent' as const,
        actorId: caller.id,
        agentId: caller.id,
        details: { target: consult.target },
      };
      const next =
        call.state === 'on_hold'
          ? await this.transitions.apply(tx, call, 'connected', event, effects, { consult: null })
          : await this.transitions.annotate(tx, call, { consult: null }, event, effects);
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
      await this.transitions.notifyPbx(tx, next, WebhookActionType.ConsultCancel, at, effects, {
        agentId: caller.id,
        target: consult.target,
        consultId: consult.id,
      });
      await this.audit.record(
        {
          action: AuditAction.CallConsultEnded,
          outcome: 'success',
          context,
          actorId: caller.id,
          targetUserId: consult.agent?.id ?? null,
          details: {
            callId: call.id,
            teamId: call.teamId,
            targetType: consult.target.type,
            result: 'cancelled',
          },
        },
        tx,
      );
    });
    await this.notifier.publish(effects);
    if (effects.route) void this.routing.kick();
    return this.view(callId);
  }

  /** The consult open on a locked call, or 409. */
  private openConsult(call: CallRow): CallConsultView {
    const consult = consultOf(call);
    if (!consult) throw invalidState('No consult is open on this call.');
    return consult;
  }

  /**
   * Where the caller may transfer a call: every active team's queue, and the agents of their own
   * teams (not themselves) with their state, so that the console offers the available ones; and
   * the supervisors of those teams, whom a consult or a conference may call.
   */
  async transferTargets(caller: AuthUser): Promise<TransferTargetsResult> {
    const teams = await this.teams.activeTeams();
    const names = new Map(teams.map((team) => [team.id, team.name]));
    const states = new Map(
      (await this.presence.list(caller)).map((view) => [view.userId, view] as const),
    );
    const agents: TransferAgentOption[] = [];
    const supervisors: TransferAgentOption[] = [];
    const option = (userId: string, teamId: string): TransferAgentOption | undefined => {
      const state = states.get(userId);
      if (userId === caller.id || !state) return undefined;
      return {
        id: userId,
        name: state.name,
        teamId,
        teamName: names.get(teamId) ?? '',
        status: state.status,
      };
    };
    for (const teamId of await this.teams.teamIdsOf(caller.id)) {
      for (const agentId of await this.teams.agentIdsOf(teamId)) {
        const agent = option(agentId, teamId);
        if (agent) agents.push(agent);
      }
      for (const supervisorId of await this.teams.supervisorIdsOf(teamId)) {
        const supervisor = option(supervisorId, teamId);
        if (supervisor) supervisors.push(supervisor);
      }
    }
    return { teams, agents, supervisors };
  }

  /**
   * The team a transfer hands the call to (null: an outside number), after the checks that need
   * no lock: 403 for a number without `calls:outbound`; 404 for a team that is not active, or
   * an agent who is not an agent member of the target team.
   */
  private async transferTeam(
    caller: AuthUser,
    teamId: string,
    target: TransferTarget,
  ): Promise<string | null> {
    switch (target.type) {
      case 'number':
        await this.access.assertHolds(
          caller,
          teamId,
          Permission.CallsOutbound,
          "You may not send this team's calls to outside numbers.",
        );
        return null;
      case 'queue':
        if (!(await this.teams.activeNames([target.teamId])).has(target.teamId)) {
          throw AppException.notFound('No such team.');
        }
        return target.teamId;
      case 'agent': {
        const toTeamId = target.teamId ?? teamId;
        if (target.agentId === caller.id) {
          throw AppException.validation('The request is invalid.', [
            { field: 'target.agentId', messages: ['you cannot transfer a call to yourself'] },
          ]);
        }
        if (
          !(await this.teams.activeNames([toTeamId])).has(toTeamId) ||
          !(await this.teams.agentIdsOf(toTeamId)).includes(target.agentId)
        ) {
          throw AppException.notFound('No such agent in that team.');
        }
        return toTeamId;
      }
    }
  }

  /** Locks the presence of the agent a transfer names: available and free, or 409. */
  private async lockAvailable(tx: Database, agentId: string) {
    const presence = await this.presence.lockForCall(tx, agentId);
    if (presence.status !== 'available' || presence.currentCallId !== null) {
      throw new AppException(
        ErrorCode.AgentUnavailable,
        "That agent is not available; choose another, or their team's queue.",
        HttpStatus.CONFLICT,
      );
    }
    return { agentId, presence };
  }

  /** Rings a queued call at an agent whose presence is locked, as routing does. */
  private async offerTo(
    tx: Database,
    call: CallRow,
    agent: Awaited<ReturnType<CallsService['lockAvailable']>>,
    at: Date,
    effects: CallEffects,
  ): Promise<CallRow> {
    const offered = await this.transitions.apply(
      tx,
      call,
      'offered',
      { type: 'offered', at, source: 'system', assignAgentId: agent.agentId },
      effects,
    );
    await this.presence.applyForCall(tx, agent.agentId, agent.presence, {
      currentCallId: call.id,
    });
    effects.agents.add(agent.agentId);
    await this.transitions.notifyPbx(tx, offered, WebhookActionType.Offer, at, effects);
    return offered;
  }

  /** The caller stops hearing the agent (the agent still hears the caller). */
  mute(caller: AuthUser, callId: string): Promise<CallView> {
    return this.control(caller, callId, {
      from: ['connected', 'on_hold'],
      event: 'muted',
      check: (call) => (call.muted ? 'The call is already muted.' : undefined),
      changes: { muted: true },
      pbx: WebhookActionType.Mute,
    });
  }

  unmute(caller: AuthUser, callId: string): Promise<CallView> {
    return this.control(caller, callId, {
      from: ['connected', 'on_hold'],
      event: 'unmuted',
      check: (call) => (call.muted ? undefined : 'The call is not muted.'),
      changes: { muted: false },
      pbx: WebhookActionType.Unmute,
    });
  }

  /**
   * Keypad digits played into a connected call (not on hold: the far end would not hear them).
   * The event records how many, never which: an IVR's digits can be a card number or a PIN; the
   * PBX's webhook carries them.
   */
  sendDtmf(caller: AuthUser, callId: string, digits: string): Promise<CallView> {
    return this.control(caller, callId, {
      from: ['connected'],
      event: 'dtmf',
      details: { digitCount: digits.length },
      changes: {},
      pbx: WebhookActionType.Dtmf,
      digits,
    });
  }

  /** An outbound call without a PBX: the agent reports that the callee picked up. */
  connected(caller: AuthUser, callId: string): Promise<CallView> {
    return this.act(caller, callId, { from: ['dialing'], to: 'connected', event: 'connected' });
  }

  /** An outbound call without a PBX: the agent reports that nobody picked up. */
  failed(caller: AuthUser, callId: string): Promise<CallView> {
    return this.act(caller, callId, {
      from: ['dialing'],
      to: 'failed',
      event: 'failed',
      agent: { status: 'available', currentCallId: null },
    });
  }

  /** A supervisor of the call's team (or an admin) reviews a completed call. */
  async addReview(
    caller: AuthUser,
    callId: string,
    input: CreateQaReviewDto,
  ): Promise<QaReviewView> {
    await this.assertVisible(caller, callId);
    const [record] = await this.readModel.records([callId]);
    if (!record) throw AppException.notFound(NO_SUCH_CALL);
    await this.assertSupervises(caller, record.teamId, Permission.QaReview, {
      allowArchived: true,
    });
    if (record.state !== 'completed') {
      throw invalidState('Only completed calls can be reviewed.');
    }
    const effects = new CallEffects();
    const reviewId = await this.db.transaction(async (tx) => {
      const id = await this.reviews.insert(tx, {
        callId,
        reviewerId: caller.id,
        score: input.score,
        comments: input.comments || null,
      });
      await this.transitions.record(
        tx,
        record,
        null,
        null,
        {
          type: 'reviewed',
          at: new Date(),
          source: 'supervisor',
          actorId: caller.id,
          details: { reviewId: id, score: input.score },
        },
        effects,
      );
      return id;
    });
    await this.notifier.publish(effects);
    const review = (await this.reviews.ofCall(callId)).find((row) => row.id === reviewId);
    if (!review) throw AppException.notFound('No such review.');
    return toReviewView(review);
  }

  /**
   * Runs an agent action in one transaction: locks the call, which must be visible to the caller
   * (404), theirs (403 for a supervisor; 409 INVALID_STATE for an agent it no longer rings at)
   * and in one of `action.from` (409 INVALID_STATE); moves it and records the event; moves the
   * agent with it; tells its PBX. After the commit, publishes the change, and runs routing when
   * the agent became available. Answers the call as it is then.
   */
  private async act(caller: AuthUser, callId: string, action: AgentAction): Promise<CallView> {
    await this.assertVisible(caller, callId);
    const effects = new CallEffects();
    await this.db.transaction(async (tx) => {
      const call = ownCall(await this.writes.lock(tx, callId), caller, action.from);
      if (consultOf(call)) throw invalidState(CONSULT_OPEN);
      if (openConferenceOf(call) && action.event !== 'ended') {
        throw invalidState(CONFERENCE_OPEN);
      }
      const at = new Date();
      const disposition = action.wrapUp
        ? await this.activeDisposition(tx, action.wrapUp.disposition)
        : undefined;
      // The event and the webhook name the acting agent: the call's agent, also after a reject
      // has given the call back to the queue without one.
      const next = await this.transitions.apply(
        tx,
        call,
        action.to,
        {
          type: action.event,
          at,
          source: 'agent',
          actorId: caller.id,
          agentId: caller.id,
          details: disposition ? { disposition: disposition.code } : undefined,
        },
        effects,
        disposition
          ? { dispositionCode: disposition.code, notes: action.wrapUp?.notes || null }
          : {},
      );
      if (action.agent) await this.follow(tx, caller.id, call.id, action.agent, effects);
      if (action.agent?.status === 'available') effects.route = true;
      // Ending the call ends its conference: every other party's part ends with it.
      if (openConferenceOf(call) && !openConferenceOf(next)) {
        await this.conferences.callEnded(
          tx,
          call,
          next,
          { at, source: 'agent', actorId: caller.id },
          effects,
        );
        await this.transitions.notifyPbx(tx, next, WebhookActionType.ConferenceEnd, at, effects, {
          agentId: caller.id,
        });
      }
      if (action.pbx) {
        await this.transitions.notifyPbx(tx, next, action.pbx, at, effects, {
          agentId: caller.id,
          disposition: disposition?.code,
        });
      }
    });
    await this.notifier.publish(effects);
    if (effects.route) void this.routing.kick();
    return this.view(callId);
  }

  /**
   * An agent's action that changes the call without moving it (mute, DTMF): like `act`, one
   * transaction that locks the call, checks it is the caller's and in one of `control.from`,
   * records the event and tells the PBX.
   */
  private async control(caller: AuthUser, callId: string, control: CallControl): Promise<CallView> {
    await this.assertVisible(caller, callId);
    const effects = new CallEffects();
    await this.db.transaction(async (tx) => {
      const call = ownCall(await this.writes.lock(tx, callId), caller, control.from);
      const refused = control.check?.(call);
      if (refused) throw invalidState(refused);
      const at = new Date();
      const next = await this.transitions.annotate(
        tx,
        call,
        control.changes,
        {
          type: control.event,
          at,
          source: 'agent',
          actorId: caller.id,
          agentId: caller.id,
          details: control.details,
        },
        effects,
      );
      await this.transitions.notifyPbx(tx, next, control.pbx, at, effects, {
        agentId: caller.id,
        digits: control.digits,
      });
    });
    await this.notifier.publish(effects);
    return this.view(callId);
  }

  /** The disposition a wrap-up chose, when it is active (400 otherwise). */
  private async activeDisposition(tx: Database, code: string): Promise<DispositionRow> {
    const disposition = await this.dispositions.find(code, tx);
    if (!disposition?.isActive) {
      throw AppException.validation('The request is invalid.', [
        {
          field: 'disposition',
          messages: ['choose one of the active dispositions from GET /api/dispositions'],
        },
      ]);
    }
    return disposition;
  }

  /** Moves the agent with their call (only when it is the call they hold, or they hold none). */
  private async follow(
    tx: Database,
    agentId: string,
    callId: string,
    change: PresenceChange,
    effects: CallEffects,
  ): Promise<void> {
    const current = await this.presence.lockForCall(tx, agentId);
    if (current.currentCallId !== null && current.currentCallId !== callId) return;
    if (await this.presence.applyForCall(tx, agentId, current, change)) effects.agents.add(agentId);
  }

  private async view(callId: string): Promise<CallView> {
    const [record] = await this.readModel.records([callId]);
    if (!record) throw AppException.notFound(NO_SUCH_CALL);
    return toCallView(record);
  }

  /** 404 for a call the caller cannot see. */
  private async assertVisible(caller: AuthUser, callId: string): Promise<void> {
    if (!(await this.readModel.visible(callId, await callScope(this.access, caller)))) {
      throw AppException.notFound(NO_SUCH_CALL);
    }
  }

  /**
   * Admins, or members holding `permission` in the team (its supervisors by default): a team the
   * caller cannot read is 404, one where they do not hold it 403 (naming the team's security
   * profile when it withholds it). Archived teams take no new calls.
   */
  private async assertSupervises(
    caller: AuthUser,
    teamId: string,
    permission: TeamPermission,
    options: { allowArchived?: boolean } = {},
  ): Promise<void> {
    const team = await this.teams.get(caller, teamId);
    if (team.archivedAt && !options.allowArchived) {
      throw AppException.conflict('The team is archived.');
    }
    await this.access.assertHolds(
      caller,
      teamId,
      permission,
      "Only the team's supervisors and admins can do this.",
    );
  }
}

const BUSY: readonly AgentStatus[] = ['on_call', 'wrap_up'];
