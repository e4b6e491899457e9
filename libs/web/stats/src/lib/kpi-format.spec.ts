import { aFigures, aLive } from '../testing/fixtures';
import {
  chartLabels,
  formatPercent,
  intervalLabel,
  kpiTiles,
  loadingKpiTiles,
  pointsUntil,
  reportRangeLabel,
} from './kpi-format';

describe('KPI formatting', () => {
  it('formats percentages and missing figures', () => {
    expect(formatPercent(87.456)).toBe('87.5 %');
    expect(formatPercent(null)).toBe('—');
  });

  it('says, in words too, whether each target is met', () => {
    const tiles = kpiTiles(
      aFigures({ serviceLevelPercent: 85, asaSeconds: 25, abandonmentRatePercent: null }),
      aLive({ longestCurrentWaitSeconds: 10 }),
      { serviceLevelTargetPercent: 80, serviceLevelThresholdSeconds: 20 },
    );
    const byId = new Map(tiles.map((tile) => [tile.id, tile]));
    expect(byId.get('service-level')).toMatchObject({
      status: 'ok',
      target: 'Target ≥ 80 % in 20 s',
    });
    expect(byId.get('asa')).toMatchObject({
      status: 'off',
      display: '0:25',
      target: 'Target ≤ 0:20',
    });
    expect(byId.get('abandonment')).toMatchObject({ status: 'none', display: '—' });
    expect(byId.get('longest-wait')?.status).toBe('ok');
    expect(byId.get('aht')?.status).toBe('none');
  });

  it('names, while the figures load, the same tiles in the same order', () => {
    const tiles = kpiTiles(aFigures({}), aLive({}), {
      serviceLevelTargetPercent: 80,
      serviceLevelThresholdSeconds: 20,
    });
    const names = (list: { id: string; label: string }[]) =>
      list.map(({ id, label }) => [id, label]);
    expect(names(loadingKpiTiles())).toEqual(names(tiles));
    expect(loadingKpiTiles().every((tile) => tile.value === null && tile.target === null)).toBe(
      true,
    );
  });

  it('labels intervals in the organisation zone', () => {
    expect(intervalLabel('2026-11-25T08:15:00.000Z', 'Europe/Paris', false)).toBe('09:15');
    expect(intervalLabel('2026-11-25T08:15:00.000Z', 'Europe/Paris', true)).toBe('25 Nov');
  });

  it('names a report ending Dec 7 "Dec 1 – Dec 7", in the report\'s zone', () => {
    expect(
      reportRangeLabel('2026-11-30T23:00:00.000Z', '2026-12-07T23:00:00.000Z', 'Europe/Paris'),
    ).toBe('Dec 1, 2026 – Dec 7, 2026');
    expect(reportRangeLabel('2026-12-07T00:00:00.000Z', '2026-12-08T00:00:00.000Z', 'UTC')).toBe(
      'Dec 7, 2026',
    );
  });

  it('labels days by date, one day by time, several days by both', () => {
    const days = [{ start: '2026-12-01T00:00:00.000Z' }, { start: '2026-12-02T00:00:00.000Z' }];
    expect(chartLabels(days, 'UTC', '1d')).toEqual(['1 Dec', '2 Dec']);
    expect(chartLabels(days, 'UTC', '1h')).toEqual(['1 Dec 00:00', '2 Dec 00:00']);
    expect(chartLabels([{ start: '2026-12-01T08:15:00.000Z' }], 'UTC', '15m')).toEqual(['08:15']);
  });

  it("ends today's chart at the interval in progress", () => {
    const day = Array.from({ length: 96 }, (_, i) => ({
      start: new Date(Date.parse('2026-12-07T00:00:00.000Z') + i * 900_000).toISOString(),
    }));
    const shown = pointsUntil(day, Date.parse('2026-12-07T10:20:00.000Z'));
    expect(shown).toHaveLength(42);
    expect(shown.at(-1)?.start).toBe('2026-12-07T10:15:00.000Z');
  });
});
