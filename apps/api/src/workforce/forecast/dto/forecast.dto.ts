import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';

import {
  FORECAST_DEFAULT_WEEKS,
  FORECAST_INTERVAL_MINUTES,
  FORECAST_MAX_WEEKS,
  ForecastAccuracy,
  ForecastInterval,
  ForecastIntervalMinutes,
  ForecastQuery,
  ForecastView,
} from '@poscalls4u/contracts';

export class ForecastQueryDto implements ForecastQuery {
  /** The team to plan. @example "2b0c7a57-1a7e-4f7c-9a55-0c5a0d3b6e21" */
  @IsUUID('all', { message: 'teamId must be a team id (UUID)' })
  teamId!: string;

  /** The local day to plan (organisation's zone), past, today or future. @example "2026-12-08" */
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be a date (YYYY-MM-DD)' })
  date!: string;

  @ApiPropertyOptional({ enum: FORECAST_INTERVAL_MINUTES, default: 15, example: 30 })
  @IsOptional()
  @Type(() => Number)
  @IsIn(FORECAST_INTERVAL_MINUTES, { message: 'intervalMinutes must be 15 or 30' })
  intervalMinutes?: ForecastIntervalMinutes;

  @ApiPropertyOptional({
    default: FORECAST_DEFAULT_WEEKS,
    minimum: 1,
    maximum: FORECAST_MAX_WEEKS,
    description: 'Same weekdays of history averaged: the N weeks before `date`.',
    example: 8,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'weeks must be a whole number' })
  @Min(1)
  @Max(FORECAST_MAX_WEEKS)
  weeks?: number;

  @ApiPropertyOptional({
    default: 0,
    minimum: 0,
    maximum: 0.9,
    description:
      'Share of paid time off the phones; `scheduledAgents` = required ÷ (1 − shrinkage).',
    example: 0.3,
  })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(0.9)
  shrinkage?: number;

  @ApiPropertyOptional({
    enum: ['json', 'csv'],
    default: 'json',
    description: '`csv` (or `Accept: text/csv`): one row per interval.',
  })
  @IsOptional()
  @IsIn(['json', 'csv'], { message: 'format must be json or csv' })
  format?: 'json' | 'csv';
}

export class ForecastIntervalDto implements ForecastInterval {
  /** @example "2026-12-08T09:00:00+01:00" */
  start!: string;
  /** @example "2026-12-08T09:15:00+01:00" */
  end!: string;
  @ApiProperty({ example: 42.375 })
  forecastArrivals!: number;
  @ApiProperty({ type: Number, nullable: true, example: 241.3 })
  forecastAhtSeconds!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 14 })
  requiredAgents!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 20 })
  scheduledAgents!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 39 })
  actualArrivals!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 236.8 })
  actualAhtSeconds!: number | null;
}

export class ForecastAccuracyDto implements ForecastAccuracy {
  @ApiProperty({ example: 96 })
  intervals!: number;
  @ApiProperty({ type: Number, nullable: true, example: 12.4 })
  mapePercent!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 9.8 })
  wapePercent!: number | null;
}

export class ForecastViewDto implements ForecastView {
  /** @example "2b0c7a57-1a7e-4f7c-9a55-0c5a0d3b6e21" */
  teamId!: string;
  /** @example "Support" */
  teamName!: string;
  /** @example "Europe/Paris" */
  timeZone!: string;
  /** @example "2026-12-08" */
  date!: string;
  @ApiProperty({ enum: FORECAST_INTERVAL_MINUTES, example: 15 })
  intervalMinutes!: ForecastIntervalMinutes;
  /** @example 8 */
  weeks!: number;
  /** @example 0.3 */
  shrinkage!: number;
  /** @example 80 */
  serviceLevelTargetPercent!: number;
  /** @example 20 */
  serviceLevelThresholdSeconds!: number;
  @ApiProperty({ type: [String], example: ['2026-12-01', '2026-11-24'] })
  historyDates!: string[];
  @ApiProperty({ type: [ForecastIntervalDto] })
  @Type(() => ForecastIntervalDto)
  intervals!: ForecastIntervalDto[];
  @ApiProperty({ type: ForecastAccuracyDto, nullable: true })
  accuracy!: ForecastAccuracyDto | null;
}
