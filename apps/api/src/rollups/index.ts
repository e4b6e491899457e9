export { StatsRollupsModule } from './stats-rollups.module';
export { RollupTotals, StatsRollups } from './stats-rollups';
