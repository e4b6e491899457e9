import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';

import {
  ChatMessagePage,
  ChatMessageView,
  ChatReadResult,
  ChatRoomKind,
} from '@poscalls4u/contracts';
import { JobName, NotifyChatMessagePayload } from '@poscalls4u/server-jobs';

import { AuthUser } from '../identity/access';
import { AppException, timeIdPage, timeIdWindow } from '../platform/http';
import { OutboxService } from '../platform/outbox';
import { ChatKeysRepository } from './chat-keys.repository';
import { ChatMessagesRepository, SendContext } from './chat-messages.repository';
import { ChatRoomsRepository } from './chat-rooms.repository';
import { ChatRoomsService } from './chat-rooms.service';
import { toMessageView } from './chat-views';
import {
  EditChatMessageDto,
  ListChatMessagesQueryDto,
  SendChatMessageDto,
} from './dto/chat-message.dto';

/** The name in the history's cursors, so another list's cursor is refused. */
const MESSAGES_CURSOR = 'chat-messages';

/**
 * Messages: ciphertext in, ciphertext out. Each write checks that the caller is a current member,
 * that the sending device is one of their active devices, and that the (device, session,
 * counter) position was never used before (409). Live delivery and unread counts go to the
 * room's current members; a notification is a job in the outbox carrying ids only.
 */
@Injectable()
export class ChatMessagesService {
  constructor(
    private readonly messages: ChatMessagesRepository,
    private readonly roomsRepository: ChatRoomsRepository,
    private readonly rooms: ChatRoomsService,
    private readonly keys: ChatKeysRepository,
    private readonly outbox: OutboxService,
  ) {}

  /** The room's history, newest first, from the caller's joining on (older is not theirs to read). */
  async list(
    caller: AuthUser,
    roomId: string,
    query: ListChatMessagesQueryDto,
  ): Promise<ChatMessagePage> {
    await this.rooms.memberRoom(caller, roomId);
    const members = await this.roomsRepository.members(roomId);
    const current = members.find((row) => row.userId === caller.id && row.leftAt === null);
    const window = timeIdWindow(MESSAGES_CURSOR, {
      ...query,
      cursor: query.before ?? query.cursor,
    });
    const { rows, total } = await this.messages.list({
      roomId,
      since: current?.joinedAt ?? null,
      after: window.after ? { createdAt: window.after.time, id: window.after.id } : undefined,
      limit: window.pageSize + 1,
      offset: window.offset,
    });
    const page = timeIdPage(MESSAGES_CURSOR, window, rows, total, (row) => [
      row.exactCreatedAt,
      row.id,
    ]);
    return { ...page, items: page.items.map(toMessageView) };
  }

  /**
   * Stores a message. The same `clientMessageId` again answers the stored message (`created`
   * false: the client's retry after a lost answer), never a second copy. Two database round
   * trips: one statement reads everything the send checks, one stores the message with what it
   * owes (its counter claim, the room's activity, the notification job in the outbox). The
   * members hear it at once; their unread counts follow after the answer.
   */
  async send(
    caller: AuthUser,
    roomId: string,
    input: SendChatMessageDto,
  ): Promise<{ message: ChatMessageView; created: boolean }> {
    assertSameRoom(roomId, input.roomId);
    const context = await this.messages.sendContext({
      roomId,
      userId: caller.id,
      deviceId: input.senderDeviceId,
      clientMessageId: input.clientMessageId,
    });
    if (!context || !context.isMember) throw AppException.notFound('No such room.');
    if (context.earlier) return this.resent(context.earlier, roomId);
    if (context.archived)
      throw AppException.conflict('This room is archived: it takes no more messages.');
    if (!context.deviceActive) throw notOwnDevice();
    const messageId = randomUUID();
    const notice = noticeFor(caller.id, context, input.mentions ?? []);
    const outcome = await this.messages.insert(
      {
        id: messageId,
        roomId,
        senderUserId: caller.id,
        senderDeviceId: input.senderDeviceId,
        sessionId: input.sessionId,
        counter: input.counter,
        clientMessageId: input.clientMessageId,
        ciphertext: input.ciphertext,
        signature: input.signature,
      },
      notice &&
        ((inserted) =>
          this.outbox.statement(
            JobName.NotifyChatMessage,
            { roomId, messageId, senderUserId: caller.id, ...notice },
            inserted,
          )),
    );
    if ('counterReused' in outcome) throw counterReused();
    if ('duplicateOf' in outcome) return this.resent(outcome.duplicateOf, roomId);
    const message = toMessageView(outcome.stored);
    this.rooms.toUsers(context.memberIds, 'chat:message', { message });
    if (notice) this.outbox.dispatchSoon();
    // Derived from the stored messages and read markers, so nothing is lost if an instance
    // stops before pushing them: a client reads its counts again on every (re)connect.
    this.rooms.pushUnreadSoon(roomId);
    return { message, created: true };
  }

