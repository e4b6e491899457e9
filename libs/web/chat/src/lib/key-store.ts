import { DBSchema, IDBPDatabase, openDB } from 'idb';

import type {
  BackupKdf,
  DeviceKeyPair,
  IdentityKeyPair,
  InboundStoreState,
  OutboundSessionState,
  TrustStoreState,
} from '@poscalls4u/e2ee';

/**
 * Everything this browser keeps for one user's chat, in one IndexedDB record: the identity and
 * this device's private keys, the sending sessions per room, every room session received, what
 * was seen of other people's keys, and the backup key (derived once from the recovery passphrase,
 * so later backups need no new Argon2 run). None of it ever leaves the browser unencrypted.
 */
export interface ChatKeyRecord {
  userId: string;
  identity: IdentityKeyPair;
  device: DeviceKeyPair;
  /** Room id -> this device's sending session in it. */
  outbound: Record<string, OutboundSessionState>;
  inbound: InboundStoreState;
  trust: TrustStoreState;
  /** Null until a passphrase was chosen or entered on this browser. */
  backup: { key: string; kdf: BackupKdf; version: number } | null;
}

interface ChatKeysDb extends DBSchema {
  accounts: { key: string; value: ChatKeyRecord };
}

export const CHAT_KEYS_DB = 'poscalls4u-chat-keys';

/** The IndexedDB key store: one record per user who used chat in this browser. */
export class ChatKeyStore {
  private db: Promise<IDBPDatabase<ChatKeysDb>> | null = null;

  constructor(private readonly name: string = CHAT_KEYS_DB) {}

  private open(): Promise<IDBPDatabase<ChatKeysDb>> {
    this.db ??= openDB<ChatKeysDb>(this.name, 1, {
      upgrade(db) {
        db.createObjectStore('accounts', { keyPath: 'userId' });
      },
    });
    return this.db;
  }

  async load(userId: string): Promise<ChatKeyRecord | null> {
    return (await (await this.open()).get('accounts', userId)) ?? null;
  }

  async save(record: ChatKeyRecord): Promise<void> {
    await (await this.open()).put('accounts', record);
  }

  /** Forgets this browser's keys of `userId` (another browser started fresh, or this device was revoked). */
  async remove(userId: string): Promise<void> {
    await (await this.open()).delete('accounts', userId);
  }

  close(): void {
    void this.db?.then((db) => db.close());
    this.db = null;
  }
}
