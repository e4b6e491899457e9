import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

import {
  AgentSkill,
  AgentSkillsView,
  CreateSkillRequest,
  MAX_SKILLS_PER_LIST,
  QUEUE_POSITIONS,
  QueuePosition,
  RequiredSkill,
  SKILL_LEVEL_MAX,
  SKILL_LEVEL_MIN,
  SetAgentSkillsRequest,
  SkillView,
  TeamRoutingView,
  UpdateTeamRoutingRequest,
} from '@poscalls4u/contracts';

function trim({ value }: { value: unknown }): unknown {
  return typeof value === 'string' ? value.trim() : value;
}

const LEVEL_MESSAGE = `must be a whole number from ${SKILL_LEVEL_MIN} to ${SKILL_LEVEL_MAX}`;

export class SkillIdParamDto {
  /** @example "5b1f6c1e-2d3a-4e5f-8a9b-0c1d2e3f4a5b" */
  @IsUUID('all', { message: 'id must be a UUID' })
  id!: string;
}

export class UserIdParamDto {
  /** @example "6f1c2f4e-8a0b-4c39-9a55-2d7f1f0f9d11" */
  @IsUUID('all', { message: 'userId must be a UUID' })
  userId!: string;
}

export class TeamIdParamDto {
  /** @example "2b0c7a57-1a7e-4f7c-9a55-0c5a0d3b6e21" */
  @IsUUID('all', { message: 'teamId must be a UUID' })
  teamId!: string;
}

export class SkillViewDto implements SkillView {
  /** @example "5b1f6c1e-2d3a-4e5f-8a9b-0c1d2e3f4a5b" */
  id!: string;
  /** @example "Spanish" */
  name!: string;
  @ApiProperty({ type: String, nullable: true, example: 'Callers who chose Spanish in the IVR' })
  description!: string | null;
  /** @example "2026-11-25T08:00:00.000Z" */
  createdAt!: string;
}

export class CreateSkillDto implements CreateSkillRequest {
  /** Unique, case-insensitively (1-60 characters). @example "Spanish" */
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(60)
  name!: string;

  /** @example "Callers who chose Spanish in the IVR" */
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(300)
  description?: string;
}

export class AgentSkillInputDto {
  /** @example "5b1f6c1e-2d3a-4e5f-8a9b-0c1d2e3f4a5b" */
  @IsUUID('all', { message: 'skillId must be a UUID' })
  skillId!: string;

  /** 1 (basic) to 5 (expert). @example 4 */
  @IsInt({ message: `level ${LEVEL_MESSAGE}` })
  @Min(SKILL_LEVEL_MIN, { message: `level ${LEVEL_MESSAGE}` })
  @Max(SKILL_LEVEL_MAX, { message: `level ${LEVEL_MESSAGE}` })
  level!: number;
}

export class SetAgentSkillsDto implements SetAgentSkillsRequest {
  /** Every skill of the agent (the list replaces the one before); each skill once. */
  @IsArray({ message: 'skills must be an array' })
  @ArrayMaxSize(MAX_SKILLS_PER_LIST)
  @ValidateNested({ each: true })
  @Type(() => AgentSkillInputDto)
  skills!: AgentSkillInputDto[];
}

export class AgentSkillDto implements AgentSkill {
  /** @example "5b1f6c1e-2d3a-4e5f-8a9b-0c1d2e3f4a5b" */
  skillId!: string;
  /** @example "Spanish" */
  name!: string;
  /** @example 4 */
  level!: number;
}

export class AgentSkillsViewDto implements AgentSkillsView {
  /** @example "6f1c2f4e-8a0b-4c39-9a55-2d7f1f0f9d11" */
  userId!: string;
  @ApiProperty({ type: [AgentSkillDto] })
  skills!: AgentSkillDto[];
}

export class RequiredSkillInputDto implements RequiredSkill {
  /** @example "5b1f6c1e-2d3a-4e5f-8a9b-0c1d2e3f4a5b" */
  @IsUUID('all', { message: 'skillId must be a UUID' })
  skillId!: string;

  /** The lowest level that qualifies before the requirement widens. @example 3 */
  @IsInt({ message: `minLevel ${LEVEL_MESSAGE}` })
  @Min(SKILL_LEVEL_MIN, { message: `minLevel ${LEVEL_MESSAGE}` })
  @Max(SKILL_LEVEL_MAX, { message: `minLevel ${LEVEL_MESSAGE}` })
  minLevel!: number;
}

export class UpdateTeamRoutingDto implements UpdateTeamRoutingRequest {
  /** What the team's calls require by default; empty: any agent of the team. */
  @IsArray({ message: 'requiredSkills must be an array' })
  @ArrayMaxSize(MAX_SKILLS_PER_LIST)
  @ValidateNested({ each: true })
  @Type(() => RequiredSkillInputDto)
  requiredSkills!: RequiredSkillInputDto[];

  /** Seconds before the requirement widens one step (5-3600, default 30). @example 30 */
  @IsOptional()
  @IsInt()
  @Min(5)
  @Max(3600)
  widenAfterSeconds?: number;

  /**
   * Calls transferred to the team: `keep` their place in its queue (their original arrival
   * time) or go to the `back`; unchanged when omitted (`keep` for a team never set).
   */
  @ApiPropertyOptional({ enum: QUEUE_POSITIONS, example: 'keep' })
  @IsOptional()
  @IsIn(QUEUE_POSITIONS, {
    message: `transferredCalls must be one of: ${QUEUE_POSITIONS.join(', ')}`,
  })
  transferredCalls?: QueuePosition;
}

export class TeamRequiredSkillDto extends RequiredSkillInputDto {
  /** @example "Spanish" */
  name!: string;
}

export class TeamRoutingViewDto implements TeamRoutingView {
  /** @example "2b0c7a57-1a7e-4f7c-9a55-0c5a0d3b6e21" */
  teamId!: string;
  @ApiProperty({ type: [TeamRequiredSkillDto] })
  requiredSkills!: TeamRequiredSkillDto[];
  /** @example 30 */
  widenAfterSeconds!: number;
  /**
   * Calls transferred to the team (to its queue, or to its agent who does not answer): `keep`
   * their place in line (their arrival) or go to the `back`; a transfer may choose otherwise.
   */
  @ApiProperty({ enum: QUEUE_POSITIONS, example: 'keep' })
  transferredCalls!: QueuePosition;
}
