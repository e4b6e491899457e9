import {
  ChatDeviceView,
  ChatKeyBackupKdf,
  ChatKeyBackupView,
  ChatMailboxItemView,
  ChatMemberView,
  ChatMessageView,
} from '@poscalls4u/contracts';

import type { ChatDeviceRow, ChatKeyBackupRow, ChatMailboxRow } from './chat-keys.repository';
import type { ChatMessageRow } from './chat-messages.repository';
import type { ChatMemberRecord } from './chat-rooms.repository';

/** Rows to the contract's views: ISO times, and only the fields the wire contract names. */

export function toMessageView(row: ChatMessageRow): ChatMessageView {
  return {
    id: row.id,
    roomId: row.roomId,
    senderUserId: row.senderUserId,
    senderDeviceId: row.senderDeviceId,
    sessionId: row.sessionId,
    counter: row.counter,
    clientMessageId: row.clientMessageId,
    ciphertext: row.ciphertext,
    signature: row.signature,
    createdAt: row.createdAt.toISOString(),
    editedAt: row.editedAt?.toISOString() ?? null,
    deletedAt: row.deletedAt?.toISOString() ?? null,
  };
}

export function toMemberView(row: ChatMemberRecord): ChatMemberView {
  return {
    userId: row.userId,
    name: row.name,
    joinedAt: row.joinedAt.toISOString(),
    leftAt: row.leftAt?.toISOString() ?? null,
    ...(row.readMessageId === undefined ? {} : { readMessageId: row.readMessageId }),
  };
}

export function toDeviceView(row: ChatDeviceRow): ChatDeviceView {
  return {
    deviceId: row.deviceId,
    userId: row.userId,
    signingKey: row.signingKey,
    encryptionKey: row.encryptionKey,
    signature: row.signature,
    createdAt: row.createdAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

export function toMailboxView(row: ChatMailboxRow): ChatMailboxItemView {
  return {
    id: row.id,
    fromUserId: row.fromUserId,
    fromDeviceId: row.fromDeviceId,
    roomId: row.roomId,
    sessionId: row.sessionId,
    sealed: row.sealed,
    createdAt: row.createdAt.toISOString(),
  };
}

export function toBackupView(row: ChatKeyBackupRow): ChatKeyBackupView {
  return {
    version: row.version,
    kdf: row.kdf as ChatKeyBackupKdf,
    ciphertext: row.ciphertext,
    updatedAt: row.updatedAt.toISOString(),
  };
}
