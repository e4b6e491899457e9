export * from './lib/realtime-client';
