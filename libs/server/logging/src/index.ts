export * from './lib/pino-options';
