import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsDefined,
  IsIn,
  IsObject,
  ValidateNested,
} from 'class-validator';

import {
  PERMISSIONS,
  Permission,
  ROLES,
  Role,
  SecurityProfileRules,
  TEAM_PERMISSIONS,
  TEAM_ROLES,
  TeamPermission,
  TeamRole,
  TeamSecurityProfile,
} from '@poscalls4u/contracts';

const UNKNOWN = `must hold team permissions only: ${TEAM_PERMISSIONS.join(', ')}`;

export class SecurityProfileRulesDto implements SecurityProfileRules {
  /** Team permissions these members get on top of their defaults. @example ["calls:read-team"] */
  @ApiProperty({ enum: TEAM_PERMISSIONS, isArray: true, example: ['calls:read-team'] })
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(TEAM_PERMISSIONS.length)
  @IsIn(TEAM_PERMISSIONS, { each: true, message: `$property ${UNKNOWN}` })
  grant!: TeamPermission[];

  /** Team permissions these members lose, even when their defaults include them. */
  @ApiProperty({ enum: TEAM_PERMISSIONS, isArray: true, example: ['calls:outbound'] })
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(TEAM_PERMISSIONS.length)
  @IsIn(TEAM_PERMISSIONS, { each: true, message: `$property ${UNKNOWN}` })
  withhold!: TeamPermission[];
}

/** A team's security profile: what it grants or withholds, for its agents and its supervisors. */
export class TeamSecurityProfileDto implements TeamSecurityProfile {
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => SecurityProfileRulesDto)
  agents!: SecurityProfileRulesDto;

  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => SecurityProfileRulesDto)
  supervisors!: SecurityProfileRulesDto;
}

export class TeamPermissionsViewDto {
  /** @example "2b0c7a57-1a7e-4f7c-9a55-0c5a0d3b6e21" */
  teamId!: string;
  @ApiProperty({ enum: TEAM_ROLES, example: 'agent' })
  teamRole!: TeamRole;
  @ApiProperty({ enum: TEAM_PERMISSIONS, isArray: true, example: ['calls:outbound'] })
  permissions!: TeamPermission[];
}

/** The signed-in user's permissions: everywhere, and in each of their teams. */
export class MyPermissionsViewDto {
  @ApiProperty({ enum: ROLES, example: 'agent' })
  role!: Role;
  /** Permissions that hold everywhere (admins: every permission, in every team). */
  @ApiProperty({ enum: PERMISSIONS, isArray: true, example: ['profile:read', 'calls:work'] })
  global!: Permission[];
  @ApiProperty({ type: [TeamPermissionsViewDto] })
  @Type(() => TeamPermissionsViewDto)
  teams!: TeamPermissionsViewDto[];
}
