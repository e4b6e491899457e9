import {
  CONFERENCE_PARTY_TRANSITIONS,
  CallConferencePartyView,
  CallConferenceView,
  ConferencePartyLeftReason,
  ConferencePartyState,
} from '@poscalls4u/contracts';
import { CallRow } from '@poscalls4u/server-database';

/**
 * The conference on a call (the `calls.conference` column): pure reads and changes of its
 * parties. A change answers a new value for the column; the caller writes it with the event.
 */

/** The call's conference (open or ended), or null. */
export function conferenceOf(call: Pick<CallRow, 'conference'>): CallConferenceView | null {
  return (call.conference as CallConferenceView | null) ?? null;
}

/** The conference open on the call (not ended), or null. */
export function openConferenceOf(call: Pick<CallRow, 'conference'>): CallConferenceView | null {
  const conference = conferenceOf(call);
  return conference && conference.endedAt === null ? conference : null;
}

/** The parties still on (joining or joined). */
export function presentParties(conference: CallConferenceView): CallConferencePartyView[] {
  return conference.parties.filter((party) => party.state !== 'left');
}

/**
 * The agents and supervisors on the call's open conference, the call's agent left out: whoever
 * ends the conversation (a hang-up, the call's end) ends their part.
 */
export function conferenceUserIds(call: Pick<CallRow, 'conference' | 'agentId'>): string[] {
  const conference = openConferenceOf(call);
  if (!conference) return [];
  return presentParties(conference)
    .map((party) => party.user?.id)
    .filter((id): id is string => id !== undefined && id !== call.agentId);
}

/** The party of a user still on the conference, or undefined. */
export function partyOfUser(
  conference: CallConferenceView,
  userId: string,
): CallConferencePartyView | undefined {
  return presentParties(conference).find((party) => party.user?.id === userId);
}

export function canMoveParty(from: ConferencePartyState, to: ConferencePartyState): boolean {
  return CONFERENCE_PARTY_TRANSITIONS[from].includes(to);
}

/** The conference with one party changed (by id). */
export function withParty(
  conference: CallConferenceView,
  partyId: string,
  change: Partial<CallConferencePartyView>,
): CallConferenceView {
  return {
    ...conference,
    parties: conference.parties.map((party) =>
      party.id === partyId ? { ...party, ...change } : party,
    ),
  };
}

/** A party's part ends at `at`. */
export function partyLeft(
  conference: CallConferenceView,
  partyId: string,
  at: Date,
  reason: ConferencePartyLeftReason,
): CallConferenceView {
  return withParty(conference, partyId, {
    state: 'left',
    leftAt: at.toISOString(),
    leftReason: reason,
  });
}

/** The conference ended at `at`: every party still on leaves with it. */
export function conferenceEnded(conference: CallConferenceView, at: Date): CallConferenceView {
  return {
    ...conference,
    endedAt: at.toISOString(),
    parties: conference.parties.map((party) =>
      party.state === 'left'
        ? party
        : { ...party, state: 'left', leftAt: at.toISOString(), leftReason: 'ended' },
    ),
  };
}

/**
 * A conference needs three parties: with the caller and one other left it ends (the call goes
 * on as a two-party call).
 */
export function tooSmall(conference: CallConferenceView): boolean {
  return presentParties(conference).length < 3;
}
