export { CallsModule } from './calls.module';
export { CallDirectory } from './core/call-directory';
