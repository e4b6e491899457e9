/**
 * @jest-environment node
 */
import 'fake-indexeddb/auto';

import type {
  ChatDeviceView,
  ChatKeyBackupView,
  ChatMailboxItemView,
  ChatMemberView,
  ChatMessageView,
} from '@poscalls4u/contracts';
import { E2eeBackupError, type EncryptedMessage } from '@poscalls4u/e2ee';

import { ChatKeyring } from './chat-keyring';
import { ChatConflictError, type ChatKeyServer } from './chat-server';
import { ChatKeyStore } from './key-store';

/** Argon2id at its floor: the same code path, fast enough for a unit test. */
const FAST_KDF = { memoryKiB: 64, iterations: 1, parallelism: 1 };
const ROOM = '5a3c1f0e-9a43-4d2b-8f1e-3f4f3d2a1b10';

/** The key routes of the API, in memory, with the server's own checks that matter here. */
class MemoryServer {
  readonly identities = new Map<string, { key: string; version: number }>();
  readonly devices = new Map<string, ChatDeviceView>();
  readonly backups = new Map<string, ChatKeyBackupView>();
  readonly mailbox: (ChatMailboxItemView & { toDeviceId: string })[] = [];
  private ids = 0;

  as(userId: string): ChatKeyServer {
    return {
      userKeys: async (of) => ({
        userId: of,
        identityKey: this.identities.get(of)?.key ?? null,
        identityVersion: this.identities.get(of)?.version ?? 0,
        devices: [...this.devices.values()].filter((d) => d.userId === of),
      }),
      putIdentity: async (identityKey) => {
        const version = (this.identities.get(userId)?.version ?? 0) + 1;
        this.identities.set(userId, { key: identityKey, version });
        return {
          userId,
          identityKey,
          identityVersion: version,
          updatedAt: new Date().toISOString(),
        };
      },
      registerDevice: async (request) => {
        const device: ChatDeviceView = {
          deviceId: request.deviceId,
          userId,
          signingKey: request.signingKey,
          encryptionKey: request.encryptionKey,
          signature: request.signature,
          createdAt: new Date().toISOString(),
          revokedAt: null,
        };
        this.devices.set(device.deviceId, device);
        return device;
      },
      getBackup: async () => this.backups.get(userId) ?? null,
      putBackup: async (request) => {
        if (request.version !== (this.backups.get(userId)?.version ?? 0) + 1) {
          throw new ChatConflictError();
        }
        const stored = { ...request, updatedAt: new Date().toISOString() };
        this.backups.set(userId, stored);
        return stored;
      },
      postMailbox: async (fromDeviceId, items) => {
        for (const item of items) {
          this.mailbox.push({
            ...item,
            id: String(++this.ids),
            fromUserId: userId,
            fromDeviceId,
            createdAt: new Date().toISOString(),
          });
        }
      },
      mailbox: async (deviceId) => {
        const items = this.mailbox.filter((item) => item.toDeviceId === deviceId);
        return { items, total: items.length, page: 1, pageSize: 100, nextCursor: null };
      },
      ackMailbox: async (ids) => {
        for (const id of ids) {
          const at = this.mailbox.findIndex((item) => item.id === id);
          if (at >= 0) this.mailbox.splice(at, 1);
        }
      },
    };
  }
}

function stored(message: EncryptedMessage, senderUserId: string, n: number): ChatMessageView {
  return {
    ...message,
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    senderUserId,
    clientMessageId: `c${n}`,
    createdAt: new Date().toISOString(),
    editedAt: null,
    deletedAt: null,
  };
}

const members: ChatMemberView[] = ['ada', 'sam'].map((userId) => ({
  userId,
  name: userId,
  joinedAt: '2020-01-01T00:00:00.000Z',
  leftAt: null,
  readMessageId: null,
}));

