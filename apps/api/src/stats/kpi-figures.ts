import { KpiFigures } from '@poscalls4u/contracts';

/**
 * The additive inputs of the KPIs: sums of rollup columns over a scope and a period (max for the
 * longest wait). Every KPI is a ratio of these, computed once here — see docs/metrics.md.
 */
export interface KpiSums {
  offered: number;
  answered: number;
  answeredWithinThreshold: number;
  abandoned: number;
  shortAbandoned: number;
  answeredWaitMs: number;
  abandonedWaitMs: number;
  maxWaitMs: number;
  handled: number;
  talkMs: number;
  holdMs: number;
  afterCallWorkMs: number;
  outbound: number;
  successes: number;
  qaReviews: number;
  qaScoreSum: number;
  transfersIn: number;
  transfersOut: number;
  availableMs: number;
  onCallMs: number;
  wrapUpMs: number;
  breakMs: number;
}

const KPI_SUM_KEYS = [
  'offered',
  'answered',
  'answeredWithinThreshold',
  'abandoned',
  'shortAbandoned',
  'answeredWaitMs',
  'abandonedWaitMs',
  'maxWaitMs',
  'handled',
  'talkMs',
  'holdMs',
  'afterCallWorkMs',
  'outbound',
  'successes',
  'qaReviews',
  'qaScoreSum',
  'transfersIn',
  'transfersOut',
  'availableMs',
  'onCallMs',
  'wrapUpMs',
  'breakMs',
] as const satisfies readonly (keyof KpiSums)[];

export function emptySums(): KpiSums {
  return Object.fromEntries(KPI_SUM_KEYS.map((key) => [key, 0])) as unknown as KpiSums;
}

/** Reads a database row (bigints arrive as strings from `pg`) into sums; missing columns are 0. */
export function toSums(row: Record<string, unknown> | undefined): KpiSums {
  const sums = emptySums();
  if (!row) return sums;
  for (const key of KPI_SUM_KEYS) sums[key] = Number(row[key] ?? 0) || 0;
  return sums;
}

/** Adds `b` into `a` (the longest wait is a maximum, the rest are sums). */
export function addSums(a: KpiSums, b: KpiSums): KpiSums {
  for (const key of KPI_SUM_KEYS) {
    a[key] = key === 'maxWaitMs' ? Math.max(a[key], b[key]) : a[key] + b[key];
  }
  return a;
}

/** Adds an agent's time in state to a team's sums (their call figures are on the team rows). */
export function addStateTime(into: KpiSums, agent: KpiSums): void {
  into.availableMs += agent.availableMs;
  into.onCallMs += agent.onCallMs;
  into.wrapUpMs += agent.wrapUpMs;
  into.breakMs += agent.breakMs;
}

/** Milliseconds as seconds with two decimals. */
function seconds(ms: number): number {
  return Math.round(ms / 10) / 100;
}

/** total / count in seconds with two decimals; null when nothing was counted. */
function averageSeconds(totalMs: number, count: number): number | null {
  return count > 0 ? Math.round(totalMs / count / 10) / 100 : null;
}

/** part / whole as a percentage with two decimals; null for an empty whole. */
function percent(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part * 10_000) / whole) / 100 : null;
}

export function toKpiFigures(sums: KpiSums): KpiFigures {
  // Short abandons (hang-ups before the short-abandon threshold) leave the service level and the
  // abandonment rate altogether: they say nothing about how fast the center answers.
  const slBase = sums.offered - sums.shortAbandoned;
  const waited = sums.answered + sums.abandoned;
  const busyMs = sums.onCallMs + sums.wrapUpMs;
  return {
    offered: sums.offered,
    answered: sums.answered,
    answeredWithinThreshold: sums.answeredWithinThreshold,
    abandoned: sums.abandoned,
    shortAbandoned: sums.shortAbandoned,
    serviceLevelPercent: percent(sums.answeredWithinThreshold, slBase),
    abandonmentRatePercent: percent(sums.abandoned - sums.shortAbandoned, slBase),
    asaSeconds: averageSeconds(sums.answeredWaitMs, sums.answered),
    averageWaitSeconds: averageSeconds(sums.answeredWaitMs + sums.abandonedWaitMs, waited),
    longestWaitSeconds: waited > 0 ? seconds(sums.maxWaitMs) : null,
    handled: sums.handled,
    ahtSeconds: averageSeconds(sums.talkMs + sums.holdMs + sums.afterCallWorkMs, sums.handled),
    averageTalkSeconds: averageSeconds(sums.talkMs, sums.handled),
    averageHoldSeconds: averageSeconds(sums.holdMs, sums.handled),
    averageAfterCallWorkSeconds: averageSeconds(sums.afterCallWorkMs, sums.handled),
    outbound: sums.outbound,
    successes: sums.successes,
    successRatePercent: percent(sums.successes, sums.handled),
    transfersIn: sums.transfersIn,
    transfersOut: sums.transfersOut,
    transferRatePercent: percent(sums.transfersOut, sums.handled),
    qaReviews: sums.qaReviews,
    averageQaScore:
      sums.qaReviews > 0 ? Math.round((sums.qaScoreSum * 100) / sums.qaReviews) / 100 : null,
    occupancyPercent: percent(busyMs, sums.availableMs + busyMs),
    timeInState: {
      availableSeconds: seconds(sums.availableMs),
      onCallSeconds: seconds(sums.onCallMs),
      wrapUpSeconds: seconds(sums.wrapUpMs),
      breakSeconds: seconds(sums.breakMs),
    },
  };
}
