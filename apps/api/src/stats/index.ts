export type { StaffingQuestion } from './live-staffing';
export { StaffingCalculator } from './live-staffing';
export { StatsModule } from './stats.module';
export { StatsService } from './stats.service';
