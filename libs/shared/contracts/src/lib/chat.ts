import { CursorPage, CursorPageQuery } from './envelope';

/**
 * End-to-end encrypted chat (`/api/chat`, design in docs/e2ee.md). The server treats every crypto
 * field as an opaque base64url string (no padding): it checks presence, length caps and
 * membership, never the content.
 */

/** The largest decoded size, in bytes, of each opaque field. */
export const CHAT_LIMITS = {
  /** Ed25519 / X25519 public keys: 32 bytes. */
  publicKeyBytes: 32,
  /** Ed25519 signatures: 64 bytes. */
  signatureBytes: 64,
  /** A message's ciphertext. */
  ciphertextBytes: 24 * 1024,
  /** A sealed room key in the mailbox. */
  sealedBytes: 4 * 1024,
  /** A key backup's ciphertext. */
  backupBytes: 2 * 1024 * 1024,
  /** A sender session id. */
  sessionIdChars: 128,
  /** Items per mailbox post. */
  mailboxItemsPerPost: 500,
  /** Mentions per message. */
  mentionsPerMessage: 50,
  /** Text of a message, inside the ciphertext (checked by clients). */
  textChars: 4000,
} as const;

/**
 * Unread counts stop at this number (show "99+" from 100): a count is read after every message,
 * for every member, so it never scans more than this many messages of a room.
 */
export const CHAT_UNREAD_CAP = 100;

/** The base64url length of `bytes` bytes, without padding. */
export function base64UrlLength(bytes: number): number {
  return Math.ceil((bytes * 4) / 3);
}

/** The header naming the sending device of a key-mailbox post. */
export const CHAT_DEVICE_HEADER = 'x-chat-device';

export const ChatRoomKind = {
  /** A team's room: its members and supervisors, in step with the team. */
  Team: 'team',
  /** Two users. */
  Direct: 'direct',
  /** An agent and the supervisors of one of their teams ("Ask a supervisor"). */
  AskSupervisor: 'ask_supervisor',
} as const;

export type ChatRoomKind = (typeof ChatRoomKind)[keyof typeof ChatRoomKind];

export const CHAT_ROOM_KINDS = Object.values(ChatRoomKind);

/** One membership period of a room's member (a member who left and came back has two). */
export interface ChatMemberView {
  userId: string;
  name: string;
  joinedAt: string;
  /** Null while a member. */
  leftAt: string | null;
  /**
   * The newest message this member has read (their read marker), null before they read any: a
   * console shows its own messages up to there as read as soon as it opens the room. In the
   * room's detail (`GET /api/chat/rooms/:id`) only; a `chat:room-changed` event leaves it out.
   */
  readMessageId?: string | null;
}

/** A room in the caller's list. */
export interface ChatRoomView {
  id: string;
  kind: ChatRoomKind;
  /** The team's name, or the other people's names. */
  title: string;
  teamId: string | null;
  /** Current members' ids. */
  memberIds: string[];
  /** Messages of others after your read marker, up to `CHAT_UNREAD_CAP`. */
  unread: number;
  /** The newest message's time (the room's creation while empty). */
  lastActivityAt: string;
  createdAt: string;
  /** A team room of an archived team: readable, no longer written to. */
  archivedAt: string | null;
}

/** `GET /api/chat/rooms/:id`: the room and every membership period (current and past). */
export interface ChatRoomDetailView extends ChatRoomView {
  members: ChatMemberView[];
}

export interface ChatRoomResult {
  room: ChatRoomDetailView;
}

/** `POST /api/chat/direct`. */
export interface OpenDirectRequest {
  userId: string;
}

/** `POST /api/chat/ask-supervisor`. */
export interface AskSupervisorRequest {
  callId: string;
}

/** A stored message: ciphertext only. A deleted one keeps its place with nulls and `deletedAt`. */
export interface ChatMessageView {
  id: string;
  roomId: string;
  senderUserId: string;
  senderDeviceId: string;
  sessionId: string;
  counter: number;
  clientMessageId: string;
  ciphertext: string | null;
  signature: string | null;
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
}

export interface ChatMessageResult {
  message: ChatMessageView;
}

/** `POST /api/chat/rooms/:roomId/messages`. */
export interface SendChatMessageRequest {
  /** Optional (the library's encrypted message carries it): must be the path's room. */
  roomId?: string;
  /** Chosen by the client (uuid): sending it again answers the same message (200). */
  clientMessageId: string;
  senderDeviceId: string;
  sessionId: string;
  counter: number;
  ciphertext: string;
  signature: string;
  /** Members to notify (their notification carries no text). */
  mentions?: string[];
}

/** `PATCH /api/chat/rooms/:roomId/messages/:messageId`: the new ciphertext, under a fresh counter. */
export interface EditChatMessageRequest {
  /** Optional (the library's encrypted message carries it): must be the path's room. */
  roomId?: string;
  senderDeviceId: string;
  sessionId: string;
  counter: number;
  ciphertext: string;
  signature: string;
}

