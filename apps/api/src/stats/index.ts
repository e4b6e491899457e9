export type { StaffingQuestion } from './live-staffing';
export { StaffingCalculator } from './live-staffing';
export { StatsModule } from './stats.module';
export { StatsService } from './stats.service';
// The figures' response classes, for the Swagger of routes that show them (the wallboard).
export { TeamAlertThresholdsDto } from './dto/alert-thresholds.dto';
export { KpiFiguresDto, LiveFiguresDto, LiveStaffingDto } from './dto/stats.dto';
// The organisation's calendar in a zone, for workforce's scheduled reports and agent periods.
export { calendarDay, isoInZone } from './stats-period';
