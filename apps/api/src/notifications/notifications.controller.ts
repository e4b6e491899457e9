import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import {
  NotificationPage,
  NotificationPreferencesResult,
  NotificationResult,
  NotificationsReadAllResult,
} from '@poscalls4u/contracts';

import { AuthUser, Authenticated, CurrentUser } from '../identity/access';
import { ApiEnvelope, ApiErrors } from '../platform/http';
import {
  ListNotificationsQueryDto,
  NotificationPreferencesDto,
  NotificationViewDto,
  NotificationsReadAllResultDto,
} from './dto/notification.dto';
import { NotificationsService } from './notifications.service';

/** The signed-in user's own notifications; nobody reads another user's. */
@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @Authenticated()
  @ApiOperation({
    summary: 'My notifications',
    description:
      'Newest first, by page or by cursor (`nextCursor`); `unread=true` lists the unread ones only. `data.unreadCount` is how many are unread in all. After a reconnect, list again to catch up with what was sent while offline.',
  })
  @ApiEnvelope(NotificationViewDto, { description: 'One page of notifications', page: 'cursor' })
  @ApiErrors(400)
  list(
    @CurrentUser() user: AuthUser,
    @Query() query: ListNotificationsQueryDto,
  ): Promise<NotificationPage> {
    return this.notifications.list(user, query);
  }

  @Get('preferences')
  @Authenticated()
  @ApiOperation({ summary: 'My notification preferences', description: 'The sources you muted.' })
  @ApiEnvelope(NotificationPreferencesDto, { key: 'preferences', description: 'Your preferences' })
  @ApiErrors()
  async preferences(@CurrentUser() user: AuthUser): Promise<NotificationPreferencesResult> {
    return { preferences: await this.notifications.preferences(user) };
  }

  @Put('preferences')
  @Authenticated()
  @ApiOperation({
    summary: 'Mute notification sources',
    description:
      'Replaces the list of sources you muted (`kpi_alert`, `team_added`, `team_removed`, `role_changed`, `chat_direct`, `chat_mention`, `new_sign_in`, `report_ready`, `report_failed`). A muted source is neither stored nor pushed to you.',
  })
  @ApiEnvelope(NotificationPreferencesDto, { key: 'preferences', description: 'Saved' })
  @ApiErrors(400)
  async setPreferences(
    @CurrentUser() user: AuthUser,
    @Body() body: NotificationPreferencesDto,
  ): Promise<NotificationPreferencesResult> {
    return { preferences: await this.notifications.setPreferences(user, body) };
  }

  @Post('read-all')
  @HttpCode(HttpStatus.OK)
  @Authenticated()
  @ApiOperation({ summary: 'Mark all my notifications read' })
  @ApiEnvelope(NotificationsReadAllResultDto, { description: 'Marked' })
  @ApiErrors()
  readAll(@CurrentUser() user: AuthUser): Promise<NotificationsReadAllResult> {
    return this.notifications.markAllRead(user);
  }

  @Post(':id/read')
  @HttpCode(HttpStatus.OK)
  @Authenticated()
  @ApiOperation({
    summary: 'Mark one of my notifications read',
    description: 'Another user’s notification is a 404, as a missing one.',
  })
  @ApiEnvelope(NotificationViewDto, { key: 'notification', description: 'Marked read' })
  @ApiErrors(400, 404)
  async read(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<NotificationResult> {
    return { notification: await this.notifications.markRead(user, id) };
  }
}
