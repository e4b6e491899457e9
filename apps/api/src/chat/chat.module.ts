import { DynamicModule, Module, ModuleMetadata, Type } from '@nestjs/common';

import { ChatRetentionModule } from '@poscalls4u/server-database';

import { OutboxModule } from '../platform/outbox';
import { RealtimeModule } from '../realtime';
import { TeamsModule } from '../teams';
import { ChatCallLookup } from './chat-call-lookup';
import { ChatKeysController } from './chat-keys.controller';
import { ChatKeysRepository } from './chat-keys.repository';
import { ChatKeysService } from './chat-keys.service';
import { ChatMessagesRepository } from './chat-messages.repository';
import { ChatMessagesService } from './chat-messages.service';
import { ChatRetentionScheduler } from './chat-retention.scheduler';
import { ChatRoomsRepository } from './chat-rooms.repository';
import { ChatRoomsService } from './chat-rooms.service';
import { ChatController } from './chat.controller';

export interface ChatModuleOptions {
  /** Where the "Ask a supervisor" call look-up comes from (the calls area, bound by the app). */
  callLookup: { imports: ModuleMetadata['imports']; useExisting: Type<ChatCallLookup> };
}

/**
 * End-to-end encrypted chat: rooms, membership, ciphertext, keys, mailbox, backups. The
 * retention job's handler (`ChatRetentionModule`) is imported here for the API without Redis;
 * with Redis the worker runs it.
 */
@Module({})
export class ChatModule {
  static forRoot(options: ChatModuleOptions): DynamicModule {
    return {
      module: ChatModule,
      imports: [
        TeamsModule,
        RealtimeModule,
        OutboxModule,
        ChatRetentionModule,
        ...(options.callLookup.imports ?? []),
      ],
      controllers: [ChatController, ChatKeysController],
      providers: [
        { provide: ChatCallLookup, useExisting: options.callLookup.useExisting },
        ChatRoomsRepository,
        ChatMessagesRepository,
        ChatKeysRepository,
        ChatRoomsService,
        ChatMessagesService,
        ChatKeysService,
        ChatRetentionScheduler,
      ],
    };
  }
}
