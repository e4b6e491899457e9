import { Injectable } from '@nestjs/common';

import {
  CallDirection,
  CallEventType,
  CallState,
  PbxCallEvent,
  PbxEventResult,
  PbxEventType,
} from '@poscalls4u/contracts';
import { CallRow, Database, InjectDatabase } from '@poscalls4u/server-database';

import { PresenceService } from '../presence/presence.service';
import { CallNotifier } from './call-notifier';
import { canMove, isFinal } from './call-state-machine';
import { CallEffects, CallTransitions } from './call-transitions';
import { CallsRepository } from './calls.repository';
import { RoutingService } from './routing.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Outcome = Omit<PbxEventResult, 'id'>;

/** One step of an event: the state it moves the call to and the event recorded. */
interface Step {
  to: CallState;
  type: CallEventType;
}

/**
 * Applies a PBX's call events. Each event is one transaction: its id is recorded first (a
 * repeated id is a `duplicate` and changes nothing), then the call is locked and moved. Events
 * may come late or out of order: times come from the event, a call in a final state is never
 * reopened, and a move the state machine does not allow is `ignored` with its reason rather than
 * refused — the PBX cannot do anything about it, and retrying would not help.
 */
@Injectable()
export class PbxEventsService {
  constructor(
    @InjectDatabase() private readonly db: Database,
    private readonly repository: CallsRepository,
    private readonly transitions: CallTransitions,
    private readonly presence: PresenceService,
    private readonly notifier: CallNotifier,
    private readonly routing: RoutingService,
  ) {}

  async ingest(integrationId: string, event: PbxCallEvent): Promise<PbxEventResult> {
    const effects = new CallEffects();
    const outcome = await this.db.transaction(async (tx): Promise<Outcome | undefined> => {
      const ourId = UUID.test(event.callId) ? event.callId : undefined;
      const { fresh, call } = await this.repository.claimEventAndLock(
        tx,
        integrationId,
        event.id,
        event.callId,
        ourId,
      );
      if (!fresh) return undefined;
      const applied = await this.apply(tx, integrationId, event, call, effects);
      // The ledger row says `applied` for the call found; correct it when that is not what happened.
      if (applied.outcome !== 'applied' || applied.callId !== (call?.id ?? null)) {
        await this.repository.settleEvent(
          tx,
          integrationId,
          event.id,
          applied.outcome,
          applied.callId,
        );
      }
      return applied;
    });
    if (!outcome) {
      return {
        id: event.id,
        outcome: 'duplicate',
        callId: await this.repository.eventCallId(integrationId, event.id),
      };
    }
    if (effects.events.length > 0) await this.notifier.publish(effects);
    if (effects.route) void this.routing.kick();
    return { id: event.id, ...outcome };
  }

  private async apply(
    tx: Database,
    integrationId: string,
    event: PbxCallEvent,
    found: CallRow | undefined,
    effects: CallEffects,
  ): Promise<Outcome> {
    const at = new Date(event.occurredAt);
    if (Number.isNaN(at.getTime())) {
      return ignored(found?.id ?? null, 'occurredAt is not an ISO 8601 time');
    }
    let call = found;
    if (!call) {
      const created = await this.create(tx, integrationId, event, at, effects);
      if (typeof created === 'string') return ignored(null, created);
      if (event.type === PbxEventType.Queued) return applied(created.id);
      call = created;
      // First heard of in the middle of a conversation: it was answered at that point.
      if (event.type !== PbxEventType.Abandoned && event.type !== PbxEventType.Connected) {
        call = await this.connect(tx, call, 'connected', event, at, effects);
        if (event.type === PbxEventType.Resumed) return applied(call.id);
      }
    } else {
      if (event.type === PbxEventType.Queued) return ignored(call.id, 'the call is already known');
      // A PBX reporting an outbound call under our id tells us its own id on the way.
      if (call.externalId === null) {
        await this.repository.update(tx, call.id, { externalId: event.callId });
        call = { ...call, externalId: event.callId };
      }
    }

    const state = call.state as CallState;
    if (isFinal(state)) return ignored(call.id, `the call is already ${state}`);
    const step = stepFor(event.type, call);
    if (!step)
      return ignored(call.id, `a call that is ${state.replace('_', ' ')} cannot be ${event.type}`);
    if (!canMove(state, step.to)) {
      return ignored(call.id, `a call that is ${state.replace('_', ' ')} cannot become ${step.to}`);
    }
    await this.move(tx, call, step, event, at, effects);
    return applied(call.id);
  }

  /**
   * A call the PBX tells us about for the first time: it joins its team's queue (`call.queued`),
   * or, for a first event of another type that names a team, is created at that point and the
   * event applied next. Answers the reason when it cannot be created.
   */
  private async create(
    tx: Database,
    integrationId: string,
    event: PbxCallEvent,
    at: Date,
    effects: CallEffects,
  ): Promise<CallRow | string> {
    if (!event.teamId) return 'unknown call; its first event must carry teamId';
    if (!UUID.test(event.teamId) || !(await this.repository.activeTeam(tx, event.teamId))) {
      return 'no such team, or the team is archived';
    }
    const values = {
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
    const created = await this.repository.insertExternal(tx, values);
    if (!created) {
      // Another event of this call created it a moment ago; its transaction has committed.
      const existing = await this.repository.lockByExternalId(tx, integrationId, event.callId);
      if (!existing) throw new Error('a call that conflicted on insert cannot be found');
      return existing;
    }
    await this.transitions.record(
      tx,
      created,
      null,
      'queued',
      { type: 'queued', at, source: 'pbx', details: { pbxEventId: event.id } },
      effects,
    );
    return created;
  }

  private async move(
    tx: Database,
    call: CallRow,
    step: Step,
    event: PbxCallEvent,
    at: Date,
    effects: CallEffects,
  ): Promise<void> {
    if (step.to === 'connected' && call.state !== 'on_hold') {
      await this.connect(tx, call, step.type, event, at, effects);
      return;
    }

    await this.transitions.apply(
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
    if (!call.agentId) return;
    if (step.to === 'wrap_up') {
      await this.follow(tx, call.agentId, call.id, { status: 'wrap_up' }, effects);
    } else if (step.to === 'abandoned' || step.to === 'failed' || step.to === 'completed') {
      // A ringing offer ends, or an outbound call never connected: the agent is free again.
      const status = call.state === 'offered' ? undefined : 'available';
      await this.follow(tx, call.agentId, call.id, { status, currentCallId: null }, effects);
      effects.route = true;
    }
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
      const found = await this.repository.activeUserIdByEmail(tx, event.agentEmail);
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
    case PbxEventType.Queued:
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

function applied(callId: string): Outcome {
  return { outcome: 'applied', callId };
}

function ignored(callId: string | null, reason: string): Outcome {
  return { outcome: 'ignored', callId, reason };
}
