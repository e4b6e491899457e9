import { Module } from '@nestjs/common';

import { RealtimeModule } from '../realtime';
import { TeamsModule } from '../teams';
import { NotifyChatMessageHandler } from './chat-message-notifications';
import { NotificationSources } from './notification-sources';
import { NotificationsController } from './notifications.controller';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';

@Module({
  imports: [TeamsModule, RealtimeModule],
  controllers: [NotificationsController],
  providers: [
    NotificationsRepository,
    NotificationsService,
    NotificationSources,
    NotifyChatMessageHandler,
  ],
})
export class NotificationsModule {}
