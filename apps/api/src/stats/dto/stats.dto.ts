import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

import {
  AgentGridRow,
  AgentsByState,
  AlertKind,
  AlertView,
  CallStatsQuery,
  CallStatsView,
  DashboardView,
  KpiFigures,
  LiveFigures,
  LiveStaffing,
  STATS_GROUP_BY,
  STATS_INTERVALS,
  StatsBreakdownRow,
  StatsGroupBy,
  StatsInterval,
  StatsPoint,
  StatsRangeQuery,
  StatsReportView,
  TeamDashboard,
  TimeInState,
  WaitingCallView,
} from '@poscalls4u/contracts';

/** `a,b` or `?x=a&x=b` (or both) as one list. */
const commaList = ({ value }: { value: unknown }) =>
  (Array.isArray(value) ? value : [value])
    .flatMap((item) => (typeof item === 'string' ? item.split(',') : [item]))
    .map((item) => (typeof item === 'string' ? item.trim() : item))
    .filter((item) => item !== '');

export class StatsRangeQueryDto implements StatsRangeQuery {
  /**
   * Start: a date (local midnight in the organisation's zone) or an ISO 8601 instant with its
   * offset. Aligned down to the start of its interval. Default: today's local midnight.
   * @example "2026-11-01"
   */
  @IsOptional()
  @IsString()
  @MaxLength(40)
  from?: string;

  /**
   * End (exclusive): an ISO 8601 instant with its offset, or a date, which includes that whole
   * day. At most 400 days after `from`. Default: now (the end of the current 15-minute interval).
   * @example "2026-11-30"
   */
  @IsOptional()
  @IsString()
  @MaxLength(40)
  to?: string;

  @ApiPropertyOptional({
    enum: STATS_INTERVALS,
    description: '`15m` when neither `from` nor `to` is given (today), `1d` otherwise.',
    example: '1h',
  })
  @IsOptional()
  @IsIn(STATS_INTERVALS, { message: `interval must be one of ${STATS_INTERVALS.join(', ')}` })
  interval?: StatsInterval;
}

export class CallStatsQueryDto extends StatsRangeQueryDto implements CallStatsQuery {
  @ApiPropertyOptional({ enum: STATS_GROUP_BY, example: 'team' })
  @IsOptional()
  @IsIn(STATS_GROUP_BY, { message: `groupBy must be one of ${STATS_GROUP_BY.join(', ')}` })
  groupBy?: StatsGroupBy;

  @ApiPropertyOptional({
    type: [String],
    description: 'Only these teams (comma-separated or repeated ids); those you may see.',
    example: ['2b0c7a57-1a7e-4f7c-9a55-0c5a0d3b6e21'],
  })
  @IsOptional()
  @Transform(commaList)
  @IsUUID('all', { each: true, message: 'teamId must be team ids (UUIDs)' })
  teamId?: string[];

  @ApiPropertyOptional({
    type: [String],
    description: 'Only these agents (comma-separated or repeated ids); those you may see.',
    example: ['6f1c2f4e-8a0b-4c39-9a55-2d7f1f0f9d11'],
  })
  @IsOptional()
  @Transform(commaList)
  @IsUUID('all', { each: true, message: 'agentId must be user ids (UUIDs)' })
  agentId?: string[];

  @ApiPropertyOptional({
    enum: ['json', 'csv'],
    default: 'json',
    description: '`csv` (or `Accept: text/csv`) streams one row per call of the range.',
  })
  @IsOptional()
  @IsIn(['json', 'csv'], { message: 'format must be json or csv' })
  format?: 'json' | 'csv';
}

export class TimeInStateDto implements TimeInState {
  /** @example 12600 */
  availableSeconds!: number;
  /** @example 9000 */
  onCallSeconds!: number;
  /** @example 1800 */
  wrapUpSeconds!: number;
  /** @example 2700 */
  breakSeconds!: number;
}

