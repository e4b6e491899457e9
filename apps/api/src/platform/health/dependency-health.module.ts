import { Global, Module } from '@nestjs/common';

import { DatabaseOutage } from './database-outage';

/** The outage trackers, one per process, used by the exception filter and the readiness probe. */
@Global()
@Module({ providers: [DatabaseOutage], exports: [DatabaseOutage] })
export class DependencyHealthModule {}
