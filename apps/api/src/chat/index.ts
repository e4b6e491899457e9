export { ChatCallLookup } from './chat-call-lookup';
export { ChatModule } from './chat.module';
