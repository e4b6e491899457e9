import {
  AgentFigurePeriod,
  MAX_STATS_RANGE_DAYS,
  StatsInterval,
  ValidationIssue,
} from '@poscalls4u/contracts';

import { AppException } from '../platform/http';

/** A half-open period [from, to) of instants. */
export interface Period {
  from: Date;
  to: Date;
}

const DAY_MS = 86_400_000;
const BUCKET_MS = 15 * 60_000;
/** A longer series would be megabytes of JSON; a coarser interval answers the same question. */
const MAX_SERIES_POINTS = 10_000;

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
/** An instant must say where it is: `Z` or an offset. A bare local time would be ambiguous on DST days. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** Nominal length of each interval, to bound the number of points before asking the database. */
const NOMINAL_MS: Record<StatsInterval, number> = {
  '15m': BUCKET_MS,
  '30m': 2 * BUCKET_MS,
  '1h': 4 * BUCKET_MS,
  '1d': DAY_MS,
  '1w': 7 * DAY_MS,
};

/**
 * One formatter per zone, reused: building an Intl.DateTimeFormat loads the zone's data (~0.1 ms,
 * ten times the cost of formatting with it), and a 30-day hourly report asks for ~1,500 offsets.
 * Zones are few (the organisation's), so the cache stays small.
 */
const zoneFormatters = new Map<string, Intl.DateTimeFormat>();

function zoneFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = zoneFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    zoneFormatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Offset of `timeZone` from UTC at `instant`, in milliseconds (east positive). */
function zoneOffsetMs(instant: Date, timeZone: string): number {
  const parts = zoneFormatter(timeZone).formatToParts(instant);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The instant of local midnight starting the calendar date y-m-d (month 1-12) in `timeZone`. */
function localMidnight(year: number, month: number, day: number, timeZone: string): Date {
  const wall = Date.UTC(year, month - 1, day);
  // Two passes: the offset at the guess may differ from the offset at the answer near a DST change.
  const guess = wall - zoneOffsetMs(new Date(wall), timeZone);
  return new Date(wall - zoneOffsetMs(new Date(guess), timeZone));
}

/**
 * The local day of the calendar date `YYYY-MM-DD` in `timeZone`: local midnight to the next local
 * midnight (23, 24 or 25 hours); undefined when `date` is not a real date from 1970 on.
 */
export function calendarDay(date: string, timeZone: string): Period | undefined {
  const parts = DATE_ONLY.exec(date);
  if (!parts) return undefined;
  const [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || year < 1970) {
    return undefined;
  }
  return {
    from: localMidnight(year, month, day, timeZone),
    to: localMidnight(year, month, day + 1, timeZone),
  };
}

/** Today in `timeZone` at `now`: local midnight to the next local midnight (23, 24 or 25 hours). */
export function localDay(now: Date, timeZone: string): Period {
  const local = new Date(now.getTime() + zoneOffsetMs(now, timeZone));
  const [y, m, d] = [local.getUTCFullYear(), local.getUTCMonth() + 1, local.getUTCDate()];
  return { from: localMidnight(y, m, d, timeZone), to: localMidnight(y, m, d + 1, timeZone) };
}

/**
 * An agent's period in `timeZone` at `now`, whole local days ending with today (so far):
 * `today`, `this-week` (from Monday), `last-7-days` and `last-30-days` (today included).
 */
export function agentPeriod(name: AgentFigurePeriod, now: Date, timeZone: string): Period {
  const today = localDay(now, timeZone);
  const local = new Date(now.getTime() + zoneOffsetMs(now, timeZone));
  const [y, m, d] = [local.getUTCFullYear(), local.getUTCMonth() + 1, local.getUTCDate()];
  // Monday = 0 .. Sunday = 6.
  const sinceMonday = (local.getUTCDay() + 6) % 7;
  const daysBack: Record<AgentFigurePeriod, number> = {
    today: 0,
    'this-week': sinceMonday,
    'last-7-days': 6,
    'last-30-days': 29,
  };
  return { from: localMidnight(y, m, d - daysBack[name], timeZone), to: today.to };
}

/**
 * A report's range when the query leaves it out: `from` is today's local midnight, `to` now, as
 * the end of the current 15-minute interval (reports cover whole intervals).
 */
export function todaySoFar(now: Date, timeZone: string): { from: string; to: string } {
  const end = Math.floor(now.getTime() / BUCKET_MS) * BUCKET_MS + BUCKET_MS;
  return { from: localDay(now, timeZone).from.toISOString(), to: new Date(end).toISOString() };
}

/** A report's interval: as asked; else 15 minutes for today (no range given), days otherwise. */
export function reportInterval(query: {
  from?: string;
  to?: string;
  interval?: StatsInterval;
}): StatsInterval {
  if (query.interval) return query.interval;
  return query.from === undefined && query.to === undefined ? '15m' : '1d';
}

/**
 * Parses a report's `from`/`to`: an ISO instant with its offset, or a date, which means local
 * midnight in the organisation's zone — for `to`, the end of that day, so `from=2026-03-29&to=
 * 2026-03-29` is that whole day. Both are then aligned to the 15-minute buckets (`from` down,
 * `to` up). Bad input is a 400 naming the field.
 */
export function parsePeriod(
  input: { from: string; to: string; interval: StatsInterval },
  timeZone: string,
): Period {
  const issues: ValidationIssue[] = [];
  const from = parseBound(input.from, 'from', timeZone, false, issues);
  const to = parseBound(input.to, 'to', timeZone, true, issues);
  if (from && to) {
    if (from.getTime() >= to.getTime()) {
      issues.push({ field: 'from', messages: ['from must be before to'] });
    } else if (to.getTime() - from.getTime() > MAX_STATS_RANGE_DAYS * DAY_MS) {
      issues.push({
        field: 'to',
        messages: [`the range may cover at most ${MAX_STATS_RANGE_DAYS} days`],
      });
    } else if ((to.getTime() - from.getTime()) / NOMINAL_MS[input.interval] > MAX_SERIES_POINTS) {
      issues.push({
        field: 'interval',
        messages: [
          `more than ${MAX_SERIES_POINTS} intervals of ${input.interval}; choose a longer interval or a shorter range`,
        ],
      });
    }
  }
  if (issues.length > 0 || !from || !to)
    throw AppException.validation('The request is invalid.', issues);
  return {
    from: new Date(Math.floor(from.getTime() / BUCKET_MS) * BUCKET_MS),
    to: new Date(Math.ceil(to.getTime() / BUCKET_MS) * BUCKET_MS),
  };
}

function parseBound(
  value: string,
  field: 'from' | 'to',
  timeZone: string,
  endOfDay: boolean,
  issues: ValidationIssue[],
): Date | undefined {
  const date = DATE_ONLY.exec(value);
  if (date) {
    const [year, month, day] = [Number(date[1]), Number(date[2]), Number(date[3])];
    const check = new Date(Date.UTC(year, month - 1, day));
    if (check.getUTCMonth() === month - 1 && check.getUTCDate() === day && year >= 1970) {
      return localMidnight(year, month, day + (endOfDay ? 1 : 0), timeZone);
    }
  } else if (INSTANT.test(value)) {
    const instant = new Date(value);
    if (!Number.isNaN(instant.getTime()) && instant.getUTCFullYear() >= 1970) return instant;
  }
  issues.push({
    field,
    messages: [
      `${field} must be a date (YYYY-MM-DD) or an ISO 8601 instant with its offset (2026-03-29T08:00:00Z)`,
    ],
  });
  return undefined;
}

/** One interval of a series: [start, end). */
export interface SeriesInterval {
  start: Date;
  end: Date;
}

const FIXED_MINUTES: Partial<Record<StatsInterval, number>> = { '15m': 15, '30m': 30, '1h': 60 };

/**
 * The intervals covering `period` in `timeZone`, from the one containing `period.from` to the one
 * containing the last instant before `period.to`. Sub-day intervals are fixed lengths aligned on
 * the local clock (so the repeated hour of a 25-hour day is two intervals and the skipped one of
 * a 23-hour day none); days and weeks (from Monday) run from local midnight to local midnight.
 */
export function intervalSeries(
  period: Period,
  interval: StatsInterval,
  timeZone: string,
): SeriesInterval[] {
  const series: SeriesInterval[] = [];
  const minutes = FIXED_MINUTES[interval];
  if (minutes !== undefined) {
    const stepMs = minutes * 60_000;
    const localMs = period.from.getTime() + zoneOffsetMs(period.from, timeZone);
    let start = period.from.getTime() - (((localMs % stepMs) + stepMs) % stepMs);
    while (start < period.to.getTime()) {
      series.push({ start: new Date(start), end: new Date(start + stepMs) });
      start += stepMs;
    }
    return series;
  }
  const local = new Date(period.from.getTime() + zoneOffsetMs(period.from, timeZone));
  const stepDays = interval === '1w' ? 7 : 1;
  // getUTCDay: 0 is Sunday; ISO weeks start on Monday.
  const back = interval === '1w' ? (local.getUTCDay() + 6) % 7 : 0;
  const [year, month] = [local.getUTCFullYear(), local.getUTCMonth() + 1];
  let day = local.getUTCDate() - back;
  let start = localMidnight(year, month, day, timeZone);
  while (start.getTime() < period.to.getTime()) {
    day += stepDays;
    const end = localMidnight(year, month, day, timeZone);
    series.push({ start, end });
    start = end;
  }
  return series;
}

/** An instant as ISO 8601 with the zone's offset at that instant: 2026-03-29T03:00:00+02:00. */
export function isoInZone(instant: Date, timeZone: string): string {
  return withOffset(instant, zoneOffsetMs(instant, timeZone));
}

/**
 * The starts and ends of a series as `isoInZone` writes them, asking the zone's offset only at
 * the ends of the series when both agree (the offset changes at most once a day, and a day's
 * series reads it ~200 times otherwise: a year of same-weekday plans would spend ~100 ms there).
 */
export function seriesInZone(
  series: SeriesInterval[],
  timeZone: string,
): { start: string; end: string }[] {
  const first = series[0];
  const last = series[series.length - 1];
  if (!first || !last) return [];
  const offsetMs = zoneOffsetMs(first.start, timeZone);
  if (offsetMs !== zoneOffsetMs(last.end, timeZone)) {
    return series.map((slot) => ({
      start: isoInZone(slot.start, timeZone),
      end: isoInZone(slot.end, timeZone),
    }));
  }
  const label = labeller(offsetMs);
  return series.map((slot) => ({ start: label(slot.start), end: label(slot.end) }));
}

function withOffset(instant: Date, offsetMs: number): string {
  const local = new Date(instant.getTime() + offsetMs).toISOString().slice(0, 19);
  return `${local}${offsetSuffix(offsetMs)}`;
}

/** `Z`, or the offset as `+HH:MM` / `-HH:MM`. */
function offsetSuffix(offsetMs: number): string {
  if (offsetMs === 0) return 'Z';
  const sign = offsetMs > 0 ? '+' : '-';
  const total = Math.abs(offsetMs) / 60_000;
  const pad = (n: number) => String(Math.floor(n)).padStart(2, '0');
  return `${sign}${pad(total / 60)}:${pad(total % 60)}`;
}

const TWO_DIGITS = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'));

/**
 * `withOffset` for many instants at one offset, the same strings: the date part is formatted once
 * per local day and the time part by arithmetic (a year of same-weekday plans labels ~10,000
 * instants, and a Date with toISOString for each was a fifth of the forecast's time).
 */
function labeller(offsetMs: number): (instant: Date) => string {
  const suffix = offsetSuffix(offsetMs);
  let day = Number.NaN;
  let prefix = '';
  return (instant) => {
    const local = instant.getTime() + offsetMs;
    const localDay = Math.floor(local / DAY_MS);
    if (localDay !== day) {
      day = localDay;
      prefix = new Date(localDay * DAY_MS).toISOString().slice(0, 11);
    }
    const seconds = Math.floor((local - localDay * DAY_MS) / 1000);
    const [hh, mm, ss] = [Math.floor(seconds / 3600), Math.floor(seconds / 60) % 60, seconds % 60];
    return `${prefix}${TWO_DIGITS[hh]}:${TWO_DIGITS[mm]}:${TWO_DIGITS[ss]}${suffix}`;
  };
}
