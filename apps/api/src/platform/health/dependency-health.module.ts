import { Global, Module } from '@nestjs/common';

import { DatabaseOutage } from './database-outage';
import { EmbeddedBackup } from './embedded-backup';

/**
 * The outage trackers, one per process, used by the exception filter and the readiness probe;
 * and the embedded database's backups on SIGUSR2 (`npm run db:backup`).
 */
@Global()
@Module({ providers: [DatabaseOutage, EmbeddedBackup], exports: [DatabaseOutage] })
export class DependencyHealthModule {}
