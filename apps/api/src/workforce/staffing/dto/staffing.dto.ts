import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsNumber, IsOptional, Max, Min } from 'class-validator';

import {
  StaffingModel,
  StaffingRequest,
  StaffingTableRow,
  StaffingView,
} from '@poscalls4u/contracts';

/** A finite number (no NaN, no Infinity: JSON cannot carry them, but a string might try). */
const FINITE = { allowNaN: false, allowInfinity: false };

export class StaffingRequestDto implements StaffingRequest {
  /** Calls expected in one interval (0 is fine: no agent needed). @example 100 */
  @IsNumber(FINITE)
  @Min(0)
  @Max(1_000_000)
  callsPerInterval!: number;

  /** Length of the interval in minutes. @example 30 */
  @IsNumber(FINITE)
  @Min(1)
  @Max(1440)
  intervalMinutes!: number;

  /** Average handle time: talk + hold + after-call work. @example 180 */
  @IsNumber(FINITE)
  @Min(1)
  @Max(86_400)
  ahtSeconds!: number;

  /** Share of calls to answer within `targetAnswerSeconds`, at least 0 and below 1. @example 0.8 */
  @IsNumber(FINITE)
  @Min(0)
  @Max(1)
  serviceLevelTarget!: number;

  /** The service-level threshold in seconds. @example 20 */
  @IsNumber(FINITE)
  @Min(0)
  @Max(3600)
  targetAnswerSeconds!: number;

  /** Share of paid time off the phones (breaks, training, meetings). @example 0.3 */
  @IsOptional()
  @IsNumber(FINITE)
  @Min(0)
  @Max(0.9)
  shrinkage?: number;

  /** Highest acceptable occupancy, above 0 and at most 1. @example 0.85 */
  @IsOptional()
  @IsNumber(FINITE)
  @Min(0)
  @Max(1)
  maxOccupancy?: number;

  /**
   * Mean time a caller waits before hanging up. Given, the Erlang A model is used (callers
   * abandon), which needs fewer agents than Erlang C. @example 120
   */
  @IsOptional()
  @IsNumber(FINITE)
  @Min(1)
  @Max(3600)
  averagePatienceSeconds?: number;
}

export class StaffingTableRowDto implements StaffingTableRow {
  /** @example 14 */
  agents!: number;
  /** @example 0.888 */
  serviceLevel!: number;
  @ApiProperty({ type: Number, nullable: true, example: 7.84 })
  asaSeconds!: number | null;
  /** @example 0.1741 */
  probabilityOfWaiting!: number;
  /** @example 0.7143 */
  occupancy!: number;
  @ApiPropertyOptional({ description: 'Erlang A only', example: 0.021 })
  abandonRate?: number;
  /** @example true */
  meetsTarget!: boolean;
}

export class StaffingViewDto implements StaffingView {
  @ApiProperty({ enum: ['erlang-c', 'erlang-a'], example: 'erlang-c' })
  model!: StaffingModel;
  /** @example 10 */
  trafficErlangs!: number;
  /** Agents on the phones needed to meet the target. @example 14 */
  agents!: number;
  /** Agents to schedule: `agents` ÷ (1 − shrinkage), rounded up. @example 20 */
  scheduledAgents!: number;
  /** @example 0.888 */
  serviceLevel!: number;
  @ApiProperty({ type: Number, nullable: true, example: 7.84 })
  asaSeconds!: number | null;
  /** @example 0.1741 */
  probabilityOfWaiting!: number;
  /** @example 0.7143 */
  occupancy!: number;
  @ApiPropertyOptional({ description: 'Erlang A only', example: 0.021 })
  abandonRate?: number;
  @ApiProperty({ type: [StaffingTableRowDto], description: '`agents` − 2 .. `agents` + 3' })
  @Type(() => StaffingTableRowDto)
  table!: StaffingTableRowDto[];
}
