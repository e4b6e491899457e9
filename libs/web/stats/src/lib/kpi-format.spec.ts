import { aFigures, aLive } from '../testing/fixtures';
import { formatPercent, intervalLabel, kpiTiles } from './kpi-format';

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

  it('labels intervals in the organisation zone', () => {
    expect(intervalLabel('2026-11-25T08:15:00.000Z', 'Europe/Paris', false)).toBe('09:15');
    expect(intervalLabel('2026-11-25T08:15:00.000Z', 'Europe/Paris', true)).toBe('25 Nov');
  });
});
