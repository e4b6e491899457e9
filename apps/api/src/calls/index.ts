export { CallsModule } from './calls.module';
