import { KpiFigures, LiveFigures, StatsInterval } from '@poscalls4u/contracts';
import { formatDuration } from '@poscalls4u/web-calls';

/** `87.5` -> `87.5 %`; an em dash when there is no figure (no calls yet). */
export function formatPercent(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) {
    return '—';
  }
  return `${String(Math.round(value * 10) / 10)} %`;
}

/** `75` -> `1:15`; durations of the dashboard are seconds with two decimals. */
export function formatSeconds(value: number | null | undefined): string {
  return formatDuration(value);
}

/** A common industry goal when a team sets none: at most 5 % of callers hang up waiting. */
export const ABANDONMENT_TARGET_PERCENT = 5;

/** `ok`: on target; `off`: off target; `none`: no target or no figure to judge yet. */
export type TileStatus = 'ok' | 'off' | 'none';

export interface KpiTile {
  id: string;
  label: string;
  /** The figure as shown. */
  display: string;
  /** The raw figure (for tests and screen readers' exact values); null when there is none. */
  value: number | null;
  /** The target in words, e.g. `Target ≥ 80 %`, or null. */
  target: string | null;
  status: TileStatus;
}

/** What a tile compares against: the team's service-level target and threshold. */
export interface TileTargets {
  serviceLevelTargetPercent: number | null;
  serviceLevelThresholdSeconds: number | null;
}

function judge(value: number | null, ok: (value: number) => boolean, hasTarget: boolean) {
  if (value === null || !hasTarget) return 'none' as const;
  return ok(value) ? ('ok' as const) : ('off' as const);
}

/** The dashboard's KPI tiles, each with its target and whether it is met. */
export function kpiTiles(today: KpiFigures, live: LiveFigures, targets: TileTargets): KpiTile[] {
  const slTarget = targets.serviceLevelTargetPercent;
  const threshold = targets.serviceLevelThresholdSeconds;
  return [
    {
      id: 'service-level',
      label: 'Service level',
      display: formatPercent(today.serviceLevelPercent),
      value: today.serviceLevelPercent,
      target:
        slTarget === null
          ? null
          : `Target ≥ ${String(slTarget)} %${threshold === null ? '' : ` in ${String(threshold)} s`}`,
      status: judge(today.serviceLevelPercent, (v) => v >= (slTarget ?? 0), slTarget !== null),
    },
    {
      id: 'asa',
      label: 'Average speed of answer',
      display: formatSeconds(today.asaSeconds),
      value: today.asaSeconds,
      target: threshold === null ? null : `Target ≤ ${formatSeconds(threshold)}`,
      status: judge(today.asaSeconds, (v) => v <= (threshold ?? 0), threshold !== null),
    },
    {
      id: 'aht',
      label: 'Average handle time',
      display: formatSeconds(today.ahtSeconds),
      value: today.ahtSeconds,
      target: null,
      status: 'none',
    },
    {
      id: 'abandonment',
      label: 'Abandonment rate',
      display: formatPercent(today.abandonmentRatePercent),
      value: today.abandonmentRatePercent,
      target: `Target ≤ ${String(ABANDONMENT_TARGET_PERCENT)} %`,
      status: judge(today.abandonmentRatePercent, (v) => v <= ABANDONMENT_TARGET_PERCENT, true),
    },
    {
      // Handled segments that ended with a transfer: callers who reached the wrong place.
      id: 'transfer-rate',
      label: 'Transfer rate',
      display: formatPercent(today.transferRatePercent),
      value: today.transferRatePercent,
      target: null,
      status: 'none',
    },
    {
      id: 'occupancy',
      label: 'Occupancy',
      display: formatPercent(today.occupancyPercent),
      value: today.occupancyPercent,
      target: null,
      status: 'none',
    },
    count('offered', 'Offered', today.offered),
    count('answered', 'Answered', today.answered),
    count('abandoned', 'Abandoned', today.abandoned),
    {
      id: 'calls-waiting',
      label: 'Calls waiting',
      display: String(live.callsWaiting),
      value: live.callsWaiting,
      target: null,
      status: 'none',
    },
    {
      id: 'longest-wait',
      label: 'Longest wait now',
      display: formatSeconds(live.longestCurrentWaitSeconds),
      value: live.longestCurrentWaitSeconds,
      // A call waiting past the threshold is already lost to the service level.
      target: threshold === null ? null : `Target ≤ ${formatSeconds(threshold)}`,
      status: judge(
        live.longestCurrentWaitSeconds,
        (v) => v <= (threshold ?? 0),
        threshold !== null,
      ),
    },
  ];
}

