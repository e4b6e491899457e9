export * from './lib/key-store';
export * from './lib/chat-server';
export * from './lib/chat-keyring';
export * from './lib/chat-api';
export * from './lib/chat-notifier';
export * from './lib/chat-store';
export * from './lib/ui/chat.page';
export * from './lib/chat-desktop-alerts';
