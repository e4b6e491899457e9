import { Module } from '@nestjs/common';

import { OutboxModule } from '../../../platform/outbox';
import { UsersModule } from '../../stores/users/users.module';
import { SessionsModule } from '../sessions/sessions.module';
import { AuditController } from './audit.controller';
import { UsersAdminService } from './users-admin.service';
import { UsersController } from './users.controller';

/**
 * The admin side of users (`/api/users`). Apart from `UsersModule` because it needs
 * `SessionsModule`, which itself imports `UsersModule`: one module would be a cycle.
 */
@Module({
  imports: [UsersModule, SessionsModule, OutboxModule],
  controllers: [UsersController, AuditController],
  providers: [UsersAdminService],
})
export class UsersAdminModule {}
