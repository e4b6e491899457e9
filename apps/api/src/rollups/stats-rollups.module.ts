import { Module } from '@nestjs/common';

import { StatsRebuildService } from './stats-rebuild.service';
import { StatsRollups } from './stats-rollups';

/**
 * The write side of the statistics: `StatsRollups` for the calls and presence flows (inside
 * their transactions), `StatsRebuildService` for `npm run stats:rebuild`. It depends on no other
 * feature module, so those can import it without a cycle.
 */
@Module({
  providers: [StatsRollups, StatsRebuildService],
  exports: [StatsRollups, StatsRebuildService],
})
export class StatsRollupsModule {}
