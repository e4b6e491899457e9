import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

import { TeamAlertThresholds } from '@poscalls4u/contracts';

/**
 * A team's alert thresholds. `null` turns an alert off; an omitted field keeps its current value.
 * Defaults (a team that never set them): today's service level below the team's target, a call
 * waiting longer than 60 s, an agent on a break longer than 15 minutes.
 */
export class TeamAlertThresholdsDto implements TeamAlertThresholds {
  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 1, maximum: 100, example: 80 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  serviceLevelBelowPercent!: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 1, maximum: 86400, example: 60 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(86_400)
  callWaitingLongerThanSeconds!: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 1, maximum: 1440, example: 15 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1440)
  agentOnBreakLongerThanMinutes!: number | null;
}
