export { LoggingModule } from './logging.module';
export { QuietStartupLogger } from './quiet-startup-logger';
