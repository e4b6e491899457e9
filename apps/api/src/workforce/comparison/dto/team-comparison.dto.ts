import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
} from 'class-validator';

import {
  COMPARED_KPIS,
  ComparedKpi,
  KpiComparison,
  KpiFigures,
  STATS_INTERVALS,
  StatsInterval,
  TeamComparisonQuery,
  TeamComparisonRow,
  TeamComparisonView,
} from '@poscalls4u/contracts';

/** Most teams one comparison holds (a chart and a table still readable). */
const MAX_COMPARED_TEAMS = 20;

/** `a,b` or `?x=a&x=b` (or both) as one list. */
const commaList = ({ value }: { value: unknown }) =>
  (Array.isArray(value) ? value : [value])
    .flatMap((item) => (typeof item === 'string' ? item.split(',') : [item]))
    .map((item) => (typeof item === 'string' ? item.trim() : item))
    .filter((item) => item !== '');

export class TeamComparisonQueryDto implements TeamComparisonQuery {
  @ApiProperty({
    type: [String],
    description: `The teams to compare: 1 to ${String(MAX_COMPARED_TEAMS)} ids, comma-separated or repeated.`,
    example: ['2b0c7a57-1a7e-4f7c-9a55-0c5a0d3b6e21', '7d1e5c3a-2b4f-4e6a-8c9d-0e1f2a3b4c5d'],
  })
  @Transform(commaList)
  @ArrayMinSize(1, { message: 'teamIds must name at least one team' })
  @ArrayMaxSize(MAX_COMPARED_TEAMS, {
    message: `teamIds may name at most ${String(MAX_COMPARED_TEAMS)} teams`,
  })
  @IsUUID('all', { each: true, message: 'teamIds must be team ids (UUIDs)' })
  teamIds!: string[];

  /**
   * Start: a date (local midnight in the organisation's zone) or an ISO 8601 instant with its
   * offset. Default: today's local midnight.
   * @example "2026-11-01"
   */
  @IsOptional()
  @IsString()
  @MaxLength(40)
  from?: string;

  /**
   * End (exclusive): an ISO 8601 instant with its offset, or a date, which includes that whole
   * day. At most 400 days after `from`. Default: now.
   * @example "2026-11-30"
   */
  @IsOptional()
  @IsString()
  @MaxLength(40)
  to?: string;

  @ApiPropertyOptional({
    enum: STATS_INTERVALS,
    description:
      'Aligns the range to whole intervals: `15m` when neither `from` nor `to` is given, `1d` otherwise.',
    example: '1d',
  })
  @IsOptional()
  @IsIn(STATS_INTERVALS, { message: `interval must be one of ${STATS_INTERVALS.join(', ')}` })
  interval?: StatsInterval;

  @ApiPropertyOptional({
    enum: ['json', 'csv'],
    default: 'json',
    description: '`csv` (or `Accept: text/csv`): one row per team, then the averages.',
  })
  @IsOptional()
  @IsIn(['json', 'csv'], { message: 'format must be json or csv' })
  format?: 'json' | 'csv';
}

export class KpiComparisonDto implements KpiComparison {
  @ApiProperty({ type: Number, nullable: true, example: 82.05 })
  value!: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 1,
    description: '1 is the best; equal values share a rank',
  })
  rank!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 4.3 })
  differenceFromAverage!: number | null;
}

export class ComparedKpisDto implements Record<ComparedKpi, KpiComparison> {
  @ApiProperty({ type: KpiComparisonDto })
  offered!: KpiComparisonDto;
  @ApiProperty({ type: KpiComparisonDto })
  serviceLevelPercent!: KpiComparisonDto;
  @ApiProperty({ type: KpiComparisonDto })
  asaSeconds!: KpiComparisonDto;
  @ApiProperty({ type: KpiComparisonDto })
  ahtSeconds!: KpiComparisonDto;
  @ApiProperty({ type: KpiComparisonDto })
  abandonmentRatePercent!: KpiComparisonDto;
  @ApiProperty({ type: KpiComparisonDto })
  occupancyPercent!: KpiComparisonDto;
  @ApiProperty({ type: KpiComparisonDto })
  successRatePercent!: KpiComparisonDto;
  @ApiProperty({ type: KpiComparisonDto })
  averageQaScore!: KpiComparisonDto;
}

export class ComparedAveragesDto implements Record<ComparedKpi, number | null> {
  @ApiProperty({ type: Number, nullable: true, example: 120.5 })
  offered!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 78.2 })
  serviceLevelPercent!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 18.4 })
  asaSeconds!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 296.1 })
  ahtSeconds!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 6.2 })
  abandonmentRatePercent!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 79.9 })
  occupancyPercent!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 74.5 })
  successRatePercent!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 85.1 })
  averageQaScore!: number | null;
}

export class ComparedKpiDto {
  @ApiProperty({ enum: COMPARED_KPIS, example: 'serviceLevelPercent' })
  key!: ComparedKpi;
  @ApiProperty({ enum: ['higher', 'lower'], example: 'higher' })
  better!: 'higher' | 'lower';
}

export class TeamComparisonRowDto implements TeamComparisonRow {
  /** @example "2b0c7a57-1a7e-4f7c-9a55-0c5a0d3b6e21" */
  teamId!: string;
  /** @example "Support" */
  name!: string;
  @ApiProperty({ type: ComparedKpisDto })
  kpis!: ComparedKpisDto;
  @ApiProperty({
    description: 'Every figure of the period, as in the team report (KpiFiguresDto)',
    allOf: [{ $ref: '#/components/schemas/KpiFiguresDto' }],
  })
  figures!: KpiFigures;
}

export class TeamComparisonViewDto implements TeamComparisonView {
  /** @example "Europe/Paris" */
  timeZone!: string;
  /** @example "2026-11-01T00:00:00+01:00" */
  from!: string;
  /** @example "2026-12-01T00:00:00+01:00" */
  to!: string;
  @ApiProperty({ type: [ComparedKpiDto] })
  @Type(() => ComparedKpiDto)
  kpis!: ComparedKpiDto[];
  @ApiProperty({ type: ComparedAveragesDto })
  averages!: ComparedAveragesDto;
  @ApiProperty({ type: [TeamComparisonRowDto], description: 'In the order of `teamIds`' })
  @Type(() => TeamComparisonRowDto)
  teams!: TeamComparisonRowDto[];
}
