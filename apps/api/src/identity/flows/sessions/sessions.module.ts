import { Module } from '@nestjs/common';

import { StoresModule } from '../../stores/stores.module';
import { SessionsController } from './sessions.controller';
import { SessionsService } from './sessions.service';

/** Opening, refreshing, listing and ending sessions. */
@Module({
  imports: [StoresModule],
  controllers: [SessionsController],
  providers: [SessionsService],
  exports: [SessionsService],
})
export class SessionsModule {}