/** `GET /api/chat/rooms/:roomId/messages`: newest first; `before` is the previous `nextCursor`. */
export interface ListChatMessagesQuery extends CursorPageQuery {
  before?: string;
}

export type ChatMessagePage = CursorPage<ChatMessageView>;

/** `POST /api/chat/rooms/:roomId/read`. */
export interface MarkChatReadRequest {
  messageId: string;
}

export interface ChatReadResult {
  roomId: string;
  messageId: string;
  unread: number;
}

/** `PUT /api/chat/identity`. */
export interface PutChatIdentityRequest {
  identityKey: string;
}

export interface ChatIdentityView {
  userId: string;
  identityKey: string;
  identityVersion: number;
  updatedAt: string;
}

export interface ChatIdentityResult {
  identity: ChatIdentityView;
}

/** `POST /api/chat/devices`. */
export interface RegisterChatDeviceRequest {
  deviceId: string;
  /** Optional (the library's public device carries it): must be the caller's id. */
  userId?: string;
  signingKey: string;
  encryptionKey: string;
  /** Identity-key signature over `poscalls4u-device-v1|<userId>|<deviceId>|<signingKey>|<encryptionKey>`. */
  signature: string;
}

export interface ChatDeviceView {
  deviceId: string;
  userId: string;
  signingKey: string;
  encryptionKey: string;
  signature: string;
  createdAt: string;
  revokedAt: string | null;
}

export interface ChatDeviceResult {
  device: ChatDeviceView;
}

/** `GET /api/chat/users/:userId/keys`. */
export interface ChatUserKeysView {
  userId: string;
  /** Null until the user set up chat. */
  identityKey: string | null;
  identityVersion: number;
  devices: ChatDeviceView[];
}

export interface ChatUserKeysResult {
  keys: ChatUserKeysView;
}

export interface ChatMailboxItemInput {
  toDeviceId: string;
  roomId: string;
  sessionId: string;
  sealed: string;
}

/** `POST /api/chat/key-mailbox` (header `X-Chat-Device`: the sending device). */
export interface PostChatMailboxRequest {
  items: ChatMailboxItemInput[];
}

export interface PostChatMailboxResult {
  stored: number;
}

export interface ChatMailboxItemView {
  id: string;
  fromUserId: string;
  fromDeviceId: string;
  roomId: string;
  sessionId: string;
  sealed: string;
  createdAt: string;
}

export interface ListChatMailboxQuery extends CursorPageQuery {
  deviceId: string;
}

export type ChatMailboxPage = CursorPage<ChatMailboxItemView>;

/** `POST /api/chat/key-mailbox/ack`. */
export interface AckChatMailboxRequest {
  ids: string[];
}

export interface AckChatMailboxResult {
  deleted: number;
}

export interface ChatKeyBackupKdf {
  algorithm: 'argon2id';
  memoryKiB: number;
  iterations: number;
  parallelism: number;
  salt: string;
}

/** `PUT /api/chat/key-backup`: `version` must be the stored one + 1 (1 for the first). */
export interface PutChatKeyBackupRequest {
  version: number;
  kdf: ChatKeyBackupKdf;
  ciphertext: string;
}

export interface ChatKeyBackupView {
  version: number;
  kdf: ChatKeyBackupKdf;
  ciphertext: string;
  updatedAt: string;
}

export interface ChatKeyBackupResult {
  backup: ChatKeyBackupView;
}

/* Socket events (to the users' own rooms; only current members of the room receive them). */

export interface ChatMessageEvent {
  message: ChatMessageView;
}

export interface ChatMessageDeletedEvent {
  roomId: string;
  messageId: string;
  deletedAt: string;
}

/** A member read up to `messageId` (for delivery state). */
export interface ChatReadEvent {
  roomId: string;
  userId: string;
  messageId: string;
  at: string;
}

/** The receiving user's unread count in a room, now (up to `CHAT_UNREAD_CAP`). */
export interface ChatUnreadEvent {
  roomId: string;
  unread: number;
}

/**
 * A room's membership changed (or the room was created or archived): rotate the sender session
 * when someone left; share it with the new members' devices when someone joined.
 */
export interface ChatRoomChangedEvent {
  roomId: string;
  change: 'created' | 'members' | 'archived';
  added: ChatMemberView[];
  removed: ChatMemberView[];
  memberIds: string[];
  at: string;
}

/** Sealed room keys wait for one of the user's devices. */
export interface ChatKeyMailboxEvent {
  deviceId: string;
  count: number;
}

/** A user replaced their identity key ("start fresh"): to the rooms they share. */
export interface ChatIdentityChangedEvent {
  userId: string;
  identityVersion: number;
  at: string;
}

/** A user added or revoked a device: to the rooms they share (and their own sessions). */
export interface ChatDeviceChangedEvent {
  userId: string;
  deviceId: string;
  change: 'added' | 'revoked';
  at: string;
}
