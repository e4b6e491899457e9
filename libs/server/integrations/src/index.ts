export * from './lib/signature';
export * from './lib/integration-secret-cipher';
export * from './lib/deliver-webhook.job-handler';
export * from './lib/integration-webhooks.module';