describe('ChatKeyring', () => {
  let server: MemoryServer;
  let dbCount = 0;
  const newStore = () => new ChatKeyStore(`chat-test-${++dbCount}`);
  const keyring = (userId: string, store: ChatKeyStore) =>
    new ChatKeyring(server.as(userId), store, userId, { kdfParams: FAST_KDF, backupDelayMs: 10 });

  beforeEach(() => {
    server = new MemoryServer();
  });

  it('sets up the first time, then uses the keys this browser holds', async () => {
    const store = newStore();
    const first = keyring('ada', store);
    expect(await first.start()).toEqual({ step: 'choose-passphrase', reason: 'first-time' });
    await first.setUp('correct horse battery');
    expect(server.identities.get('ada')?.version).toBe(1);
    expect(server.backups.get('ada')?.version).toBe(1);

    const again = keyring('ada', store);
    expect(await again.start()).toEqual({ step: 'ready' });
    expect(again.deviceId).toBe(first.deviceId);
  });

  it('refuses a short passphrase without creating anything', async () => {
    const ada = keyring('ada', newStore());
    await ada.start();
    await expect(ada.setUp('short')).rejects.toThrow(/at least 8/);
    expect(server.identities.size).toBe(0);
  });

  it('shares room sessions through the mailbox, decrypts, and restores the whole history on a new browser', async () => {
    const ada = keyring('ada', newStore());
    const sam = keyring('sam', newStore());
    await ada.start();
    await ada.setUp('ada passphrase');
    await sam.start();
    await sam.setUp('sam passphrase');

    const history: ChatMessageView[] = [];
    const send = async (from: ChatKeyring, text: string) => {
      const message = await from.encrypt(ROOM, ['ada', 'sam'], { v: 1, type: 'text', text });
      history.push(stored(message, from.userId, history.length + 1));
    };
    await send(ada, 'hello Sam');
    await sam.fetchMailbox();
    await send(sam, 'hello Ada');
    await ada.fetchMailbox();
    expect(server.mailbox).toHaveLength(0);

    for (const reader of [ada, sam]) {
      const texts = [];
      for (const m of history) texts.push(await reader.decrypt(m, members));
      expect(texts.map((t) => (t.state === 'ok' ? t.plaintext.text : t.state))).toEqual([
        'hello Sam',
        'hello Ada',
      ]);
    }
    await ada.flushBackup();
    expect(server.backups.get('ada')?.version).toBeGreaterThan(1);

    // A new browser: nothing held, a backup on the server.
    const restored = keyring('ada', newStore());
    expect(await restored.start()).toEqual({ step: 'restore' });
    await expect(restored.restore('wrong passphrase')).rejects.toBeInstanceOf(E2eeBackupError);
    await restored.restore('ada passphrase');
    expect(restored.deviceId).not.toBe(ada.deviceId);
    for (const m of history) {
      const opened = await restored.decrypt(m, members);
      expect(opened.state).toBe('ok');
    }

    // Sam's next message rotates nothing (a device joined) but reaches the new device too.
    await send(sam, 'welcome back');
    await restored.fetchMailbox();
    const last = await restored.decrypt(history[2] as ChatMessageView, members);
    expect(last).toEqual({ state: 'ok', plaintext: { v: 1, type: 'text', text: 'welcome back' } });
  });

  it('rotates the sending session when a device it was shared with is gone', async () => {
    const ada = keyring('ada', newStore());
    const sam = keyring('sam', newStore());
    await ada.start();
    await ada.setUp('ada passphrase');
    await sam.start();
    await sam.setUp('sam passphrase');
    const first = await ada.encrypt(ROOM, ['ada', 'sam'], { v: 1, type: 'text', text: 'one' });
    const samDevice = server.devices.get(sam.deviceId) as ChatDeviceView;
    server.devices.set(sam.deviceId, { ...samDevice, revokedAt: new Date().toISOString() });
    ada.forgetMember('sam');
    const second = await ada.encrypt(ROOM, ['ada', 'sam'], { v: 1, type: 'text', text: 'two' });
    expect(second.sessionId).not.toBe(first.sessionId);
  });

  it('without the passphrase, starting fresh replaces the identity and the old messages stay unreadable', async () => {
    const ada = keyring('ada', newStore());
    await ada.start();
    await ada.setUp('ada passphrase');
    const old = stored(
      await ada.encrypt(ROOM, ['ada'], { v: 1, type: 'text', text: 'before' }),
      'ada',
      1,
    );
    await ada.flushBackup();
    const before = server.backups.get('ada')?.version ?? 0;
    const fresh = keyring('ada', newStore());
    expect(await fresh.start()).toEqual({ step: 'restore' });
    await fresh.setUp('a new passphrase');
    expect(server.identities.get('ada')?.version).toBe(2);
    expect(server.backups.get('ada')?.version).toBe(before + 1);

    // The old browser's next backup must not overwrite the new identity's backup.
    await ada
      .encrypt('another-room', ['ada'], { v: 1, type: 'text', text: 'late' })
      .catch(() => null);
    await ada.flushBackup();
    expect(server.backups.get('ada')?.version).toBe(before + 1);
    expect((await fresh.decrypt(old, members)).state).toBe('failed');
    // The first browser's keys belong to the replaced identity: it must set up again.
    expect((await keyring('ada', newStore()).start()).step).toBe('restore');
  });

  it('shows deleted messages as tombstones and the safety fingerprint of a member', async () => {
    const ada = keyring('ada', newStore());
    await ada.start();
    await ada.setUp('ada passphrase');
    const tombstone = {
      ...stored(await ada.encrypt(ROOM, ['ada'], { v: 1, type: 'text', text: 'x' }), 'ada', 1),
      ciphertext: null,
      signature: null,
      deletedAt: new Date().toISOString(),
    };
    expect(await ada.decrypt(tombstone, members)).toEqual({ state: 'deleted' });
    expect(await ada.fingerprint('ada')).toMatch(/^\d{5}( \d{5}){5}$/);
    expect(ada.isVerified('ada')).toBe(false);
    await ada.markVerified('ada');
    expect(ada.isVerified('ada')).toBe(true);
  });
});
