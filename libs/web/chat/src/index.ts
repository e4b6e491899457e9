export * from './lib/key-store';
export * from './lib/chat-server';
export * from './lib/chat-keyring';
