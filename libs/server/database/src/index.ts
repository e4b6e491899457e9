export * from './lib/schema';
export * from './lib/database';
export * from './lib/database.module';
export * from './lib/chat-retention.job-handler';