export class KpiFiguresDto implements KpiFigures {
  /** Inbound calls that arrived in a queue. @example 120 */
  offered!: number;
  /** @example 110 */
  answered!: number;
  /** @example 96 */
  answeredWithinThreshold!: number;
  /** @example 10 */
  abandoned!: number;
  /** @example 3 */
  shortAbandoned!: number;
  @ApiProperty({ type: Number, nullable: true, example: 82.05 })
  serviceLevelPercent!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 5.98 })
  abandonmentRatePercent!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 14.2 })
  asaSeconds!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 15.61 })
  averageWaitSeconds!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 94 })
  longestWaitSeconds!: number | null;
  /** @example 104 */
  handled!: number;
  @ApiProperty({ type: Number, nullable: true, example: 312.5 })
  ahtSeconds!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 240.1 })
  averageTalkSeconds!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 12.4 })
  averageHoldSeconds!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 60 })
  averageAfterCallWorkSeconds!: number | null;
  /** @example 14 */
  outbound!: number;
  /** @example 80 */
  successes!: number;
  @ApiProperty({ type: Number, nullable: true, example: 76.92 })
  successRatePercent!: number | null;
  /** Segments handed to the scope by a transfer. @example 6 */
  transfersIn!: number;
  /** Handled segments that ended with a transfer. @example 9 */
  transfersOut!: number;
  /** transfersOut / handled × 100. */
  @ApiProperty({ type: Number, nullable: true, example: 8.65 })
  transferRatePercent!: number | null;
  /** @example 5 */
  qaReviews!: number;
  @ApiProperty({ type: Number, nullable: true, example: 86.4 })
  averageQaScore!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 81.25 })
  occupancyPercent!: number | null;
  @ApiProperty({ type: TimeInStateDto })
  timeInState!: TimeInStateDto;
}

export class AgentsByStateDto implements AgentsByState {
  /** @example 3 */
  available!: number;
  /** @example 4 */
  onCall!: number;
  /** @example 1 */
  wrapUp!: number;
  /** @example 1 */
  break!: number;
  /** @example 1 */
  offline!: number;
}

export class LiveFiguresDto implements LiveFigures {
  /** Calls queued or ringing at an agent. @example 2 */
  callsWaiting!: number;
  /** @example 37 */
  longestCurrentWaitSeconds!: number;
  @ApiProperty({ type: AgentsByStateDto })
  agents!: AgentsByStateDto;
}

export class StatsPointDto implements StatsPoint {
  /** @example "2026-11-25T09:00:00+01:00" */
  start!: string;
  /** @example "2026-11-25T09:15:00+01:00" */
  end!: string;
  @ApiProperty({ type: KpiFiguresDto })
  figures!: KpiFiguresDto;
}

export class WaitingCallViewDto implements WaitingCallView {
  /** @example "0b7a9d1e-5c4f-4e0a-9d0b-3f1d2c3b4a5e" */
  callId!: string;
  /** @example "2b0c7a57-1a7e-4f7c-9a55-0c5a0d3b6e21" */
  teamId!: string;
  /** @example "Support" */
  teamName!: string;
  /** @example "+15550100" */
  from!: string;
  @ApiProperty({ enum: ['queued', 'offered'], example: 'queued' })
  state!: 'queued' | 'offered';
  /** @example 0 */
  priority!: number;
  /** @example "2026-11-25T09:14:23.000Z" */
  queuedAt!: string;
  /** @example 37 */
  waitingSeconds!: number;
}

export class AgentCurrentCallDto {
  /** @example "0b7a9d1e-5c4f-4e0a-9d0b-3f1d2c3b4a5e" */
  id!: string;
  /** @example "connected" */
  state!: string;
  /** @example "+15550100" */
  from!: string;
  /** @example "+15550199" */
  to!: string;
  /** @example "2b0c7a57-1a7e-4f7c-9a55-0c5a0d3b6e21" */
  teamId!: string;
}

export class AgentGridRowDto implements AgentGridRow {
  /** @example "6f1c2f4e-8a0b-4c39-9a55-2d7f1f0f9d11" */
  userId!: string;
  /** @example "Amara Okafor" */
  name!: string;
  /** @example ["2b0c7a57-1a7e-4f7c-9a55-0c5a0d3b6e21"] */
  teamIds!: string[];
  @ApiProperty({
    enum: ['offline', 'available', 'on_call', 'wrap_up', 'break'],
    example: 'on_call',
  })
  status!: AgentGridRow['status'];
  @ApiProperty({ type: String, nullable: true, example: null, description: 'Break reason label' })
  reason!: string | null;
  /** Since when the agent is in this state. @example "2026-11-25T09:12:00.000Z" */
  since!: string;
  @ApiProperty({ type: AgentCurrentCallDto, nullable: true })
  currentCall!: AgentCurrentCallDto | null;
  /** @example 12 */
  handledToday!: number;
  @ApiProperty({ type: Number, nullable: true, example: 287.5 })
  ahtSecondsToday!: number | null;
}

export class AlertViewDto implements AlertView {
  /** Stable while the condition lasts. @example "long_wait:2b0c7a57-1a7e-4f7c-9a55-0c5a0d3b6e21:0b7a9d1e-5c4f-4e0a-9d0b-3f1d2c3b4a5e" */
  id!: string;
  @ApiProperty({ enum: Object.values(AlertKind), example: 'long_wait' })
  kind!: AlertKind;
  /** @example "2b0c7a57-1a7e-4f7c-9a55-0c5a0d3b6e21" */
  teamId!: string;
  @ApiProperty({ enum: ['warning', 'critical'], example: 'warning' })
  level!: 'warning' | 'critical';
  /** @example "Support: a call from +15550100 has waited over 60 s" */
  message!: string;
  /** @example "2026-11-25T09:14:23.000Z" */
  since!: string;
}

