import { Module } from '@nestjs/common';

import { SessionTerminator } from '../../access/session-terminator';
import { StoresModule } from '../../stores/stores.module';
import { SessionsController } from './sessions.controller';
import { SessionsService } from './sessions.service';

/** Opening, refreshing, listing and ending sessions. */
@Module({
  imports: [StoresModule],
  controllers: [SessionsController],
  providers: [SessionsService, { provide: SessionTerminator, useExisting: SessionsService }],
  exports: [SessionsService, SessionTerminator],
})
export class SessionsModule {}
