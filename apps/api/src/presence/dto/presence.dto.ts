import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsISO8601,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';

import {
  AGENT_STATUSES,
  AgentStatus,
  BreakReasonView,
  CreateBreakReasonRequest,
  ListBreakReasonsQuery,
  ListPresenceQuery,
  NEXT_STATUSES,
  NextStatusView,
  PresenceIntervalView,
  PresenceTimeline,
  PresenceTimelineQuery,
  PresenceView,
  SetNextStatusRequest,
  SetPresenceRequest,
  UpdateBreakReasonRequest,
} from '@poscalls4u/contracts';

import { PageQueryDto } from '../../platform/http';

export class SetPresenceDto implements SetPresenceRequest {
  @ApiProperty({ enum: AGENT_STATUSES, example: 'break' })
  @IsIn(AGENT_STATUSES)
  status!: AgentStatus;

  /** A break reason code (required with `break`). @example "lunch" */
  @IsOptional()
  @IsString()
  @MaxLength(40)
  reason?: string;
}

export class SetNextStatusDto implements SetNextStatusRequest {
  @ApiProperty({ enum: NEXT_STATUSES, example: 'break' })
  @IsIn(NEXT_STATUSES)
  status!: AgentStatus;

  /** A break reason code (required with `break`). @example "lunch" */
  @IsOptional()
  @IsString()
  @MaxLength(40)
  reason?: string;
}

export class PresenceQueryDto extends PageQueryDto implements ListPresenceQuery {
  /** Only the members of this team. @example "2b0c7a57-1a7e-4f7c-9a55-0c5a0d3b6e21" */
  @IsOptional()
  @IsUUID()
  teamId?: string;
}

export class BreakReasonsQueryDto extends PageQueryDto implements ListBreakReasonsQuery {
  /** Admins: include retired reasons. @example false */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  )
  @IsBoolean()
  includeInactive?: boolean;
}

export class CreateBreakReasonDto implements CreateBreakReasonRequest {
  /** Lower-case letters, digits and underscores. @example "team_huddle" */
  @Matches(/^[a-z][a-z0-9_]{1,39}$/, {
    message: 'code must be 2-40 lower-case letters, digits or underscores',
  })
  code!: string;

  /** @example "Team huddle" */
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MinLength(1)
  @MaxLength(60)
  label!: string;
}

export class UpdateBreakReasonDto implements UpdateBreakReasonRequest {
  /** @example "Team huddle" */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(60)
  label?: string;

  /** Retire a reason (agents can no longer choose it) or bring it back. @example false */
  @IsOptional()
  @IsBoolean()
  isActive?: boolean;
}

export class BreakReasonViewDto implements BreakReasonView {
  /** @example "lunch" */
  code!: string;
  /** @example "Lunch" */
  label!: string;
  /** @example false */
  systemOnly!: boolean;
  /** @example true */
  isActive!: boolean;
}

class ForcedByDto {
  /** @example "6f1c2f4e-8a0b-4c39-9a55-2d7f1f0f9d11" */
  id!: string;
  /** @example "Sam Rivera" */
  name!: string;
}

class NextStatusViewDto implements NextStatusView {
  @ApiProperty({ enum: NEXT_STATUSES, example: 'break' })
  status!: AgentStatus;
  @ApiProperty({ type: BreakReasonViewDto, nullable: true })
  reason!: BreakReasonViewDto | null;
}

export class PresenceViewDto implements PresenceView {
  /** @example "6f1c2f4e-8a0b-4c39-9a55-2d7f1f0f9d11" */
  userId!: string;
  /** @example "Amara Okafor" */
  name!: string;
  @ApiProperty({ enum: AGENT_STATUSES, example: 'available' })
  status!: AgentStatus;
  @ApiProperty({ type: BreakReasonViewDto, nullable: true })
  reason!: BreakReasonViewDto | null;
  /** @example "2026-11-25T09:00:00.000Z" */
  since!: string;
  @ApiProperty({ type: ForcedByDto, nullable: true })
  forcedBy!: ForcedByDto | null;
  @ApiProperty({
    type: NextStatusViewDto,
    nullable: true,
    description: 'The state asked for after the current call (null: none pending)',
  })
  next!: NextStatusViewDto | null;
}

export class PresenceTimelineQueryDto implements PresenceTimelineQuery {
  /** Start of the period (default: 24 hours before `to`). @example "2026-12-07T00:00:00.000Z" */
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date or time' })
  from?: string;
  /** End of the period (default: now). @example "2026-12-07T17:00:00.000Z" */
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date or time' })
  to?: string;
}

export class PresenceIntervalViewDto implements PresenceIntervalView {
  @ApiProperty({ enum: AGENT_STATUSES, example: 'break' })
  status!: AgentStatus;
  @ApiProperty({ type: BreakReasonViewDto, nullable: true })
  reason!: BreakReasonViewDto | null;
  /** @example "2026-12-07T10:15:00.000Z" */
  startedAt!: string;
  @ApiProperty({ type: String, nullable: true, example: '2026-12-07T10:30:00.000Z' })
  endedAt!: string | null;
}

export class PresenceTimelineDto implements PresenceTimeline {
  /** @example "6f1c2f4e-8a0b-4c39-9a55-2d7f1f0f9d11" */
  userId!: string;
  /** @example "Amara Okafor" */
  name!: string;
  /** The intervals that overlap the period, oldest first. */
  @ApiProperty({ type: [PresenceIntervalViewDto] })
  intervals!: PresenceIntervalViewDto[];
}
