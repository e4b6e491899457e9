import {
  latestOccurrence,
  nextOccurrence,
  reportPeriod,
  wallClockInstant,
  wallTime,
} from './schedule-time';

const PARIS = 'Europe/Paris';
const NEW_YORK = 'America/New_York';

describe('wallClockInstant', () => {
  it('is the local time on an ordinary day', () => {
    expect(wallClockInstant('2026-06-10', '07:00', PARIS).toISOString()).toBe(
      '2026-06-10T05:00:00.000Z',
    );
    expect(wallClockInstant('2026-01-10', '07:00', PARIS).toISOString()).toBe(
      '2026-01-10T06:00:00.000Z',
    );
  });

  it('uses the new offset after the clocks go forward (23-hour day)', () => {
    // 29 March 2026: Paris moves from +01:00 to +02:00 at 02:00 local.
    expect(wallClockInstant('2026-03-29', '07:00', PARIS).toISOString()).toBe(
      '2026-03-29T05:00:00.000Z',
    );
    expect(wallClockInstant('2026-03-29', '01:30', PARIS).toISOString()).toBe(
      '2026-03-29T00:30:00.000Z',
    );
  });

  it('moves a time in the skipped hour past the gap', () => {
    const at = wallClockInstant('2026-03-29', '02:30', PARIS);
    expect(at.toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(wallTime(at, PARIS)).toBe('03:30');
    // New York skips 02:00-03:00 on 8 March 2026.
    expect(wallTime(wallClockInstant('2026-03-08', '02:15', NEW_YORK), NEW_YORK)).toBe('03:15');
  });

  it('runs a repeated time once, at its first occurrence, when the clocks go back', () => {
    // 25 October 2026: Paris repeats 02:00-03:00 (first at +02:00, then at +01:00).
    expect(wallClockInstant('2026-10-25', '02:30', PARIS).toISOString()).toBe(
      '2026-10-25T00:30:00.000Z',
    );
    expect(wallClockInstant('2026-10-25', '07:00', PARIS).toISOString()).toBe(
      '2026-10-25T06:00:00.000Z',
    );
  });
});

describe('occurrences', () => {
  const daily = { frequency: 'daily' as const, weekday: null, localTime: '07:00', timeZone: PARIS };

  it('finds the latest daily run at or before now and the next one after it', () => {
    const now = new Date('2026-03-29T04:59:00Z'); // 06:59 in Paris, on the 23-hour day
    expect(latestOccurrence(daily, now)).toEqual({
      date: '2026-03-28',
      at: new Date('2026-03-28T06:00:00Z'),
    });
    expect(nextOccurrence(daily, now)).toEqual({
      date: '2026-03-29',
      at: new Date('2026-03-29T05:00:00Z'),
    });
    expect(latestOccurrence(daily, new Date('2026-03-29T05:00:00Z'))?.date).toBe('2026-03-29');
  });

  it('runs weekly schedules on their weekday only', () => {
    const monday = { ...daily, frequency: 'weekly' as const, weekday: 1 };
    // Wednesday 1 April 2026: the latest Monday run was 30 March, the next is 6 April.
    const now = new Date('2026-04-01T12:00:00Z');
    expect(latestOccurrence(monday, now)?.date).toBe('2026-03-30');
    expect(nextOccurrence(monday, now).date).toBe('2026-04-06');
  });

  it('reports whole local days, 23 or 25 hours long across a change', () => {
    const lastDay = reportPeriod('last-day', '2026-03-30', PARIS);
    expect(lastDay.from.toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(lastDay.to.toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(lastDay.to.getTime() - lastDay.from.getTime()).toBe(23 * 3_600_000);
    const lastWeek = reportPeriod('last-week', '2026-10-26', PARIS);
    expect(lastWeek.from.toISOString()).toBe('2026-10-18T22:00:00.000Z');
    expect(lastWeek.to.toISOString()).toBe('2026-10-25T23:00:00.000Z');
    expect(lastWeek.to.getTime() - lastWeek.from.getTime()).toBe((7 * 24 + 1) * 3_600_000);
  });
});
