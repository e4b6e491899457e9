import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional } from 'class-validator';

import {
  AGENT_FIGURE_PERIODS,
  AgentComparedFigures,
  AgentFigurePeriod,
  AgentFiguresView,
} from '@poscalls4u/contracts';

export class AgentFiguresQueryDto {
  @ApiPropertyOptional({
    enum: AGENT_FIGURE_PERIODS,
    default: 'today',
    description: "Whole local days of the organisation's zone, today (so far) included.",
    example: 'last-7-days',
  })
  @IsOptional()
  @IsIn(AGENT_FIGURE_PERIODS, {
    message: `period must be one of ${AGENT_FIGURE_PERIODS.join(', ')}`,
  })
  period?: AgentFigurePeriod;
}

export class AgentComparedFiguresDto implements AgentComparedFigures {
  /** Calls handled (per agent in the team average). @example 42 */
  handled!: number;
  @ApiProperty({ type: Number, nullable: true, example: 251.3 })
  ahtSeconds!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 12.5 })
  averageHoldSeconds!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 30.2 })
  averageAfterCallWorkSeconds!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 71.4 })
  occupancyPercent!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 64.3 })
  successRatePercent!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 4.2 })
  averageQaScore!: number | null;
}

export class AgentFiguresViewDto implements AgentFiguresView {
  @ApiProperty({ enum: AGENT_FIGURE_PERIODS, example: 'last-7-days' })
  period!: AgentFigurePeriod;
  /** @example "Europe/Paris" */
  timeZone!: string;
  /** @example "2026-03-25T00:00:00+01:00" */
  from!: string;
  /** @example "2026-04-01T00:00:00+02:00" */
  to!: string;
  @ApiProperty({ type: AgentComparedFiguresDto })
  @Type(() => AgentComparedFiguresDto)
  own!: AgentComparedFiguresDto;
  @ApiProperty({
    type: AgentComparedFiguresDto,
    description:
      'The agents of your teams: calls handled per agent; the other figures over all their calls and time together.',
  })
  @Type(() => AgentComparedFiguresDto)
  teamAverage!: AgentComparedFiguresDto;
  /** Agents the team average is over, you included. @example 8 */
  teamAgents!: number;
}
