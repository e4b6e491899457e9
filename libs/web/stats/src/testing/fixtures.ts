import {
  AgentGridRow,
  DashboardView,
  KpiFigures,
  LiveFigures,
  LiveStaffing,
  TeamDashboard,
} from '@poscalls4u/contracts';

export function aFigures(overrides: Partial<KpiFigures> = {}): KpiFigures {
  return {
    offered: 10,
    answered: 8,
    answeredWithinThreshold: 6,
    abandoned: 2,
    shortAbandoned: 1,
    serviceLevelPercent: 66.67,
    abandonmentRatePercent: 11.11,
    asaSeconds: 14.5,
    averageWaitSeconds: 16,
    longestWaitSeconds: 60,
    handled: 8,
    ahtSeconds: 180,
    averageTalkSeconds: 150,
    averageHoldSeconds: 10,
    averageAfterCallWorkSeconds: 20,
    outbound: 1,
    successes: 4,
    successRatePercent: 50,
    transfersIn: 1,
    transfersOut: 1,
    transferRatePercent: 12.5,
    qaReviews: 1,
    averageQaScore: 90,
    occupancyPercent: 75,
    timeInState: {
      availableSeconds: 600,
      onCallSeconds: 1500,
      wrapUpSeconds: 300,
      breakSeconds: 0,
    },
    ...overrides,
  };
}

export function aLive(overrides: Partial<LiveFigures> = {}): LiveFigures {
  return {
    callsWaiting: 1,
    longestCurrentWaitSeconds: 12,
    agents: { available: 1, onCall: 1, wrapUp: 0, break: 0, offline: 3 },
    ...overrides,
  };
}

export function aStaffing(overrides: Partial<LiveStaffing> = {}): LiveStaffing {
  return {
    arrivalsLast30Minutes: 100,
    ahtSeconds: 180,
    trafficErlangs: 10,
    serviceLevelTargetPercent: 80,
    serviceLevelThresholdSeconds: 20,
    agentsNeeded: 14,
    agentsAvailable: 3,
    agentsStaffed: 12,
    understaffed: true,
    ...overrides,
  };
}

export function aTeam(overrides: Partial<TeamDashboard> = {}): TeamDashboard {
  return {
    teamId: 'team-1',
    name: 'Support',
    serviceLevelTargetPercent: 80,
    serviceLevelThresholdSeconds: 20,
    today: aFigures(),
    live: aLive(),
    staffing: aStaffing(),
    ...overrides,
  };
}

export function anAgentRow(overrides: Partial<AgentGridRow> = {}): AgentGridRow {
  return {
    userId: 'agent-1',
    name: 'Amara Okafor',
    teamIds: ['team-1'],
    status: 'available',
    reason: null,
    since: '2026-11-25T09:00:00.000Z',
    currentCall: null,
    handledToday: 3,
    ahtSecondsToday: 200,
    ...overrides,
  };
}

export function aDashboard(overrides: Partial<DashboardView> = {}): DashboardView {
  return {
    scope: 'teams',
    timeZone: 'Europe/Paris',
    day: { start: '2026-11-24T23:00:00.000Z', end: '2026-11-25T23:00:00.000Z' },
    today: aFigures(),
    live: aLive(),
    intervals: [
      {
        start: '2026-11-25T08:00:00.000Z',
        end: '2026-11-25T08:15:00.000Z',
        figures: aFigures(),
      },
    ],
    teams: [aTeam()],
    agents: [anAgentRow()],
    waitingCalls: [
      {
        callId: 'call-1',
        teamId: 'team-1',
        teamName: 'Support',
        from: '+15550100',
        state: 'queued',
        priority: 0,
        queuedAt: '2026-11-25T09:00:48.000Z',
        waitingSeconds: 12,
      },
    ],
    alerts: [],
    generatedAt: '2026-11-25T09:01:00.000Z',
    ...overrides,
  };
}
