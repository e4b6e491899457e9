import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional } from 'class-validator';

import {
  ListNotificationsQuery,
  NOTIFICATION_KINDS,
  NotificationKind,
  NotificationLevel,
  NotificationLink,
  NotificationPreferences,
  NotificationView,
  NotificationsReadAllResult,
} from '@poscalls4u/contracts';

import { CursorPageQueryDto, toBoolean } from '../../platform/http';

export class ListNotificationsQueryDto
  extends CursorPageQueryDto
  implements ListNotificationsQuery
{
  /** Only the unread notifications. */
  @ApiPropertyOptional({ type: Boolean, example: true })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'unread must be true or false' })
  unread?: boolean;
}

export class NotificationLinkDto implements NotificationLink {
  /** @example "3c0b7a2e-5d1f-4e8a-9b6c-2f4d6e8a0b1c" */
  teamId?: string;
  /** @example "long_wait:3c0b7a2e-5d1f-4e8a-9b6c-2f4d6e8a0b1c:9b2f6c1e-4d3a-4f5b-8c7d-1e2f3a4b5c6d" */
  alertId?: string;
  /** A chat room (chat notifications). @example "5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b" */
  roomId?: string;
  /** A chat message (chat notifications). @example "0d3b8a52-3f5e-4d1a-9c7e-1b2a3c4d5e6f" */
  messageId?: string;
  /** The session a new sign-in opened. @example "9b2f6c1e-4d3a-4f5b-8c7d-1e2f3a4b5c6d" */
  sessionId?: string;
  /** A scheduled report (report notifications). @example "2f4d6e8a-0b1c-4e8a-9b6c-3c0b7a2e5d1f" */
  scheduleId?: string;
}

export class NotificationViewDto implements NotificationView {
  /** @example "0d3b8a52-3f5e-4d1a-9c7e-1b2a3c4d5e6f" */
  id!: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS, example: 'team_added' })
  kind!: NotificationKind;
  @ApiProperty({ enum: ['info', 'warning', 'critical'], example: 'info' })
  level!: NotificationLevel;
  /** @example "Added to a team" */
  title!: string;
  /** @example "You are now a member of Sales Team Alpha." */
  body!: string;
  @ApiProperty({ type: NotificationLinkDto, nullable: true })
  link!: NotificationLinkDto | null;
  /** @example "2026-11-25T09:30:00.000Z" */
  createdAt!: string;
  /** Null while unread. */
  @ApiProperty({ type: String, nullable: true, example: null })
  readAt!: string | null;
}

export class NotificationsReadAllResultDto implements NotificationsReadAllResult {
  /** How many were unread and are now read. @example 3 */
  marked!: number;
  /** @example 0 */
  unreadCount!: number;
}

export class NotificationPreferencesDto implements NotificationPreferences {
  /** The sources you do not want: neither stored nor pushed to you. An empty list mutes none. */
  @ApiProperty({ enum: NOTIFICATION_KINDS, isArray: true, example: ['kpi_alert'] })
  @IsArray()
  @ArrayMaxSize(NOTIFICATION_KINDS.length)
  @IsIn(NOTIFICATION_KINDS, {
    each: true,
    message: `muted must hold notification kinds only: ${NOTIFICATION_KINDS.join(', ')}`,
  })
  muted!: NotificationKind[];
}
