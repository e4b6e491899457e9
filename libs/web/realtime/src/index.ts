export * from './lib/realtime-client';
export * from './lib/realtime-session.effects';
export * from './lib/notifications/notification-bell';
