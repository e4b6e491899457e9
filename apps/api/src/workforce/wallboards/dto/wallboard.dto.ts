import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
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
  CreateWallboardLinkRequest,
  WALLBOARD_MAX_TEAMS,
  WALLBOARD_ROTATION_MAX_SECONDS,
  WALLBOARD_ROTATION_MIN_SECONDS,
  WallboardLinkCreatedResult,
  WallboardLinkView,
  WallboardSessionRequest,
  WallboardSessionResult,
  WallboardTeamView,
  WallboardView,
} from '@poscalls4u/contracts';

import {
  KpiFiguresDto,
  LiveFiguresDto,
  LiveStaffingDto,
  TeamAlertThresholdsDto,
} from '../../../stats';

export class CreateWallboardLinkDto implements CreateWallboardLinkRequest {
  /** What the screen is, for the list. @example "Floor 2 TV" */
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(/\S/, { message: 'name must not be blank' })
  name!: string;

  /**
   * The teams shown, in rotation order; the caller must hold `wallboards:manage` in each.
   * @example ["2b0c7a57-1a7e-4f7c-9a55-0c5a0d3b6e21"]
   */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WALLBOARD_MAX_TEAMS)
  @IsUUID('4', { each: true })
  teamIds!: string[];

  /** Seconds each team stays on screen (default 15). @example 20 */
  @IsOptional()
  @IsInt()
  @Min(WALLBOARD_ROTATION_MIN_SECONDS)
  @Max(WALLBOARD_ROTATION_MAX_SECONDS)
  rotationSeconds?: number;
}

export class WallboardLinkTeamDto {
  /** @example "2b0c7a57-1a7e-4f7c-9a55-0c5a0d3b6e21" */
  id!: string;
  /** @example "Support" */
  name!: string;
}

export class WallboardLinkCreatorDto {
  /** @example "6f1c2f4e-8a0b-4c39-9a55-2d7f1f0f9d11" */
  id!: string;
  /** @example "Sam Supervisor" */
  name!: string;
}

export class WallboardLinkViewDto implements WallboardLinkView {
  /** @example "9d2f6c1a-3b4e-4f5a-8c7d-1e2f3a4b5c6d" */
  id!: string;
  /** @example "Floor 2 TV" */
  name!: string;
  @ApiProperty({ type: [WallboardLinkTeamDto], description: 'In rotation order' })
  teams!: WallboardLinkTeamDto[];
  /** @example 20 */
  rotationSeconds!: number;
  @ApiProperty({ type: WallboardLinkCreatorDto, nullable: true })
  createdBy!: WallboardLinkCreatorDto | null;
  /** @example "2026-11-25T09:00:00.000Z" */
  createdAt!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '2026-11-25T09:14:00.000Z',
    description: 'Last exchange or read by a wallboard (to the minute); null: never used',
  })
  lastUsedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, example: null, description: 'Null while it works' })
  revokedAt!: string | null;
}

export class WallboardLinkCreatedDto implements WallboardLinkCreatedResult {
  @ApiProperty({ type: WallboardLinkViewDto })
  wallboard!: WallboardLinkViewDto;
  /** Shown this once; only its SHA-256 is stored. @example "q3V9mZ8wX1b7Yk2Lr5Tn0Pj4Hc6Gd8Fs1Ae3Bu5Cw7E" */
  secret!: string;
  /**
   * Open this console path on the screen; the secret is in the fragment, which browsers never
   * send to a server. @example "/wallboard#q3V9mZ8wX1b7Yk2Lr5Tn0Pj4Hc6Gd8Fs1Ae3Bu5Cw7E"
   */
  path!: string;
}

export class WallboardSessionRequestDto implements WallboardSessionRequest {
  /** The secret of the link (after `#` in its URL). @example "q3V9mZ8wX1b7Yk2Lr5Tn0Pj4Hc6Gd8Fs1Ae3Bu5Cw7E" */
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  secret!: string;
}

export class WallboardSessionDto implements WallboardSessionResult {
  /**
   * Bearer for `GET /api/wallboard` and the Socket.IO handshake only.
   * @example "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI5ZDJmIiwidHlwIjoid2FsbGJvYXJkIn0.c2ln"
   */
  token!: string;
  /** @example 900 */
  expiresInSeconds!: number;
}

export class WallboardTeamViewDto implements WallboardTeamView {
  /** @example "2b0c7a57-1a7e-4f7c-9a55-0c5a0d3b6e21" */
  teamId!: string;
  /** @example "Support" */
  name!: string;
  /** @example 80 */
  serviceLevelTargetPercent!: number;
  /** @example 20 */
  serviceLevelThresholdSeconds!: number;
  @ApiProperty({ type: TeamAlertThresholdsDto, description: 'The colours follow them' })
  thresholds!: TeamAlertThresholdsDto;
  @ApiProperty({ type: KpiFiguresDto, description: 'Today so far' })
  today!: KpiFiguresDto;
  @ApiProperty({ type: LiveFiguresDto })
  live!: LiveFiguresDto;
  @ApiProperty({ type: LiveStaffingDto })
  staffing!: LiveStaffingDto;
}

export class WallboardViewDto implements WallboardView {
  /** @example "Floor 2 TV" */
  name!: string;
  /** @example 20 */
  rotationSeconds!: number;
  @ApiProperty({ type: [WallboardTeamViewDto], description: 'In rotation order' })
  teams!: WallboardTeamViewDto[];
  /** @example "2026-11-25T09:14:23.000Z" */
  generatedAt!: string;
}
