import { CallConferencePartyView, CallConferenceView } from '@poscalls4u/contracts';

import {
  canMoveParty,
  conferenceEnded,
  conferenceUserIds,
  openConferenceOf,
  partyLeft,
  tooSmall,
} from './call-conference';

function party(id: string, fields: Partial<CallConferencePartyView> = {}): CallConferencePartyView {
  return {
    id,
    kind: 'agent',
    user: { id: `user-${id}`, name: id },
    number: null,
    state: 'joined',
    addedAt: '2026-12-07T09:00:00.000Z',
    joinedAt: '2026-12-07T09:00:00.000Z',
    leftAt: null,
    leftReason: null,
    ...fields,
  };
}

const CONFERENCE: CallConferenceView = {
  startedAt: '2026-12-07T09:00:00.000Z',
  endedAt: null,
  parties: [party('caller', { kind: 'caller', user: null }), party('a'), party('b'), party('c')],
};
const AT = new Date('2026-12-07T09:05:00.000Z');

describe('call conference', () => {
  it('a party moves joining -> joined -> left, never back', () => {
    expect(canMoveParty('joining', 'joined')).toBe(true);
    expect(canMoveParty('joining', 'left')).toBe(true);
    expect(canMoveParty('joined', 'left')).toBe(true);
    expect(canMoveParty('left', 'joined')).toBe(false);
    expect(canMoveParty('joined', 'joining')).toBe(false);
  });

  it('names the agents and supervisors on it, the call agent left out', () => {
    const call = { conference: CONFERENCE, agentId: 'user-a' };
    expect(conferenceUserIds(call)).toEqual(['user-b', 'user-c']);
    const withoutB = partyLeft(CONFERENCE, 'b', AT, 'removed');
    expect(conferenceUserIds({ conference: withoutB, agentId: 'user-a' })).toEqual(['user-c']);
    expect(withoutB.parties[2]).toMatchObject({
      state: 'left',
      leftAt: AT.toISOString(),
      leftReason: 'removed',
    });
  });

  it('ends with fewer than three parties, every party still on leaving with it', () => {
    const two = partyLeft(partyLeft(CONFERENCE, 'b', AT, 'left'), 'c', AT, 'hung_up');
    expect(tooSmall(partyLeft(CONFERENCE, 'b', AT, 'left'))).toBe(false);
    expect(tooSmall(two)).toBe(true);
    const ended = conferenceEnded(two, AT);
    expect(openConferenceOf({ conference: ended })).toBeNull();
    expect(ended.parties.map((one) => [one.id, one.leftReason])).toEqual([
      ['caller', 'ended'],
      ['a', 'ended'],
      ['b', 'left'],
      ['c', 'hung_up'],
    ]);
    expect(conferenceUserIds({ conference: ended, agentId: 'user-a' })).toEqual([]);
  });
});
