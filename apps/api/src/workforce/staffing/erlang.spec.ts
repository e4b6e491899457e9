import {
  QueueModel,
  erlangAFigures,
  erlangB,
  erlangC,
  erlangCFigures,
  requiredAgents,
} from './erlang';

/** log(Σ exp(values)) without overflow. */
function logSumExp(values: number[]): number {
  const top = Math.max(...values);
  return top + Math.log(values.reduce((sum, value) => sum + Math.exp(value - top), 0));
}

/**
 * Erlang B and C from the Poisson distribution in log space — an independent computation:
 * B = p_N / Σ_{k≤N} p_k and C = p_N·N/(N−A) / (Σ_{k<N} p_k + p_N·N/(N−A)), p_k = e^{−A} A^k / k!.
 */
function poissonErlang(traffic: number, agents: number): { b: number; c: number } {
  const logPmf = [-traffic];
  for (let k = 1; k <= agents; k++) {
    logPmf.push((logPmf[k - 1] as number) + Math.log(traffic) - Math.log(k));
  }
  const logN = logPmf[agents] as number;
  const b = Math.exp(logN - logSumExp(logPmf));
  const logWaitTerm = logN + Math.log(agents / (agents - traffic));
  const c = Math.exp(logWaitTerm - logSumExp([...logPmf.slice(0, agents), logWaitTerm]));
  return { b, c };
}

