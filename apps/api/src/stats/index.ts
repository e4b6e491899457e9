export { StatsModule } from './stats.module';
export { StatsService } from './stats.service';