  /** Replaces the ciphertext of one of the caller's messages, under a new counter position. */
  async edit(
    caller: AuthUser,
    roomId: string,
    messageId: string,
    input: EditChatMessageDto,
  ): Promise<ChatMessageView> {
    assertSameRoom(roomId, input.roomId);
    const room = await this.rooms.memberRoom(caller, roomId);
    const existing = await this.ownMessage(caller, roomId, messageId);
    if (existing.deletedAt) throw AppException.conflict('A deleted message cannot be edited.');
    if (room.archivedAt) throw AppException.conflict('This room is archived.');
    await this.assertOwnDevice(caller, input.senderDeviceId);
    const row = await this.messages.edit(messageId, input);
    if (row === 'counter-reused') throw counterReused();
    const message = toMessageView(row);
    await this.rooms.toMembers(roomId, 'chat:message-edited', { message });
    return message;
  }

  /** Deletes the ciphertext of one of the caller's messages for good; a tombstone stays. */
  async remove(caller: AuthUser, roomId: string, messageId: string): Promise<ChatMessageView> {
    await this.rooms.memberRoom(caller, roomId);
    await this.ownMessage(caller, roomId, messageId);
    const row = await this.messages.tombstone(messageId);
    if (!row) throw AppException.notFound('No such message.');
    const message = toMessageView(row);
    await this.rooms.toMembers(roomId, 'chat:message-deleted', {
      roomId,
      messageId,
      deletedAt: message.deletedAt ?? new Date().toISOString(),
    });
    await this.rooms.pushUnread(roomId);
    return message;
  }

  /** Moves the caller's read marker to a message (never back); pushes the new unread count. */
  async markRead(caller: AuthUser, roomId: string, messageId: string): Promise<ChatReadResult> {
    await this.rooms.memberRoom(caller, roomId);
    const message = await this.messages.findInRoom(roomId, messageId);
    if (!message) throw AppException.notFound('No such message.');
    await this.roomsRepository.markRead(roomId, caller.id, message.id);
    const unread = (await this.roomsRepository.unreadByMember(roomId)).get(caller.id) ?? 0;
    await this.rooms.toMembers(roomId, 'chat:read', {
      roomId,
      userId: caller.id,
      messageId,
      at: new Date().toISOString(),
    });
    this.rooms.unreadTo(caller.id, roomId, unread);
    return { roomId, messageId, unread };
  }

  private resent(
    earlier: Parameters<typeof toMessageView>[0],
    roomId: string,
  ): { message: ChatMessageView; created: boolean } {
    if (earlier.roomId !== roomId)
      throw AppException.conflict('This clientMessageId was already used in another room.');
    return { message: toMessageView(earlier), created: false };
  }

  private async ownMessage(caller: AuthUser, roomId: string, messageId: string) {
    const message = await this.messages.findInRoom(roomId, messageId);
    if (!message) throw AppException.notFound('No such message.');
    if (message.senderUserId !== caller.id)
      throw AppException.forbidden('You can change only your own messages.');
    return message;
  }

  private async assertOwnDevice(caller: AuthUser, deviceId: string): Promise<void> {
    const device = await this.keys.device(deviceId);
    if (!device || device.userId !== caller.id || device.revokedAt) throw notOwnDevice();
  }
}

/** The body's `roomId`, when given, must be the path's: the ciphertext is bound to it. */
function assertSameRoom(pathRoomId: string, bodyRoomId: string | undefined): void {
  if (bodyRoomId !== undefined && bodyRoomId !== pathRoomId)
    throw AppException.validation('The request is invalid.', [
      { field: 'roomId', messages: ['roomId must be the room of the path'] },
    ]);
}

/**
 * Who a new message notifies: a direct message its other member; a mention the mentioned
 * members (those of the room only). Nobody for a plain message to a team room.
 */
function noticeFor(
  senderId: string,
  context: SendContext,
  mentions: string[],
): Pick<NotifyChatMessagePayload, 'recipientIds' | 'kind'> | undefined {
  const others = context.memberIds.filter((id) => id !== senderId);
  if (context.kind === ChatRoomKind.Direct)
    return others.length > 0 ? { recipientIds: others, kind: 'dm' } : undefined;
  const mentioned = [...new Set(mentions)].filter((id) => others.includes(id));
  return mentioned.length > 0 ? { recipientIds: mentioned, kind: 'mention' } : undefined;
}

function notOwnDevice(): AppException {
  return AppException.forbidden('senderDeviceId is not one of your active chat devices.');
}

function counterReused(): AppException {
  return AppException.conflict(
    'This (senderDeviceId, sessionId, counter) was already used: advance the counter.',
  );
}
