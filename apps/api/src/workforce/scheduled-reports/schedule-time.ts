import type { ReportFrequency, ReportKind } from '@poscalls4u/contracts';

import { calendarDay } from '../../stats';

/** When a schedule runs: every day, or on one ISO weekday, at a local clock time in a zone. */
export interface ScheduleClock {
  /** `daily` or `weekly` (as stored). */
  frequency: ReportFrequency | string;
  /** 1 = Monday .. 7 = Sunday; used when weekly. */
  weekday: number | null;
  /** HH:MM. */
  localTime: string;
  timeZone: string;
}

/** One run of a schedule: the local calendar date it belongs to and the instant it is due. */
export interface Occurrence {
  /** YYYY-MM-DD in the schedule's zone. */
  date: string;
  at: Date;
}

/** True for a zone name the runtime knows (IANA, e.g. `Europe/Paris`). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The local calendar date of `instant` in `timeZone`, YYYY-MM-DD. */
export function localDate(instant: Date, timeZone: string): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}

/** `date` plus `days` calendar days (no zone involved: a calendar date has none). */
function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + days)).toISOString().slice(0, 10);
}

/** ISO weekday of a calendar date: 1 = Monday .. 7 = Sunday. */
function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/**
 * The instant the local clock of `timeZone` shows `time` (HH:MM) on `date`. Built on the local
 * midnight the statistics use (`calendarDay`), then corrected by the offset change within the
 * day. On the day the clocks go forward a time in the skipped hour runs that much later (02:30
 * becomes 03:30); on the day they go back a repeated time runs once, at its first occurrence.
 */
export function wallClockInstant(date: string, time: string, timeZone: string): Date {
  const day = calendarDay(date, timeZone);
  if (!day) throw new Error(`Not a calendar date: ${date}`);
  const [hours, minutes] = time.split(':').map(Number);
  const wanted = ((hours ?? 0) * 60 + (minutes ?? 0)) * 60_000;
  // The offset at midnight and at the answer differ by the DST change when one lies between.
  const guess = new Date(day.from.getTime() + wanted);
  const drift = offsetMs(guess, timeZone) - offsetMs(day.from, timeZone);
  const candidate = new Date(guess.getTime() - drift);
  // A time the clocks skip never shows: the candidate lands before the gap, so move past it.
  if (wallTime(candidate, timeZone) !== time) return new Date(candidate.getTime() + drift);
  return candidate;
}

/** HH:MM on the local clock of `timeZone` at `instant`. */
export function wallTime(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    hour: '2-digit',
    minute: '2-digit',
  }).format(instant);
}

/** The latest run at or before `now` (at most 8 days back; undefined only if none). */
export function latestOccurrence(clock: ScheduleClock, now: Date): Occurrence | undefined {
  const today = localDate(now, clock.timeZone);
  for (let back = 0; back <= 8; back++) {
    const date = addDays(today, -back);
    if (!runsOn(clock, date)) continue;
    const at = wallClockInstant(date, clock.localTime, clock.timeZone);
    if (at.getTime() <= now.getTime()) return { date, at };
  }
  return undefined;
}

/** The first run after `now`. */
export function nextOccurrence(clock: ScheduleClock, now: Date): Occurrence {
  const today = localDate(now, clock.timeZone);
  for (let ahead = 0; ahead <= 8; ahead++) {
    const date = addDays(today, ahead);
    if (!runsOn(clock, date)) continue;
    const at = wallClockInstant(date, clock.localTime, clock.timeZone);
    if (at.getTime() > now.getTime()) return { date, at };
  }
  throw new Error('A schedule runs at least once a week');
}

/**
 * The period a run on local date `date` reports: the local day before it (`last-day`) or the
 * seven local days before it (`last-week`), from local midnight to local midnight, so 23- and
 * 25-hour days count as the days they are.
 */
export function reportPeriod(
  kind: ReportKind,
  date: string,
  timeZone: string,
): {
  from: Date;
  to: Date;
} {
  const days = kind === 'last-day' ? 1 : 7;
  const end = calendarDay(date, timeZone);
  const start = calendarDay(addDays(date, -days), timeZone);
  if (!end || !start) throw new Error(`Not a calendar date: ${date}`);
  return { from: start.from, to: end.from };
}

function runsOn(clock: ScheduleClock, date: string): boolean {
  return clock.frequency === 'daily' || isoWeekday(date) === clock.weekday;
}

/** Offset of `timeZone` from UTC at `instant` (east positive), from the zone's wall clock. */
function offsetMs(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
  return wall - Math.floor(instant.getTime() / 1000) * 1000;
}
