import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  IsTimeZone,
  Matches,
  Max,
  Min,
} from 'class-validator';

import { UpdateOrganizationSettingsRequest } from '@poscalls4u/contracts';

import {
  MAX_CHAT_RETENTION_DAYS,
  MAX_SHORT_ABANDON_SECONDS,
} from './organization-settings.defaults';

export class OrganizationSettingsDto implements UpdateOrganizationSettingsRequest {
  /**
   * The IANA time zone every statistics period is computed in (days of 23 or 25 hours on
   * daylight-saving changes). Offsets such as `+01:00` are not zones.
   * @example "Europe/Paris"
   */
  @IsString()
  @Matches(/^[A-Za-z]/, { message: 'timeZone must be an IANA time zone such as Europe/Paris' })
  @IsTimeZone({ message: 'timeZone must be an IANA time zone such as Europe/Paris' })
  timeZone!: string;

  /**
   * Abandons after a wait shorter than this many seconds are short: excluded from service level
   * and the abandonment rate. 0 turns the exclusion off.
   * @example 5
   */
  @IsInt()
  @Min(0)
  @Max(MAX_SHORT_ABANDON_SECONDS)
  shortAbandonSeconds!: number;

  /**
   * Tell the agent when a supervisor listens to, whispers to or barges into their call (default
   * true). Always in answers; left out of a PUT, it keeps its value.
   * @example true
   */
  @IsOptional()
  @IsBoolean()
  showAssistToAgents?: boolean;

  /**
   * Days chat messages are kept; older ones are deleted for good by a background job. null keeps
   * them forever (the default). Left out, the stored value stays as it is.
   */
  @ApiPropertyOptional({ type: Number, nullable: true, example: 365, minimum: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_CHAT_RETENTION_DAYS)
  chatRetentionDays?: number | null;
}
