export { CallsModule } from './calls.module';
export { IntegrationsModule } from './telephony/integrations.module';
