import { Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';

import {
  FORECAST_DEFAULT_WEEKS,
  ForecastInterval,
  ForecastIntervalMinutes,
  ForecastView,
} from '@poscalls4u/contracts';

import { AuthUser } from '../../identity/access';
import { StatsService } from '../../stats';
import { spreadsheetText } from '../comparison/team-comparison.service';
import { requiredAgents } from '../staffing/erlang';
import { MAX_AGENTS, afterShrinkage } from '../staffing/staffing.service';
import { ForecastQueryDto } from './dto/forecast.dto';
import { forecastError, seasonalForecast } from './seasonal-forecast';

const round = (value: number, digits: number) => {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
};

/** The calendar date `weeks` weeks before `date` (both YYYY-MM-DD; no time zone involved). */
function weeksBefore(date: string, weeks: number): string {
  const [year, month, day] = date.split('-').map(Number);
  const shifted = Date.UTC(year ?? 1970, (month ?? 1) - 1, (day ?? 1) - 7 * weeks);
  return new Date(shifted).toISOString().slice(0, 10);
}

/**
 * The forecast and plan of one team's day: arrivals and AHT per interval as the same-weekday
 * average of the last N weeks, the agents the team's service level needs (Erlang C, the staffing
 * calculator's search) and, for intervals already over, the actual figures and the forecast
 * error. The figures and who may read them are the statistics' (`StatsService.teamDays`).
 */
@Injectable()
export class ForecastService {
  constructor(private readonly stats: StatsService) {}

  async forecast(
    caller: AuthUser,
    query: ForecastQueryDto,
    now = new Date(),
  ): Promise<ForecastView> {
    const weeks = query.weeks ?? FORECAST_DEFAULT_WEEKS;
    const intervalMinutes: ForecastIntervalMinutes = query.intervalMinutes ?? 15;
    const shrinkage = query.shrinkage ?? 0;
    const historyDates = Array.from({ length: weeks }, (_, k) => weeksBefore(query.date, k + 1));
    const { team, timeZone, days } = await this.stats.teamDays(
      caller,
      query.teamId,
      [query.date, ...historyDates],
      intervalMinutes,
    );
    const [planned, ...history] = days;
    const plannedIntervals = planned?.intervals ?? [];
    const forecasts = seasonalForecast(
      plannedIntervals,
      history.map((day) => day.intervals),
    );
    const goal = {
      serviceLevelTarget: team.serviceLevelTargetPercent / 100,
      maxAgents: MAX_AGENTS,
    };
    const intervals = plannedIntervals.map((interval, i): ForecastInterval => {
      const forecast = forecasts[i] ?? { arrivals: 0, ahtSeconds: null };
      const required = this.required(forecast, intervalMinutes, team, goal);
      // Only an interval that is over has an actual; later ones (and the current one) do not.
      const over = new Date(interval.end).getTime() <= now.getTime();
      return {
        start: interval.start,
        end: interval.end,
        forecastArrivals: round(forecast.arrivals, 3),
        forecastAhtSeconds: forecast.ahtSeconds === null ? null : round(forecast.ahtSeconds, 1),
        requiredAgents: required,
        scheduledAgents: required === null ? null : afterShrinkage(required, shrinkage),
        actualArrivals: over ? interval.offered : null,
        actualAhtSeconds:
          over && interval.handled > 0
            ? round(interval.handleMs / interval.handled / 1000, 1)
            : null,
      };
    });
    const compared = intervals.flatMap((interval, i) =>
      interval.actualArrivals === null
        ? []
        : [{ actual: interval.actualArrivals, forecast: forecasts[i]?.arrivals ?? 0 }],
    );
    const error = forecastError(compared);
    return {
      teamId: team.id,
      teamName: team.name,
      timeZone,
      date: query.date,
      intervalMinutes,
      weeks,
      shrinkage,
      serviceLevelTargetPercent: team.serviceLevelTargetPercent,
      serviceLevelThresholdSeconds: team.serviceLevelThresholdSeconds,
      historyDates,
      intervals,
      accuracy:
        compared.length === 0
          ? null
          : {
              intervals: compared.length,
              mapePercent: error.mapePercent === null ? null : round(error.mapePercent, 2),
              wapePercent: error.wapePercent === null ? null : round(error.wapePercent, 2),
            },
    };
  }

  /** The forecast as CSV: one row per interval; the team name made safe for spreadsheets. */
  toCsv(forecast: ForecastView): string {
    const columns = [
      'team',
      'start',
      'end',
      'forecast_arrivals',
      'forecast_aht_seconds',
      'required_agents',
      'scheduled_agents',
      'actual_arrivals',
      'actual_aht_seconds',
    ];
    const rows = forecast.intervals.map((interval) => [
      spreadsheetText(forecast.teamName),
      interval.start,
      interval.end,
      interval.forecastArrivals,
      interval.forecastAhtSeconds,
      interval.requiredAgents,
      interval.scheduledAgents,
      interval.actualArrivals,
      interval.actualAhtSeconds,
    ]);
    return stringify(rows, { header: true, columns });
  }

  /**
   * Agents on the phones for the forecast traffic (Erlang C: a plan cannot know the callers'
   * patience); null when the traffic has no known AHT or no number of agents meets the target.
   */
  private required(
    forecast: { arrivals: number; ahtSeconds: number | null },
    intervalMinutes: number,
    team: { serviceLevelThresholdSeconds: number },
    goal: { serviceLevelTarget: number; maxAgents: number },
  ): number | null {
    if (forecast.arrivals === 0) return 0;
    if (forecast.ahtSeconds === null || forecast.ahtSeconds === 0) return null;
    const traffic = (forecast.arrivals * forecast.ahtSeconds) / (intervalMinutes * 60);
    if (traffic > MAX_AGENTS) return null;
    const answer = requiredAgents(
      {
        trafficErlangs: traffic,
        ahtSeconds: forecast.ahtSeconds,
        targetAnswerSeconds: team.serviceLevelThresholdSeconds,
      },
      goal,
    );
    return answer?.agents ?? null;
  }
}
