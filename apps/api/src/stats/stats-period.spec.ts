import { calendarDay, intervalSeries, isoInZone, seriesInZone } from './stats-period';

const PARIS = 'Europe/Paris';

describe('calendarDay and seriesInZone', () => {
  it.each([
    ['2026-03-29', 23, 92],
    ['2026-06-15', 24, 96],
    ['2026-10-25', 25, 100],
  ])('%s in Paris: %i hours, %i quarter hours written as isoInZone does', (date, hours, count) => {
    const day = calendarDay(date, PARIS);
    expect(day).toBeDefined();
    if (!day) return;
    expect((day.to.getTime() - day.from.getTime()) / 3_600_000).toBe(hours);
    const series = intervalSeries(day, '15m', PARIS);
    expect(series).toHaveLength(count);
    expect(seriesInZone(series, PARIS)).toEqual(
      series.map((slot) => ({
        start: isoInZone(slot.start, PARIS),
        end: isoInZone(slot.end, PARIS),
      })),
    );
  });

  it.each(['UTC', 'Asia/Kathmandu', 'America/St_Johns', 'Pacific/Chatham'])(
    'writes three days of quarter hours in %s as isoInZone does (offsets off the hour, local midnights)',
    (zone) => {
      const first = calendarDay('2026-07-01', zone);
      const last = calendarDay('2026-07-03', zone);
      if (!first || !last) throw new Error('not a date');
      const series = intervalSeries({ from: first.from, to: last.to }, '15m', zone);
      expect(series).toHaveLength(3 * 96);
      expect(seriesInZone(series, zone)).toEqual(
        series.map((slot) => ({
          start: isoInZone(slot.start, zone),
          end: isoInZone(slot.end, zone),
        })),
      );
    },
  );

  it('refuses what is not a real date', () => {
    expect(calendarDay('2026-02-30', PARIS)).toBeUndefined();
    expect(calendarDay('1969-12-31', PARIS)).toBeUndefined();
    expect(calendarDay('tomorrow', PARIS)).toBeUndefined();
  });
});
