import { ApiProperty } from '@nestjs/swagger';

import {
  AUDIT_ACTIONS,
  AUDIT_OUTCOMES,
  AuditAction,
  AuditEventView,
  AuditOutcome,
} from '@poscalls4u/contracts';

export class AuditUserDto {
  /** @example "6f1c2f4e-8a0b-4c39-9a55-2d7f1f0f9d11" */
  id!: string;
  /** @example "Alex Admin" */
  name!: string;
  /** @example "admin@poscalls4u.test" */
  email!: string;
}

export class AuditEventViewDto implements AuditEventView {
  /** @example "0d3b8a52-3f5e-4d1a-9c7e-1b2a3c4d5e6f" */
  id!: string;
  /** @example "2026-11-25T09:30:00.000Z" */
  occurredAt!: string;
  @ApiProperty({ enum: AUDIT_ACTIONS, example: 'users.role_changed' })
  action!: AuditAction;
  @ApiProperty({ enum: AUDIT_OUTCOMES, example: 'success' })
  outcome!: AuditOutcome;
  /** Who did it; null for an anonymous caller or the system. */
  @ApiProperty({ type: AuditUserDto, nullable: true })
  actor!: AuditUserDto | null;
  /** Whom it was done to. */
  @ApiProperty({ type: AuditUserDto, nullable: true })
  target!: AuditUserDto | null;
  /** The email tried when no account matched (failed sign-ins). */
  @ApiProperty({ type: String, nullable: true, example: null })
  email!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '203.0.113.7' })
  ip!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Mozilla/5.0 (X11; Linux x86_64)' })
  userAgent!: string | null;
  /** Extra facts, e.g. the old and new role. */
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    example: { oldRole: 'agent', newRole: 'supervisor' },
  })
  details!: Record<string, unknown> | null;
}
