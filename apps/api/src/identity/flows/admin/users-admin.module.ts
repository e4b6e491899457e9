import { Module } from '@nestjs/common';

import { OutboxModule } from '../../../platform/outbox';
import { StoresModule } from '../../stores/stores.module';
import { SessionsModule } from '../sessions/sessions.module';
import { AuditController } from './audit.controller';
import { UsersAdminService } from './users-admin.service';
import { UsersController } from './users.controller';

/** The admin side of users (`/api/users`) and the audit log (`/api/audit`). */
@Module({
  imports: [StoresModule, SessionsModule, OutboxModule],
  controllers: [UsersController, AuditController],
  providers: [UsersAdminService],
})
export class UsersAdminModule {}