/**
 * The tiles' names before today's figures arrive (no figure, no target): the dashboard draws them
 * at once, so that its first screen neither waits for the figures nor jumps when they come. The
 * same tiles, in the same order, as `kpiTiles`.
 */
export function loadingKpiTiles(): KpiTile[] {
  return [
    ['service-level', 'Service level'],
    ['asa', 'Average speed of answer'],
    ['aht', 'Average handle time'],
    ['abandonment', 'Abandonment rate'],
    ['transfer-rate', 'Transfer rate'],
    ['occupancy', 'Occupancy'],
    ['offered', 'Offered'],
    ['answered', 'Answered'],
    ['abandoned', 'Abandoned'],
    ['calls-waiting', 'Calls waiting'],
    ['longest-wait', 'Longest wait now'],
  ].map(([id = '', label = '']) => ({
    id,
    label,
    display: '…',
    value: null,
    target: null,
    status: 'none',
  }));
}

function count(id: string, label: string, value: number): KpiTile {
  return { id, label, display: String(value), value, target: null, status: 'none' };
}

/** `offered/answered/abandoned` by interval and the service level, for the chart. */
export interface IntervalSeries {
  labels: string[];
  offered: number[];
  answered: number[];
  abandoned: number[];
  serviceLevel: (number | null)[];
}

/** Interval start times as `HH:mm` in the organisation's zone (dates for daily and longer). */
export function intervalLabel(start: string, timeZone: string, withDate: boolean): string {
  const options: Intl.DateTimeFormatOptions = withDate
    ? { timeZone, month: 'short', day: 'numeric' }
    : { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  try {
    return new Intl.DateTimeFormat('en-GB', options).format(new Date(start));
  } catch {
    // An unknown zone: the browser's own.
    return new Intl.DateTimeFormat('en-GB', { ...options, timeZone: undefined }).format(
      new Date(start),
    );
  }
}

/** `YYYY-MM-DD` of an instant in `timeZone` (the browser's zone when it is unknown). */
function localDate(at: string | number, timeZone: string): string {
  const options: Intl.DateTimeFormatOptions = {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  };
  try {
    return new Intl.DateTimeFormat('en-CA', options).format(new Date(at));
  } catch {
    return new Intl.DateTimeFormat('en-CA', { ...options, timeZone: undefined }).format(
      new Date(at),
    );
  }
}

/**
 * The chart's axis labels: dates for daily and weekly intervals; times within one day; both when
 * shorter intervals span several days (an hourly week would otherwise repeat 00:00-23:00 unnamed).
 */
export function chartLabels(
  points: readonly { start: string }[],
  timeZone: string,
  interval: StatsInterval,
): string[] {
  if (interval === '1d' || interval === '1w') {
    return points.map((point) => intervalLabel(point.start, timeZone, true));
  }
  const first = points[0];
  const last = points.at(-1);
  const severalDays =
    first !== undefined &&
    last !== undefined &&
    localDate(first.start, timeZone) !== localDate(last.start, timeZone);
  return points.map((point) =>
    severalDays
      ? `${intervalLabel(point.start, timeZone, true)} ${intervalLabel(point.start, timeZone, false)}`
      : intervalLabel(point.start, timeZone, false),
  );
}

/**
 * A report's days as people say them: `to` is the exclusive end (the next day's midnight), so a
 * range ending Dec 7 reads "Dec 1, 2026 – Dec 7, 2026", not "... Dec 8".
 */
export function reportRangeLabel(from: string, to: string, timeZone: string): string {
  const lastInstant = Math.max(Date.parse(to) - 1, Date.parse(from));
  const format = (at: number) => {
    const options: Intl.DateTimeFormatOptions = {
      timeZone,
      month: 'short',
      day: 'numeric',
      year: 'numeric',
    };
    try {
      return new Intl.DateTimeFormat('en-US', options).format(new Date(at));
    } catch {
      return new Intl.DateTimeFormat('en-US', { ...options, timeZone: undefined }).format(
        new Date(at),
      );
    }
  };
  const start = format(Date.parse(from));
  const end = format(lastInstant);
  return start === end ? start : `${start} – ${end}`;
}

/**
 * The intervals of a day up to the one in progress at `now`: a chart of today ends at now rather
 * than showing the rest of the day empty.
 */
export function pointsUntil<T extends { start: string }>(points: readonly T[], now: number): T[] {
  return points.filter((point) => Date.parse(point.start) <= now);
}
