/**
 * The seasonal forecast and its error, pure (no framework, no I/O).
 *
 * An interval of the planned day is matched with the same local clock interval of each history
 * day (same weekday, earlier weeks): the key is the local start time and which occurrence of it
 * this is, so on the day the clocks go back 01:00#1 and 01:00#2 are both intervals, and on the
 * day they go forward the skipped hour simply has no key.
 */

/** One interval's figures, as the statistics give them. */
export interface IntervalFigures {
  localTime: string;
  offered: number;
  handled: number;
  handleMs: number;
}

/** The forecast of one interval. */
export interface SeasonalForecast {
  /** Mean calls offered over the history days that have this interval. */
  arrivals: number;
  /** Handle time of every call handled in those intervals ÷ their number; null: none handled. */
  ahtSeconds: number | null;
}

/** `HH:MM#n`: the n-th interval of the day starting at local time HH:MM. */
export function intervalKeys(intervals: { localTime: string }[]): string[] {
  const seen = new Map<string, number>();
  return intervals.map(({ localTime }) => {
    const occurrence = (seen.get(localTime) ?? 0) + 1;
    seen.set(localTime, occurrence);
    return `${localTime}#${occurrence}`;
  });
}

/**
 * For each interval of the planned day, the average of the same interval over the history days.
 * A history day without that interval (the hour skipped when the clocks went forward) is left out
 * of its average; the repeated hour of the day the clocks go back, which history days rarely
 * have, falls back to the first occurrence of the same clock time.
 */
export function seasonalForecast(
  planned: { localTime: string }[],
  history: IntervalFigures[][],
): SeasonalForecast[] {
  const historyByKey = history.map((day) => {
    const keys = intervalKeys(day);
    return new Map(day.map((interval, i) => [keys[i] ?? '', interval]));
  });
  return intervalKeys(planned).map((key) => {
    let samples = historyByKey.flatMap((day) => day.get(key) ?? []);
    if (samples.length === 0) {
      const first = key.replace(/#\d+$/, '#1');
      samples = historyByKey.flatMap((day) => day.get(first) ?? []);
    }
    const offered = samples.reduce((sum, s) => sum + s.offered, 0);
    const handled = samples.reduce((sum, s) => sum + s.handled, 0);
    const handleMs = samples.reduce((sum, s) => sum + s.handleMs, 0);
    return {
      arrivals: samples.length > 0 ? offered / samples.length : 0,
      ahtSeconds: handled > 0 ? handleMs / handled / 1000 : null,
    };
  });
}

/** The forecast error of the arrivals, over the pairs given (the intervals that are over). */
export function forecastError(pairs: { actual: number; forecast: number }[]): {
  mapePercent: number | null;
  wapePercent: number | null;
} {
  // MAPE is undefined where nothing arrived, so it averages the intervals with calls only.
  const withCalls = pairs.filter((pair) => pair.actual > 0);
  const mape =
    withCalls.length > 0
      ? (withCalls.reduce((sum, p) => sum + Math.abs(p.actual - p.forecast) / p.actual, 0) /
          withCalls.length) *
        100
      : null;
  const totalActual = pairs.reduce((sum, p) => sum + p.actual, 0);
  const wape =
    totalActual > 0
      ? (pairs.reduce((sum, p) => sum + Math.abs(p.actual - p.forecast), 0) / totalActual) * 100
      : null;
  return { mapePercent: mape, wapePercent: wape };
}
