import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsISO8601, IsIn, IsOptional, IsUUID } from 'class-validator';

import {
  AUDIT_ACTIONS,
  AUDIT_OUTCOMES,
  AuditAction,
  AuditOutcome,
  ListAuditEventsQuery,
} from '@poscalls4u/contracts';

import { CursorPageQueryDto, toList } from '../../http';

export class ListAuditEventsQueryDto extends CursorPageQueryDto implements ListAuditEventsQuery {
  /**
   * Events where this user is the actor or the target.
   * @example "6f1c2f4e-8a0b-4c39-9a55-2d7f1f0f9d11"
   */
  @IsOptional()
  @IsUUID('all', { message: 'userId must be a UUID' })
  userId?: string;

  @ApiPropertyOptional({
    type: [String],
    enum: AUDIT_ACTIONS,
    description:
      'One action, or several: repeated (`action=a&action=b`) or comma-separated (`action=a,b`).',
    example: ['auth.sign_in', 'auth.lockout'],
  })
  @IsOptional()
  @Transform(toList)
  @IsIn(AUDIT_ACTIONS, { each: true, message: `action must be among: ${AUDIT_ACTIONS.join(', ')}` })
  @ArrayMaxSize(AUDIT_ACTIONS.length)
  action?: AuditAction[];

  /** @example "failure" */
  @IsOptional()
  @IsIn(AUDIT_OUTCOMES)
  outcome?: AuditOutcome;

  /**
   * Earliest time, inclusive (ISO 8601; a bare date is midnight UTC).
   * @example "2026-11-01T00:00:00Z"
   */
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date or time' })
  from?: string;

  /**
   * Latest time, inclusive (ISO 8601); not before `from`. A bare date covers that whole day (UTC).
   * @example "2026-11-30T23:59:59Z"
   */
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date or time' })
  to?: string;
}
