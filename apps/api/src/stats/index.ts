export { StatsModule } from './stats.module';
export { StatsService } from './stats.service';
// The organisation's calendar in a zone, for workforce's scheduled reports and agent periods.
export { calendarDay, isoInZone } from './stats-period';
