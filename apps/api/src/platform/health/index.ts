export { isDatabaseUnavailable } from './database-errors';
export { DATABASE_RETRY_AFTER_SECONDS, DatabaseOutage } from './database-outage';
export { DependencyHealthModule } from './dependency-health.module';
export { EventLoopLoad } from './event-loop-load';