/** A seeded uniform generator (mulberry32), so the simulation is the same at every run. */
function uniform(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * M/M/N+M by simulation, first come first served: each caller takes the agent free first, or
 * hangs up when that agent frees later than the caller's patience allows.
 */
function simulate(model: Required<QueueModel>, agents: number, callers: number) {
  const random = uniform(14);
  const exponential = (mean: number) => -mean * Math.log(1 - random());
  const arrivalMean = model.ahtSeconds / model.trafficErlangs;
  const freeAt: number[] = new Array(agents).fill(0);
  let now = 0;
  let answered = 0;
  let within = 0;
  let waited = 0;
  let abandoned = 0;
  for (let n = 0; n < callers; n++) {
    now += exponential(arrivalMean);
    let first = 0;
    for (let a = 1; a < agents; a++)
      if ((freeAt[a] as number) < (freeAt[first] as number)) first = a;
    const wait = Math.max(0, (freeAt[first] as number) - now);
    if (wait > exponential(model.averagePatienceSeconds)) {
      abandoned++;
      continue;
    }
    answered++;
    waited += wait;
    if (wait <= model.targetAnswerSeconds) within++;
    freeAt[first] = now + wait + exponential(model.ahtSeconds);
  }
  return {
    serviceLevel: within / callers,
    abandonRate: abandoned / callers,
    asaSeconds: waited / answered,
  };
}

// The published worked example: 100 calls in 30 minutes, AHT 180 s, 80 % answered in 20 s.
const EXAMPLE: QueueModel = { trafficErlangs: 10, ahtSeconds: 180, targetAnswerSeconds: 20 };
const GOAL = { serviceLevelTarget: 0.8, maxAgents: 20_000 };

describe('Erlang B and C', () => {
  it('needs 14 agents for the worked example (SL ~88.9 %, ASA ~7.8 s)', () => {
    const figures = requiredAgents(EXAMPLE, GOAL);
    expect(figures?.agents).toBe(14);
    expect(figures?.serviceLevel).toBeCloseTo(0.888, 3);
    expect(figures?.asaSeconds).toBeCloseTo(7.84, 2);
    expect(figures?.probabilityOfWaiting).toBeCloseTo(0.1741, 4);
    expect(figures?.occupancy).toBeCloseTo(10 / 14, 10);
    // 13 agents fall short of the target.
    expect(erlangCFigures(EXAMPLE, 13).serviceLevel).toBeCloseTo(0.7956, 4);
  });

  it.each([
    [1, 1],
    [10, 14],
    [250, 270],
    [800, 830],
    [1500, 1545],
    [1990, 2050],
  ])('agrees with the log-space Poisson sums for %d Erlangs and %d agents', (traffic, agents) => {
    const expected = poissonErlang(traffic, agents);
    expect(erlangB(traffic, agents) / expected.b).toBeCloseTo(1, 9);
    if (agents > traffic) expect(erlangC(traffic, agents) / expected.c).toBeCloseTo(1, 9);
  });

  it('stays finite and monotone from 1 to 20,000 agents', () => {
    let previous = 1;
    for (let agents = 1; agents <= 20_000; agents += 97) {
      const blocking = erlangB(1200, agents);
      expect(Number.isFinite(blocking)).toBe(true);
      expect(blocking).toBeLessThanOrEqual(previous);
      previous = blocking;
    }
  });

  it('staffs hundreds of Erlangs with the smallest number that meets the target', () => {
    const model: QueueModel = { trafficErlangs: 600, ahtSeconds: 300, targetAnswerSeconds: 20 };
    const figures = requiredAgents(model, GOAL);
    const agents = figures?.agents as number;
    expect(agents).toBeGreaterThan(600);
    const below = poissonErlang(600, agents - 1).c;
    const at = poissonErlang(600, agents).c;
    const level = (c: number, n: number) => 1 - c * Math.exp((-(n - 600) * 20) / 300);
    expect(level(at, agents)).toBeGreaterThanOrEqual(0.8);
    expect(level(below, agents - 1)).toBeLessThan(0.8);
    expect(figures?.serviceLevel).toBeCloseTo(level(at, agents), 9);
  });

  it('applies the occupancy cap', () => {
    const figures = requiredAgents(EXAMPLE, { ...GOAL, maxOccupancy: 0.6 });
    expect(figures?.agents).toBe(17);
    expect(figures?.occupancy).toBeLessThanOrEqual(0.6);
  });

  it('needs no agent for no traffic, and gives up past the agent limit', () => {
    expect(requiredAgents({ ...EXAMPLE, trafficErlangs: 0 }, GOAL)).toMatchObject({
      agents: 0,
      serviceLevel: 1,
      occupancy: 0,
    });
    expect(requiredAgents(EXAMPLE, { ...GOAL, maxAgents: 13 })).toBeNull();
    expect(requiredAgents(EXAMPLE, { ...GOAL, maxAgents: 14 })?.agents).toBe(14);
  });

  it('reports an overloaded queue as unbounded', () => {
    expect(erlangCFigures(EXAMPLE, 10)).toMatchObject({
      serviceLevel: 0,
      asaSeconds: null,
      probabilityOfWaiting: 1,
    });
  });
});

describe('Erlang A', () => {
  const patient = (averagePatienceSeconds: number) => ({ ...EXAMPLE, averagePatienceSeconds });

  it('becomes Erlang C when callers never give up', () => {
    for (const agents of [11, 14, 20]) {
      const a = erlangAFigures(patient(1e12), agents);
      const c = erlangCFigures(EXAMPLE, agents);
      expect(a.serviceLevel).toBeCloseTo(c.serviceLevel, 6);
      expect(a.asaSeconds).toBeCloseTo(c.asaSeconds as number, 4);
      expect(a.probabilityOfWaiting).toBeCloseTo(c.probabilityOfWaiting, 6);
      expect(a.abandonRate).toBeCloseTo(0, 6);
    }
  });

  it('balances the chain: abandons are g·E[queue], handled traffic is E[busy agents]', () => {
    // The stationary distribution built directly in log space, state by state.
    const agents = 9;
    const g = 180 / 120;
    const logPi = [0];
    for (let n = 1; n < 400; n++) {
      const rate = Math.min(n, agents) + Math.max(0, n - agents) * g;
      logPi.push((logPi[n - 1] as number) + Math.log(10) - Math.log(rate));
    }
    const norm = logSumExp(logPi);
    const pi = logPi.map((value) => Math.exp(value - norm));
    const queue = pi.reduce((sum, p, n) => sum + p * Math.max(0, n - agents), 0);
    const busy = pi.reduce((sum, p, n) => sum + p * Math.min(n, agents), 0);
    const waiting = pi.slice(agents).reduce((sum, p) => sum + p, 0);

    const figures = erlangAFigures(patient(120), agents);
    expect(figures.abandonRate).toBeCloseTo((g * queue) / 10, 10);
    expect(figures.occupancy).toBeCloseTo(busy / agents, 10);
    expect(figures.probabilityOfWaiting).toBeCloseTo(waiting, 10);
  });

  it('matches a simulation of impatient callers', () => {
    const model = { ...EXAMPLE, averagePatienceSeconds: 60 };
    for (const agents of [10, 12]) {
      const simulated = simulate(model, agents, 400_000);
      const figures = erlangAFigures(model, agents);
      expect(Math.abs(figures.serviceLevel - simulated.serviceLevel)).toBeLessThan(0.005);
      expect(Math.abs((figures.abandonRate as number) - simulated.abandonRate)).toBeLessThan(0.005);
      expect(Math.abs((figures.asaSeconds as number) - simulated.asaSeconds)).toBeLessThan(0.5);
    }
  });

  it('staffs fewer agents than Erlang C, and may staff at or below the traffic', () => {
    const figures = requiredAgents(patient(60), GOAL);
    expect(figures?.agents).toBeLessThanOrEqual(14);
    expect(figures?.serviceLevel).toBeGreaterThanOrEqual(0.8);
    const fewer = erlangAFigures(patient(60), (figures?.agents as number) - 1);
    expect(fewer.serviceLevel).toBeLessThan(0.8);
    // Heavy overload: impatient callers keep the queue short, and the chain stays finite.
    const overloaded = erlangAFigures({ ...patient(30), trafficErlangs: 1800 }, 1000);
    expect(overloaded.abandonRate).toBeGreaterThan(0.4);
    expect(overloaded.occupancy).toBeLessThanOrEqual(1);
  });

  it('stays finite for 2,000 agents and patient callers', () => {
    const model = { ...patient(3600), trafficErlangs: 1950 };
    const figures = requiredAgents(model, GOAL);
    expect(figures?.agents).toBeGreaterThan(1900);
    expect(Number.isFinite(figures?.asaSeconds)).toBe(true);
    for (const agents of [1, 500, 1900, 2000, 2100]) {
      const row = erlangAFigures(model, agents);
      expect(Number.isFinite(row.serviceLevel)).toBe(true);
      expect(Number.isFinite(row.abandonRate)).toBe(true);
    }
  });
});
