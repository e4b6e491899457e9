import { HttpStatus, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';

import {
  AuditAction,
  CallConferencePartyView,
  CallConferenceView,
  CallState,
  CallView,
  ConferenceTarget,
  ErrorCode,
  MAX_CONFERENCE_PARTIES,
  Role,
  WebhookAction,
  WebhookActionType,
  WebhookConferenceParty,
} from '@poscalls4u/contracts';
import { CallRow, Database, InjectDatabase } from '@poscalls4u/server-database';

import { AuthUser } from '../../identity/access';
import { AuditService } from '../../platform/audit';
import { AppException, RequestContext } from '../../platform/http';
import { TeamAccess } from '../../teams';
import { openConferenceOf, partyOfUser, presentParties } from '../core/call-conference';
import { ConferenceMoves } from '../core/call-conference-moves';
import { consultOf } from '../core/call-consult';
import { CallNotifier } from '../core/call-notifier';
import { NO_SUCH_CALL, callScope, invalidState, ownCall } from '../core/call-ownership';
import { CallReadModelRepository } from '../core/call-read-model.repository';
import { CallTargets } from '../core/call-targets';
import { CallEffects, CallTransitions } from '../core/call-transitions';
import { toCallView } from '../core/call-views';
import { CallWritesRepository } from '../core/call-writes.repository';

const NO_CONFERENCE = 'No conference is in progress on this call.';
/** A conference runs on a live call: the agent's actions on it start from these. */
const LIVE: readonly CallState[] = ['connected', 'on_hold'];

/**
 * Conferences, as the call's agent drives them: merge the open consult into a conference, add
 * and remove parties (at most MAX_CONFERENCE_PARTIES, the caller included), leave. Each action
 * is one transaction that locks the call (then the presence of whoever it reserves or frees),
 * records the event, writes the PBX's signed webhook through the outbox and the audit entry.
 * The rule for a party leaving is ConferenceMoves' (the PBX's events use it too).
 */
@Injectable()
export class CallConferenceService {
  constructor(
    @InjectDatabase() private readonly db: Database,
    private readonly writes: CallWritesRepository,
    private readonly readModel: CallReadModelRepository,
    private readonly transitions: CallTransitions,
    private readonly targets: CallTargets,
    private readonly moves: ConferenceMoves,
    private readonly notifier: CallNotifier,
    private readonly access: TeamAccess,
    private readonly audit: AuditService,
  ) {}

  /**
   * The open consult becomes a conference: the caller comes off hold and talks with the agent
   * and the consulted party (all three joined: the consult leg is up already). 409 without a
   * consult open.
   */
  async merge(caller: AuthUser, callId: string, context: RequestContext): Promise<CallView> {
    await this.assertVisible(caller, callId);
    const effects = new CallEffects();
    await this.db.transaction(async (tx) => {
      const call = ownCall(await this.writes.lock(tx, callId), caller, LIVE);
      const consult = consultOf(call);
      if (!consult) throw invalidState('No consult is open on this call; consult someone first.');
      const at = new Date();
      const iso = at.toISOString();
      const owner = await this.readModel.agentContact(tx, caller.id);
      const party = (fields: Partial<CallConferencePartyView>): CallConferencePartyView => ({
        id: randomUUID(),
        kind: 'agent',
        user: null,
        number: null,
        state: 'joined',
        addedAt: iso,
        joinedAt: iso,
        leftAt: null,
        leftReason: null,
        ...fields,
      });
      const target = consult.target;
      const consulted = party({
        kind: target.type,
        user: consult.agent,
        number: target.type === 'number' ? target.to : null,
        addedAt: consult.startedAt,
      });
      const conference: CallConferenceView = {
        startedAt: iso,
        endedAt: null,
        parties: [
          party({
            kind: 'caller',
            addedAt: call.answeredAt?.toISOString() ?? iso,
            joinedAt: call.answeredAt?.toISOString() ?? iso,
          }),
          party({
            kind: caller.role === Role.Agent ? 'agent' : 'supervisor',
            user: { id: caller.id, name: owner?.name ?? caller.name },
          }),
          consulted,
        ],
      };
      const next = await this.transitions.apply(
        tx,
        call,
        'connected',
        {
          type: 'conference_started',
          at,
          source: 'agent',
          actorId: caller.id,
          agentId: caller.id,
          details: { partyIds: conference.parties.map((one) => one.id) },
        },
        effects,
        { consult: null, conference },
      );
      await this.transitions.notifyPbx(tx, next, WebhookActionType.ConferenceMerge, at, effects, {
        agentId: caller.id,
        party: await this.webhookParty(tx, consulted),
        conference: await this.webhookConference(tx, next, conference),
      });
      await this.audit.record(
        {
          action: AuditAction.CallConferenceStarted,
          outcome: 'success',
          context,
          actorId: caller.id,
          targetUserId: consult.agent?.id ?? null,
          details: { callId: call.id, teamId: call.teamId, targetType: target.type },
        },
        tx,
      );
    });
    await this.notifier.publish(effects);
    return this.view(callId);
  }

  /**
   * A party joins the open conference: an agent of a team (available and free), a supervisor of
   * the call's team (holding no other call), or an outside number (`calls:outbound`); 409
   * `CONFERENCE_FULL` when it has MAX_CONFERENCE_PARTIES parties, 409 when the person is on it
   * already. With a PBX the party is `joining` until its `conference.party_joined` event;
   * without one it is joined at once.
   */
  async add(
    caller: AuthUser,
    callId: string,
    target: ConferenceTarget,
    context: RequestContext,
  ): Promise<CallView> {
    await this.assertVisible(caller, callId);
    const [record] = await this.readModel.records([callId]);
    if (!record) throw AppException.notFound(NO_SUCH_CALL);
    await this.targets.check(caller, record.teamId, target);
    const effects = new CallEffects();
    await this.db.transaction(async (tx) => {
      const call = ownCall(await this.writes.lock(tx, callId), caller, LIVE);
      const conference = openConferenceOf(call);
      if (!conference) throw invalidState(NO_CONFERENCE);
      if (presentParties(conference).length >= MAX_CONFERENCE_PARTIES) {
        throw new AppException(
          ErrorCode.ConferenceFull,
          `A conference holds at most ${MAX_CONFERENCE_PARTIES} parties, the caller included; remove one first.`,
          HttpStatus.CONFLICT,
        );
      }
      const onIt =
        target.type === 'number'
          ? presentParties(conference).some((one) => one.number === target.to)
          : partyOfUser(
              conference,
              target.type === 'agent' ? target.agentId : target.supervisorId,
            ) !== undefined;
      if (onIt) throw invalidState('They are on the conference already.');
      const at = new Date();
      const reserved = await this.targets.reserve(tx, target, call.id, effects);
      const contact = reserved ? await this.readModel.agentContact(tx, reserved) : undefined;
      // Without a PBX nothing rings: the party is on at once, as the agent's other actions are.
      const joinedAt = call.integrationId ? null : at.toISOString();
      const party: CallConferencePartyView = {
        id: randomUUID(),
        kind: target.type,
        user: contact ? { id: contact.id, name: contact.name } : null,
        number: target.type === 'number' ? target.to : null,
        state: joinedAt ? 'joined' : 'joining',
        addedAt: at.toISOString(),
        joinedAt,
        leftAt: null,
        leftReason: null,
      };
      const next = await this.transitions.annotate(
        tx,
        call,
        { conference: { ...conference, parties: [...conference.parties, party] } },
        {
          type: 'party_added',
          at,
          source: 'agent',
          actorId: caller.id,
          // The party's user: the call shows among their calls from now on.
          agentId: reserved ?? caller.id,
          details: { partyId: party.id, kind: party.kind },
        },
        effects,
      );
      await this.transitions.notifyPbx(tx, next, WebhookActionType.ConferenceAdd, at, effects, {
        agentId: caller.id,
        party: await this.webhookParty(tx, party),
      });
      await this.audit.record(
        {
          action: AuditAction.CallConferencePartyAdded,
          outcome: 'success',
          context,
          actorId: caller.id,
          targetUserId: reserved ?? null,
          details: { callId: call.id, teamId: call.teamId, partyId: party.id, kind: party.kind },
        },
        tx,
      );
    });
    await this.notifier.publish(effects);
    return this.view(callId);
  }

  /**
   * The call's agent drops a party: its part ends (an agent or supervisor goes to after-call
   * work), and the conference ends when fewer than three parties remain. 404 a party not on it;
   * 409 the caller (end the call instead) or oneself (leave instead).
   */
  async remove(
    caller: AuthUser,
    callId: string,
    partyId: string,
    context: RequestContext,
  ): Promise<CallView> {
    await this.assertVisible(caller, callId);
    const effects = new CallEffects();
    await this.db.transaction(async (tx) => {
      const call = ownCall(await this.writes.lock(tx, callId), caller, LIVE);
      const conference = openConferenceOf(call);
      if (!conference) throw invalidState(NO_CONFERENCE);
      const party = presentParties(conference).find((one) => one.id === partyId);
      if (!party) throw AppException.notFound('No such party on the conference.');
      if (party.kind === 'caller') {
        throw invalidState('The caller cannot be removed; end the call instead.');
      }
      if (party.user?.id === caller.id) {
        throw invalidState('You cannot remove yourself; leave the conference instead.');
      }
      const at = new Date();
      const outcome = await this.moves.leave(
        tx,
        call,
        conference,
        party,
        { at, source: 'agent', actorId: caller.id, reason: 'removed' },
        effects,
      );
      if (!outcome) throw invalidState(NO_CONFERENCE);
      await this.transitions.notifyPbx(
        tx,
        outcome.call,
        WebhookActionType.ConferenceRemove,
        at,
        effects,
        { agentId: caller.id, party: await this.webhookParty(tx, party) },
      );
      await this.audit.record(
        {
          action: AuditAction.CallConferencePartyRemoved,
          outcome: 'success',
          context,
          actorId: caller.id,
          targetUserId: party.user?.id ?? null,
          details: { callId: call.id, teamId: call.teamId, partyId, kind: party.kind },
        },
        tx,
      );
    });
    await this.notifier.publish(effects);
    return this.view(callId);
  }

  /**
   * The caller (an agent or supervisor on the conference) leaves it and goes to after-call
   * work. The call's agent leaving hands the call to the first agent or supervisor who has
   * joined, else, with an outside party on, the call leaves the platform; with nobody joined
   * yet it is refused (409: the caller would be left with a ringing leg).
   */
  async leave(caller: AuthUser, callId: string, context: RequestContext): Promise<CallView> {
    await this.assertVisible(caller, callId);
    const effects = new CallEffects();
    await this.db.transaction(async (tx) => {
      const call = await this.writes.lock(tx, callId);
      if (!call) throw AppException.notFound(NO_SUCH_CALL);
      const conference = openConferenceOf(call);
      if (!conference) throw invalidState(NO_CONFERENCE);
      const party = partyOfUser(conference, caller.id);
      if (!party) throw invalidState('You are not on this conference.');
      const at = new Date();
      const outcome = await this.moves.leave(
        tx,
        call,
        conference,
        party,
        { at, source: 'agent', actorId: caller.id, reason: 'left' },
        effects,
      );
      if (!outcome) {
        throw invalidState(
          'Nobody else has joined yet; remove the parties still ringing, or end the call.',
        );
      }
      const after = openConferenceOf(outcome.call);
      await this.transitions.notifyPbx(
        tx,
        outcome.call,
        WebhookActionType.ConferenceLeave,
        at,
        effects,
        {
          agentId: caller.id,
          party: await this.webhookParty(tx, party),
          conference: after
            ? await this.webhookConference(tx, outcome.call, after)
            : {
                parties: [],
                owner:
                  outcome.result === 'left_platform' || !outcome.call.agentId
                    ? null
                    : ((await this.readModel.agentContact(tx, outcome.call.agentId)) ?? null),
              },
        },
      );
      await this.audit.record(
        {
          action: AuditAction.CallConferenceLeft,
          outcome: 'success',
          context,
          actorId: caller.id,
          targetUserId: outcome.heir?.user?.id ?? null,
          details: { callId: call.id, teamId: call.teamId, result: outcome.result },
        },
        tx,
      );
    });
    await this.notifier.publish(effects);
    return this.view(callId);
  }

  /** A party as the PBX's webhook names it (an agent's or supervisor's contact included). */
  private async webhookParty(
    tx: Database,
    party: CallConferencePartyView,
  ): Promise<WebhookConferenceParty> {
    const user = party.user ? await this.readModel.agentContact(tx, party.user.id) : undefined;
    return { id: party.id, kind: party.kind, user: user ?? null, number: party.number };
  }

  private async webhookConference(
    tx: Database,
    call: CallRow,
    conference: CallConferenceView,
  ): Promise<NonNullable<WebhookAction['conference']>> {
    const parties: WebhookConferenceParty[] = [];
    for (const party of presentParties(conference))
      parties.push(await this.webhookParty(tx, party));
    const owner = call.agentId ? await this.readModel.agentContact(tx, call.agentId) : undefined;
    return { parties, owner: owner ?? null };
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
}
