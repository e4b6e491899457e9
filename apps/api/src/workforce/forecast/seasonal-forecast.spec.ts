import { forecastError, intervalKeys, seasonalForecast } from './seasonal-forecast';

const figures = (localTime: string, offered: number, handled = 0, handleMs = 0) => ({
  localTime,
  offered,
  handled,
  handleMs,
});

describe('seasonal forecast', () => {
  it('averages the same interval over the history days, AHT weighted by calls', () => {
    const [nine, ten] = seasonalForecast(
      [{ localTime: '09:00' }, { localTime: '10:00' }],
      [
        [figures('09:00', 2, 2, 120_000), figures('10:00', 0)],
        [figures('09:00', 4, 4, 480_000), figures('10:00', 0)],
      ],
    );
    expect(nine).toEqual({ arrivals: 3, ahtSeconds: 100 });
    expect(ten).toEqual({ arrivals: 0, ahtSeconds: null });
  });

  it('keys the repeated hour of the day the clocks go back and falls back to its first occurrence', () => {
    expect(intervalKeys([{ localTime: '02:00' }, { localTime: '02:00' }])).toEqual([
      '02:00#1',
      '02:00#2',
    ]);
    const [first, second] = seasonalForecast(
      [{ localTime: '02:00' }, { localTime: '02:00' }],
      [[figures('02:00', 6)], [figures('02:00', 2)]],
    );
    expect(first?.arrivals).toBe(4);
    expect(second?.arrivals).toBe(4);
  });

  it('leaves a history day without the interval (clocks gone forward) out of its average', () => {
    const [twoAm] = seasonalForecast(
      [{ localTime: '02:00' }],
      [[figures('01:00', 9), figures('03:00', 9)], [figures('02:00', 5)]],
    );
    expect(twoAm?.arrivals).toBe(5);
  });

  it('measures MAPE over intervals with calls and WAPE over all', () => {
    expect(
      forecastError([
        { actual: 3, forecast: 4 },
        { actual: 1, forecast: 0 },
        { actual: 0, forecast: 2 },
      ]),
    ).toEqual({ mapePercent: ((1 / 3 + 1) / 2) * 100, wapePercent: 100 });
    expect(forecastError([{ actual: 0, forecast: 0 }])).toEqual({
      mapePercent: null,
      wapePercent: null,
    });
  });
});
