import { Global, Module } from '@nestjs/common';

import { DatabaseOutage } from './database-outage';
import { EmbeddedBackup } from './embedded-backup';
import { EventLoopLoad } from './event-loop-load';

/**
 * The outage trackers, one per process, used by the exception filter and the readiness probe;
 * the event loop's load, which load shedding reads; and the embedded database's backups on
 * SIGUSR2 (`npm run db:backup`).
 */
@Global()
@Module({
  providers: [DatabaseOutage, EmbeddedBackup, EventLoopLoad],
  exports: [DatabaseOutage, EventLoopLoad],
})
export class DependencyHealthModule {}
