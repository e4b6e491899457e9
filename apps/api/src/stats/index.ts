export { StatsModule } from './stats.module';
export { StatsService } from './stats.service';
export type { TeamDayInterval, TeamDays } from './stats.service';
