export * from './lib/envelope';
export * from './lib/error-codes';
export * from './lib/roles';
export * from './lib/auth';
export * from './lib/health';
export * from './lib/audit';
export * from './lib/users';
