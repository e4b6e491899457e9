import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';

import {
  AddTeamMemberRequest,
  CreateTeamRequest,
  ListTeamsQuery,
  TEAM_ROLES,
  TeamDetailView,
  TeamMemberView,
  TeamRole,
  TeamView,
  UpdateTeamRequest,
} from '@poscalls4u/contracts';

import { PageQueryDto } from '../../platform/http';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/** Trimmed; an empty string means "none", as null does. */
const emptyToNull = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim() || null : value;

export class CreateTeamDto implements CreateTeamRequest {
  /** @example "Sales Team Alpha" */
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(100)
  name!: string;

  /** @example "Primary sales team for enterprise clients" */
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(500)
  description?: string;

  /** Most members the team may have; omit for no limit. @example 10 */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  maxMembers?: number;

  /** Percent of calls to answer within the threshold. @example 80 */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  serviceLevelTargetPercent?: number;

  /** Seconds within which a call counts as answered in time. @example 20 */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3600)
  serviceLevelThresholdSeconds?: number;

  /**
   * The team's CRM search for a caller, linked from the offer its agents see: an https URL where
   * `{from}` stands for the caller's number (URL-encoded when filled in). Null or empty: none.
   */
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'https://crm.example.com/search?phone={from}',
  })
  @IsOptional()
  @Transform(emptyToNull)
  @IsString()
  @MaxLength(500)
  @Matches(/^https:\/\/[^\s/?#]+[^\s]*$/, { message: 'crmUrlTemplate must be an https URL' })
  @Matches(/\{from\}/, { message: "crmUrlTemplate must contain {from}, the caller's number" })
  crmUrlTemplate?: string | null;
}

/** Every field of a new team, each optional. */
export class UpdateTeamDto extends PartialType(CreateTeamDto) implements UpdateTeamRequest {}

export class AddTeamMemberDto implements AddTeamMemberRequest {
  /** @example "6f1c2f4e-8a0b-4c39-9a55-2d7f1f0f9d11" */
  @IsUUID()
  userId!: string;

  @ApiProperty({ enum: TEAM_ROLES, example: 'agent' })
  @IsIn(TEAM_ROLES)
  role!: TeamRole;
}

export class ListTeamsQueryDto extends PageQueryDto implements ListTeamsQuery {
  /** Admins only: include archived teams. @example false */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  )
  @IsBoolean()
  includeArchived?: boolean;
}

export class TeamMemberViewDto implements TeamMemberView {
  /** @example "6f1c2f4e-8a0b-4c39-9a55-2d7f1f0f9d11" */
  userId!: string;
  /** @example "Amara Okafor" */
  name!: string;
  /** @example "agent1@poscalls4u.test" */
  email!: string;
  @ApiProperty({ enum: TEAM_ROLES, example: 'agent' })
  role!: TeamRole;
  /** @example "2026-11-25T08:00:00.000Z" */
  joinedAt!: string;
}

export class TeamViewDto implements TeamView {
  /** @example "2b0c7a57-1a7e-4f7c-9a55-0c5a0d3b6e21" */
  id!: string;
  /** @example "Sales Team Alpha" */
  name!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'Primary sales team for enterprise clients',
  })
  description!: string | null;
  @ApiProperty({ type: Number, nullable: true, example: 10 })
  maxMembers!: number | null;
  /** @example 4 */
  memberCount!: number;
  /** @example 80 */
  serviceLevelTargetPercent!: number;
  /** @example 20 */
  serviceLevelThresholdSeconds!: number;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'https://crm.example.com/search?phone={from}',
  })
  crmUrlTemplate!: string | null;
  /** @example "2026-11-25T08:00:00.000Z" */
  createdAt!: string;
  /** @example "2026-11-25T08:00:00.000Z" */
  updatedAt!: string;
  @ApiPropertyOptional({ type: String, nullable: true, example: null })
  archivedAt!: string | null;
}

export class TeamDetailViewDto extends TeamViewDto implements TeamDetailView {
  @ApiProperty({ type: [TeamMemberViewDto] })
  @Type(() => TeamMemberViewDto)
  members!: TeamMemberViewDto[];
}
