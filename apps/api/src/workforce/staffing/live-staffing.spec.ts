import { liveStaffing } from '../../stats/live-staffing';
import { ErlangStaffingCalculator } from './erlang-staffing-calculator';

const calculator = new ErlangStaffingCalculator();
const team = { serviceLevelTargetPercent: 80, serviceLevelThresholdSeconds: 20 };
const agents = (entries: Record<string, number>) => new Map(Object.entries(entries));

describe('live staffing', () => {
  it('needs 14 agents for 100 calls in 30 minutes at 180 s AHT, 80 % in 20 s', () => {
    // The published worked example: 10 Erlangs, 14 agents (service level about 88.9 %).
    const figures = liveStaffing(
      {
        recent: { arrivals: 100, completed: 50, handleMs: 50 * 180_000 },
        todayAhtSeconds: 300,
        ...team,
        agentStates: agents({ available: 3, on_call: 8, wrap_up: 2, break: 4, offline: 1 }),
      },
      calculator,
    );
    expect(figures).toEqual({
      arrivalsLast30Minutes: 100,
      ahtSeconds: 180,
      trafficErlangs: 10,
      serviceLevelTargetPercent: 80,
      serviceLevelThresholdSeconds: 20,
      agentsNeeded: 14,
      agentsAvailable: 3,
      agentsStaffed: 13,
      understaffed: true,
    });
  });

  it('is not understaffed once enough agents take calls (breaks do not count)', () => {
    const figures = liveStaffing(
      {
        recent: { arrivals: 100, completed: 50, handleMs: 50 * 180_000 },
        todayAhtSeconds: null,
        ...team,
        agentStates: agents({ available: 4, on_call: 10 }),
      },
      calculator,
    );
    expect(figures).toMatchObject({ agentsNeeded: 14, agentsStaffed: 14, understaffed: false });
  });

  it("falls back on today's AHT when no call was completed in the window", () => {
    const figures = liveStaffing(
      {
        recent: { arrivals: 100, completed: 0, handleMs: 0 },
        todayAhtSeconds: 180,
        ...team,
        agentStates: undefined,
      },
      calculator,
    );
    expect(figures).toMatchObject({ ahtSeconds: 180, agentsNeeded: 14, understaffed: true });
  });

  it('needs nobody without traffic, and does not guess without any AHT', () => {
    expect(
      liveStaffing(
        { recent: undefined, todayAhtSeconds: null, ...team, agentStates: undefined },
        calculator,
      ),
    ).toMatchObject({ agentsNeeded: 0, trafficErlangs: 0, understaffed: false });
    expect(
      liveStaffing(
        {
          recent: { arrivals: 3, completed: 0, handleMs: 0 },
          todayAhtSeconds: null,
          ...team,
          agentStates: undefined,
        },
        calculator,
      ),
    ).toMatchObject({ agentsNeeded: null, ahtSeconds: null, understaffed: false });
  });

  it('answers a 100 % target with the closest finite staffing', () => {
    const figures = liveStaffing(
      {
        recent: { arrivals: 100, completed: 50, handleMs: 50 * 180_000 },
        todayAhtSeconds: null,
        serviceLevelTargetPercent: 100,
        serviceLevelThresholdSeconds: 20,
        agentStates: undefined,
      },
      calculator,
    );
    expect(figures.agentsNeeded).toBeGreaterThan(14);
  });
});
