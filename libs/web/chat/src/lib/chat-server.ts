import type {
  ChatDeviceView,
  ChatIdentityView,
  ChatKeyBackupView,
  ChatMailboxItemInput,
  ChatMailboxPage,
  ChatUserKeysView,
  PutChatKeyBackupRequest,
  RegisterChatDeviceRequest,
} from '@poscalls4u/contracts';

/**
 * The key routes of `/api/chat` the keyring needs, as promises. `ChatApi` implements it over
 * HttpClient; the keyring's unit tests implement it in memory, so the bootstrap and the crypto
 * are tested without a browser or a server.
 */
export interface ChatKeyServer {
  userKeys(userId: string): Promise<ChatUserKeysView>;
  putIdentity(identityKey: string): Promise<ChatIdentityView>;
  registerDevice(request: RegisterChatDeviceRequest): Promise<ChatDeviceView>;
  /** Null when the user has no backup yet (the API answers 404). */
  getBackup(): Promise<ChatKeyBackupView | null>;
  /** Throws `ChatConflictError` when `version` is not the stored one + 1 (another device won). */
  putBackup(request: PutChatKeyBackupRequest): Promise<ChatKeyBackupView>;
  postMailbox(fromDeviceId: string, items: ChatMailboxItemInput[]): Promise<void>;
  mailbox(deviceId: string, cursor: string | null): Promise<ChatMailboxPage>;
  ackMailbox(ids: string[]): Promise<void>;
}

/** The API answered 409 (a stale backup version, a reused message counter). */
export class ChatConflictError extends Error {
  constructor(message = 'conflict') {
    super(message);
    this.name = 'ChatConflictError';
  }
}
