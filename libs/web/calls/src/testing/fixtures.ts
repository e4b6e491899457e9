import { CallView, PresenceView, UserView } from '@poscalls4u/contracts';

export const AGENT: UserView = {
  id: 'agent-1',
  name: 'Amara Okafor',
  email: 'agent1@poscalls4u.test',
  role: 'agent',
  emailVerified: true,
  mfaEnabled: false,
  isActive: true,
  avatarUrl: null,
  createdAt: '2026-11-25T08:00:00.000Z',
  lastLoginAt: null,
};

/** A call ringing at AGENT unless `overrides` say otherwise. */
export function aCall(overrides: Partial<CallView> = {}): CallView {
  return {
    id: 'call-1',
    teamId: 'team-1',
    teamName: 'Support',
    direction: 'inbound',
    state: 'offered',
    from: '+15550100',
    to: '+15550199',
    externalId: 'pbx-1',
    integrationId: 'int-1',
    priority: 0,
    agent: { id: AGENT.id, name: AGENT.name },
    queuedAt: '2026-11-25T09:00:00.000Z',
    requeuedAt: null,
    offerExpiresAt: '2026-11-25T09:00:20.000Z',
    answeredAt: null,
    endedAt: null,
    completedAt: null,
    disposition: null,
    notes: null,
    durations: {
      waitSeconds: null,
      ringSeconds: null,
      talkSeconds: null,
      holdSeconds: null,
      afterCallWorkSeconds: null,
      handleSeconds: null,
    },
    muted: false,
    consult: null,
    conference: null,
    createdAt: '2026-11-25T09:00:00.000Z',
    updatedAt: '2026-11-25T09:00:00.000Z',
    ...overrides,
  };
}

export function aPresence(overrides: Partial<PresenceView> = {}): PresenceView {
  return {
    userId: AGENT.id,
    name: AGENT.name,
    status: 'available',
    reason: null,
    since: '2026-11-25T08:30:00.000Z',
    forcedBy: null,
    next: null,
    ...overrides,
  };
}
