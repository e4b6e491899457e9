export * from './lib/schema';
export * from './lib/database';
export * from './lib/database.module';
