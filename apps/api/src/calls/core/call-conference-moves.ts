import { Injectable } from '@nestjs/common';

import {
  CallConferencePartyView,
  CallConferenceView,
  CallEventSource,
  ConferencePartyLeftReason,
} from '@poscalls4u/contracts';
import { CallRow, Database } from '@poscalls4u/server-database';

import { PresenceService } from '../../presence';
import {
  conferenceEnded,
  conferenceUserIds,
  openConferenceOf,
  partyLeft,
  presentParties,
  tooSmall,
} from './call-conference';
import { CallEffects, CallTransitions } from './call-transitions';

/** Who made a party leave, for the events it records. */
export interface LeaveCause {
  at: Date;
  source: CallEventSource;
  actorId: string | null;
  reason: ConferencePartyLeftReason;
}

/** What a party's leaving did: the call after it, and who has it now. */
export interface LeaveOutcome {
  call: CallRow;
  /**
   * `stays`: the call's agent still has it; `handed_over`: the call's agent left and `heir` has
   * it; `left_platform`: the call's agent left with only outside parties on (the call completes
   * here, the PBX keeps the caller with them).
   */
  result: 'stays' | 'handed_over' | 'left_platform';
  heir?: CallConferencePartyView;
}

/**
 * The moves of a conference that both an agent's request and the PBX's events make: a party
 * leaves (and the rule for the call's agent leaving), the call's end frees the parties. Each
 * agent or supervisor whose part ends goes to after-call work (presence `wrap_up`, holding no
 * call): they finish it by setting their own status.
 */
@Injectable()
export class ConferenceMoves {
  constructor(
    private readonly transitions: CallTransitions,
    private readonly presence: PresenceService,
  ) {}

  /**
   * `party` leaves the locked call's open conference. For another party: its part ends, and the
   * conference with it when fewer than three parties remain. For the call's agent (the owner):
   * the call passes to the first agent or supervisor who has joined (a transfer: the leaver's
   * segment closes, the heir's begins), else, with an outside party joined, the call leaves the
   * platform (as a transfer to that number); with nobody joined it answers undefined (nothing
   * written: the caller cannot be left alone with a ringing leg).
   */
  async leave(
    tx: Database,
    call: CallRow,
    conference: CallConferenceView,
    party: CallConferencePartyView,
    cause: LeaveCause,
    effects: CallEffects,
  ): Promise<LeaveOutcome | undefined> {
    const owner = party.user !== null && party.user.id === call.agentId;
    const others = presentParties(conference).filter((other) => other.id !== party.id);
    const heir = owner
      ? others.find((other) => other.state === 'joined' && other.user !== null)
      : undefined;
    const outsider = owner
      ? others.find((other) => other.state === 'joined' && other.kind === 'number')
      : undefined;
    if (owner && !heir && !outsider) return undefined;

    let after = partyLeft(conference, party.id, cause.at, cause.reason);
    const ends = tooSmall(after);
    if (ends) after = conferenceEnded(after, cause.at);
    let next = await this.transitions.annotate(
      tx,
      call,
      { conference: after },
      {
        type: 'party_left',
        at: cause.at,
        source: cause.source,
        actorId: cause.actorId,
        agentId: party.user?.id ?? null,
        details: { partyId: party.id, kind: party.kind, reason: cause.reason },
      },
      effects,
    );
    if (ends) next = await this.recordEnded(tx, next, cause, 'too_few_parties', effects);
    if (party.user) await this.toAfterCallWork(tx, party.user.id, call.id, effects);
    if (!owner) return { call: next, result: 'stays' };

    const event = {
      at: cause.at,
      source: cause.source,
      actorId: cause.actorId,
      agentId: call.agentId,
      details: { conference: true },
    };
    if (heir?.user) {
      // The conference goes on with the heir as its owner: the transfer's pass through the
      // queue closes it in passing (a call out of the conversation has none); it is restored.
      const moved = await this.transitions.transfer(
        tx,
        next,
        { type: 'agent', agentId: heir.user.id, teamId: call.teamId },
        call.teamId,
        event,
        effects,
      );
      next = await this.transitions.apply(
        tx,
        moved,
        'connected',
        {
          type: 'connected',
          at: cause.at,
          source: cause.source,
          actorId: cause.actorId,
          agentId: heir.user.id,
          assignAgentId: heir.user.id,
        },
        effects,
        { conference: after },
      );
      return { call: next, result: 'handed_over', heir };
    }
    next = await this.transitions.transfer(
      tx,
      next,
      { type: 'number', to: outsider?.number ?? '' },
      null,
      event,
      effects,
    );
    return { call: next, result: 'left_platform' };
  }

  /**
   * After a move that took the call out of the conversation (a hang-up, the call's end): the
   * agents and supervisors who were on its conference (the call's agent aside, who follows the
   * call) go to after-call work, and the conference's end is recorded.
   */
  async callEnded(
    tx: Database,
    before: CallRow,
    after: CallRow,
    cause: Omit<LeaveCause, 'reason'>,
    effects: CallEffects,
  ): Promise<CallRow> {
    if (!openConferenceOf(before) || openConferenceOf(after)) return after;
    for (const userId of conferenceUserIds(before)) {
      await this.toAfterCallWork(tx, userId, before.id, effects);
    }
    return this.recordEnded(tx, after, { ...cause, reason: 'ended' }, 'call_ended', effects);
  }

  private recordEnded(
    tx: Database,
    call: CallRow,
    cause: LeaveCause,
    reason: 'too_few_parties' | 'call_ended',
    effects: CallEffects,
  ): Promise<CallRow> {
    return this.transitions.annotate(
      tx,
      call,
      {},
      {
        type: 'conference_ended',
        at: cause.at,
        source: cause.source,
        actorId: cause.actorId,
        details: { reason },
      },
      effects,
    );
  }

  /** A user whose part of the call ended: after-call work, holding no call (when this was theirs). */
  private async toAfterCallWork(
    tx: Database,
    userId: string,
    callId: string,
    effects: CallEffects,
  ): Promise<void> {
    const current = await this.presence.lockForCall(tx, userId);
    if (current.currentCallId !== null && current.currentCallId !== callId) return;
    const changed = await this.presence.applyForCall(tx, userId, current, {
      status: 'wrap_up',
      currentCallId: null,
    });
    if (changed) effects.agents.add(userId);
  }
}