export class LiveStaffingDto implements LiveStaffing {
  /** @example 100 */
  arrivalsLast30Minutes!: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 180,
    description:
      "AHT of the calls completed in the last 30 minutes; today's when none was; null when unknown",
  })
  ahtSeconds!: number | null;
  /** Arrivals per second × AHT. @example 10 */
  trafficErlangs!: number;
  /** @example 80 */
  serviceLevelTargetPercent!: number;
  /** @example 20 */
  serviceLevelThresholdSeconds!: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 14,
    description:
      "Agents the traffic needs for the team's service level (Erlang C); null when unknown",
  })
  agentsNeeded!: number | null;
  /** @example 3 */
  agentsAvailable!: number;
  /** Available, on a call or in wrap-up. @example 12 */
  agentsStaffed!: number;
  /** Staffed below needed: raises the `understaffed` alert. @example true */
  understaffed!: boolean;
}

export class TeamDashboardDto implements TeamDashboard {
  /** @example "2b0c7a57-1a7e-4f7c-9a55-0c5a0d3b6e21" */
  teamId!: string;
  /** @example "Support" */
  name!: string;
  /** @example 80 */
  serviceLevelTargetPercent!: number;
  /** @example 20 */
  serviceLevelThresholdSeconds!: number;
  @ApiProperty({ type: KpiFiguresDto })
  today!: KpiFiguresDto;
  @ApiProperty({ type: LiveFiguresDto })
  live!: LiveFiguresDto;
  @ApiProperty({ type: LiveStaffingDto, description: 'Agents needed now beside those available' })
  staffing!: LiveStaffingDto;
}

export class DayDto {
  /** @example "2026-11-25T00:00:00+01:00" */
  start!: string;
  /** @example "2026-11-26T00:00:00+01:00" */
  end!: string;
}

export class DashboardViewDto implements DashboardView {
  @ApiProperty({ enum: ['center', 'teams', 'agent'], example: 'teams' })
  scope!: 'center' | 'teams' | 'agent';
  /** @example "Europe/Paris" */
  timeZone!: string;
  @ApiProperty({ type: DayDto })
  day!: DayDto;
  @ApiProperty({ type: KpiFiguresDto })
  today!: KpiFiguresDto;
  @ApiProperty({ type: LiveFiguresDto })
  live!: LiveFiguresDto;
  @ApiProperty({ type: [StatsPointDto], description: 'Today by 15-minute interval' })
  @Type(() => StatsPointDto)
  intervals!: StatsPointDto[];
  @ApiProperty({ type: [TeamDashboardDto] })
  teams!: TeamDashboardDto[];
  @ApiProperty({ type: [AgentGridRowDto], description: 'Empty for the agent scope' })
  agents!: AgentGridRowDto[];
  @ApiProperty({
    type: [WaitingCallViewDto],
    description:
      'The longest-waiting calls, at most 50 of each team; `live.callsWaiting` counts them all',
  })
  waitingCalls!: WaitingCallViewDto[];
  @ApiProperty({ type: [AlertViewDto] })
  alerts!: AlertViewDto[];
  /** @example "2026-11-25T09:15:02.120Z" */
  generatedAt!: string;
}

export class StatsReportViewDto implements StatsReportView {
  /** @example "Europe/Paris" */
  timeZone!: string;
  /** Start of the first interval. @example "2026-11-01T00:00:00+01:00" */
  from!: string;
  /** End of the last interval. @example "2026-12-01T00:00:00+01:00" */
  to!: string;
  @ApiProperty({ enum: STATS_INTERVALS, example: '1d' })
  interval!: StatsInterval;
  @ApiProperty({ type: KpiFiguresDto })
  totals!: KpiFiguresDto;
  @ApiProperty({ type: [StatsPointDto] })
  series!: StatsPointDto[];
}

export class StatsBreakdownRowDto implements StatsBreakdownRow {
  /** Team or agent id, disposition code ('' for none), or direction. @example "resolved" */
  key!: string;
  /** @example "Resolved" */
  label!: string;
  @ApiProperty({ type: KpiFiguresDto })
  figures!: KpiFiguresDto;
}

export class CallStatsViewDto extends StatsReportViewDto implements CallStatsView {
  @ApiProperty({ enum: STATS_GROUP_BY, nullable: true, example: 'team' })
  groupBy!: StatsGroupBy | null;
  @ApiProperty({ type: [StatsBreakdownRowDto] })
  breakdown!: StatsBreakdownRowDto[];
}
