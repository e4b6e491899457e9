export * from './lib/pino-options';
export * from './lib/request-id-context';
