import type { ChatMemberView, ChatMessageView } from '@poscalls4u/contracts';
import {
  BACKUP_KDF_PARAMS,
  type BackupKdfParams,
  type ChatPlaintext,
  type DecryptedMessage,
  E2eeInputError,
  E2eeVerificationError,
  type EncryptedMessage,
  type IdentityChange,
  InboundSessionStore,
  OutboundSession,
  TrustStore,
  type VerifiedDevice,
  createDevice,
  createIdentity,
  decryptBackup,
  encryptBackup,
  openBackup,
  openSealedSession,
  publicDevice,
  safetyFingerprint,
  sealBackup,
  sealSession,
  verifyDevice,
} from '@poscalls4u/e2ee';

import { ChatConflictError, type ChatKeyServer } from './chat-server';
import type { ChatKeyRecord, ChatKeyStore } from './key-store';

/** Where the device bootstrap stands when chat opens (see `ChatKeyring.start`). */
export type BootstrapStep =
  /** This browser holds working keys: chat is usable. */
  | { step: 'ready' }
  /** No keys here, a backup on the server: ask for the recovery passphrase (or start fresh). */
  | { step: 'restore' }
  /**
   * Choose a recovery passphrase to create new keys: the first time ever (`first-time`), or
   * when keys exist elsewhere but no backup does (`no-backup`, old messages stay unreadable).
   */
  | { step: 'choose-passphrase'; reason: 'first-time' | 'no-backup' };

/** A member's keys as this browser checked them. */
export interface MemberKeys {
  userId: string;
  identityKey: string | null;
  /** Their active devices whose signature by the identity key verified. */
  devices: VerifiedDevice[];
  /** What the trust store said about the identity key this time (null: no identity yet). */
  identity: IdentityChange | null;
  /** Devices the server listed that did not verify against the identity key (never used). */
  rejectedDevices: number;
}

/** A message as the conversation shows it. */
export type OpenedMessage =
  | { state: 'ok'; plaintext: ChatPlaintext }
  | { state: 'deleted' }
  | { state: 'failed'; reason: string; detail: string };

export interface KeyringOptions {
  /** Argon2id cost of new backups; the default is the library's production cost. */
  kdfParams?: BackupKdfParams;
  /** How long to gather new sessions before re-uploading the backup. */
  backupDelayMs?: number;
  /** Told when a backup upload is due (`pending`) and when it is done (`saved`). */
  onBackupState?: (state: 'pending' | 'saved') => void;
}

/**
 * One user's chat keys in this browser: the device bootstrap (use the keys held here, restore
 * them from the backup with the passphrase, or create them), the room sessions (share before
 * sending, rotate when the member devices change, open what arrives in the mailbox), message
 * encryption and verified decryption, and the backup kept up to date. Plain TypeScript over the
 * `ChatKeyServer` port and the IndexedDB `ChatKeyStore`; the Angular `ChatStore` drives it.
 */
export class ChatKeyring {
  private record: ChatKeyRecord | null = null;
  private inbound = new InboundSessionStore();
  /** Decryptions recorded replays since `record.inbound` was last copied from `inbound`. */
  private inboundChanged = false;
  private trust = new TrustStore();
  private readonly members = new Map<string, MemberKeys>();
  private readonly generations = new Map<string, number>();
  private backupTimer: ReturnType<typeof setTimeout> | null = null;
  private backupRunning: Promise<void> = Promise.resolve();
  /** Sends run one after the other: each advances the room's session counter. */
  private sending: Promise<unknown> = Promise.resolve();
  private mailboxRun: Promise<number> = Promise.resolve(0);

  constructor(
    private readonly server: ChatKeyServer,
    private readonly store: ChatKeyStore,
    readonly userId: string,
    private readonly options: KeyringOptions = {},
  ) {}

  get ready(): boolean {
    return this.record !== null;
  }

  get deviceId(): string {
    return this.current().device.deviceId;
  }

  /** Decides the bootstrap step; loads the keys when this browser holds working ones. */
  async start(): Promise<BootstrapStep> {
    const held = await this.store.load(this.userId);
    const own = await this.server.userKeys(this.userId);
    if (held) {
      const device = own.devices.find((d) => d.deviceId === held.device.deviceId);
      if (own.identityKey === held.identity.publicKey && device && !device.revokedAt) {
        this.adopt(held);
        return { step: 'ready' };
      }
      // Another browser started fresh, or this device was revoked: these keys are dead.
      await this.store.remove(this.userId);
    }
    const backup = own.identityKey === null ? null : await this.server.getBackup();
    if (backup) return { step: 'restore' };
    return {
      step: 'choose-passphrase',
      reason: own.identityKey === null ? 'first-time' : 'no-backup',
    };
  }

  /**
   * Restores the identity and every room session from the backup, then registers this browser
   * as a new device. Throws `E2eeBackupError('wrong-passphrase')` on a wrong passphrase.
   */
  async restore(passphrase: string): Promise<void> {
    const backup = await this.server.getBackup();
    if (!backup) throw new E2eeInputError('there is no backup to restore');
    const { payload, backupKey } = await decryptBackup(passphrase, backup, this.userId);
    const own = await this.server.userKeys(this.userId);
    if (own.identityKey !== payload.identity.publicKey) {
      throw new E2eeInputError('the backup holds an older identity than the current one');
    }
    const inbound = new InboundSessionStore();
    for (const share of payload.sessions) inbound.add(share);
    const device = createDevice(payload.identity, this.userId);
    await this.server.registerDevice(publicDevice(device));
    const record: ChatKeyRecord = {
      userId: this.userId,
      identity: payload.identity,
      device,
      outbound: {},
      inbound: inbound.toJSON(),
      trust: { v: 1, users: [] },
      backup: { key: backupKey, kdf: backup.kdf, version: backup.version },
    };
    await this.store.save(record);
    this.adopt(record);
  }

  /**
   * Creates a new identity and device and uploads the first backup under `passphrase`. Used the
   * first time and to "start fresh" (the old identity's messages stay unreadable for good).
   */
  async setUp(passphrase: string): Promise<void> {
    const identity = createIdentity();
    const device = createDevice(identity, this.userId);
    const inbound = new InboundSessionStore();
    // Derive first: a passphrase the library refuses must not leave a half-made identity behind.
    const { backup, backupKey } = await encryptBackup(
      passphrase,
      { v: 1, userId: this.userId, identity, sessions: [] },
      this.options.kdfParams ?? BACKUP_KDF_PARAMS,
    );
    await this.server.putIdentity(identity.publicKey);
    await this.server.registerDevice(publicDevice(device));
    const version = ((await this.server.getBackup())?.version ?? 0) + 1;
    await this.server.putBackup({ version, ...backup });
    const record: ChatKeyRecord = {
      userId: this.userId,
      identity,
      device,
      outbound: {},
      inbound: inbound.toJSON(),
      trust: { v: 1, users: [] },
      backup: { key: backupKey, kdf: backup.kdf, version },
    };
    await this.store.save(record);
    this.adopt(record);
  }

  /** The checked keys of `userId` (cached; `refresh` after a device or identity change). */
  async memberKeys(userId: string, refresh = false): Promise<MemberKeys> {
    const cached = this.members.get(userId);
    if (cached && !refresh) return cached;
    // A fetch that a newer change overtook must not overwrite the newer answer in the cache.
    const generation = (this.generations.get(userId) ?? 0) + 1;
    this.generations.set(userId, generation);
    const view = await this.server.userKeys(userId);
    const keys: MemberKeys = {
      userId,
      identityKey: view.identityKey,
      devices: [],
      identity: null,
      rejectedDevices: 0,
    };
    if (view.identityKey !== null) {
      keys.identity = this.trust.observeIdentity(userId, view.identityKey);
      for (const device of view.devices) {
        try {
          const verified = verifyDevice(device, view.identityKey, userId);
          if (!device.revokedAt) this.trust.observeDevice(verified);
          keys.devices.push(verified);
        } catch {
          keys.rejectedDevices++;
        }
      }
      this.current().trust = this.trust.toJSON();
      await this.persist();
    }
    if (this.generations.get(userId) === generation) this.members.set(userId, keys);
    return keys;
  }

  /** Forgets the cached keys of `userId` (a `chat:device-changed` or `chat:identity-changed`). */
  forgetMember(userId: string): void {
    this.members.delete(userId);
    this.generations.set(userId, (this.generations.get(userId) ?? 0) + 1);
  }

  /** The safety fingerprint of `userId`'s current identity key, or null before they set up chat. */
  async fingerprint(userId: string): Promise<string | null> {
    const keys = await this.memberKeys(userId);
    return keys.identityKey === null ? null : safetyFingerprint(userId, keys.identityKey);
  }

  isVerified(userId: string): boolean {
    return this.trust.isVerified(userId);
  }

  /** Records that `userId`'s fingerprint was compared and matched. */
  async markVerified(userId: string): Promise<void> {
    const keys = await this.memberKeys(userId);
    if (keys.identityKey === null) return;
    this.trust.markVerified(userId, keys.identityKey);
    this.current().trust = this.trust.toJSON();
    await this.persist();
  }

  /**
   * Encrypts `plaintext` for the room: first makes sure the room's sending session may still be
   * used by exactly the current member devices (a device gone means a new session) and is
   * sealed to every one of them through the mailbox.
   */
  encrypt(
    roomId: string,
    memberIds: readonly string[],
    plaintext: ChatPlaintext,
  ): Promise<EncryptedMessage> {
    const run = this.sending.then(() => this.encryptNow(roomId, memberIds, plaintext));
    this.sending = run.catch(() => undefined);
    return run;
  }

  private async encryptNow(
    roomId: string,
    memberIds: readonly string[],
    plaintext: ChatPlaintext,
  ): Promise<EncryptedMessage> {
    const record = this.current();
    const devices = new Map<string, VerifiedDevice>();
    for (const userId of new Set([...memberIds, this.userId])) {
      let keys = await this.memberKeys(userId);
      // Someone without keys may have set chat up since (an event can be missed while offline).
      if (keys.devices.length === 0) keys = await this.memberKeys(userId, true);
      for (const device of keys.devices) {
        if (!device.revokedAt) devices.set(device.deviceId, device);
      }
    }
    devices.delete(record.device.deviceId);
    const deviceIds = [record.device.deviceId, ...devices.keys()];

    const held = record.outbound[roomId];
    let session = held ? OutboundSession.fromJSON(held) : null;
    if (!session || session.mustRotateFor(deviceIds) || session.needsRotation()) {
      session = OutboundSession.create(roomId, record.device);
      // Our own messages must read back here, after a restore and on our other devices.
      this.inbound.add(session.share());
      record.inbound = this.inbound.toJSON();
      this.scheduleBackup();
    }
    const targets = session.devicesToShareWith(deviceIds);
    if (targets.length > 0) {
      const share = session.share();
      const items = targets.map((deviceId) => ({
        toDeviceId: deviceId,
        roomId,
        sessionId: session.sessionId,
        sealed: sealSession(share, devices.get(deviceId) as VerifiedDevice, record.device),
      }));
      await this.server.postMailbox(record.device.deviceId, items);
      session.markSharedWith(targets);
    }
    const message = session.encrypt(plaintext, record.device);
    // Stored before the message leaves: a counter must never be used twice.
    record.outbound[roomId] = session.toJSON();
    await this.persist();
    return message;
  }

  /**
   * Opens every sealed session waiting for this device; answers how many were added. Calls run
   * one after the other, so two callers never open the same items at once.
   */
  fetchMailbox(): Promise<number> {
    const run = this.mailboxRun.then(() => this.fetchMailboxNow());
    this.mailboxRun = run.catch(() => 0);
    return run;
  }

  private async fetchMailboxNow(): Promise<number> {
    const record = this.current();
    let added = 0;
    let cursor: string | null = null;
    do {
      const page = await this.server.mailbox(record.device.deviceId, cursor);
      const done: string[] = [];
      for (const item of page.items) {
        try {
          const sender = await this.senderDevice(item.fromUserId, item.fromDeviceId);
          if (sender) {
            const share = openSealedSession(item.sealed, item, record.device, sender);
            if (this.inbound.add(share)) added++;
          }
        } catch {
          // A forged or broken item can never be opened: drop it like an opened one.
        }
        done.push(item.id);
      }
      record.inbound = this.inbound.toJSON();
      await this.persist();
      if (done.length > 0) await this.server.ackMailbox(done);
      cursor = page.nextCursor;
    } while (cursor !== null);
    if (added > 0) this.scheduleBackup();
    return added;
  }

  /**
   * Verifies and decrypts a message of a room. `members` are the room's membership periods: the
   * sender must have been a member when the message was stored.
   */
  async decrypt(
    message: ChatMessageView,
    members: readonly ChatMemberView[],
  ): Promise<OpenedMessage> {
    if (message.deletedAt || message.ciphertext === null || message.signature === null) {
      return { state: 'deleted' };
    }
    const sender = await this.senderDevice(message.senderUserId, message.senderDeviceId);
    if (!sender) {
      return failed('bad-device-signature', 'The sending device is not signed by its owner.');
    }
    const at = Date.parse(message.createdAt);
    const senderIsMember = members.some(
      (m) =>
        m.userId === message.senderUserId &&
        Date.parse(m.joinedAt) <= at + 1000 &&
        (m.leftAt === null || at <= Date.parse(m.leftAt) + 1000),
    );
    try {
      const opened: DecryptedMessage = await this.inbound.decrypt(
        {
          id: message.id,
          roomId: message.roomId,
          senderUserId: message.senderUserId,
          senderDeviceId: message.senderDeviceId,
          sessionId: message.sessionId,
          counter: message.counter,
          ciphertext: message.ciphertext,
          signature: message.signature,
          createdAt: message.createdAt,
        },
        { senderDevice: sender, senderIsMember },
      );
      // The replay record changed: copied into the stored record when it is next saved, not here
      // (a copy of every session's record on every message grew with the history read).
      this.inboundChanged = true;
      return { state: 'ok', plaintext: opened.plaintext };
    } catch (error) {
      if (error instanceof E2eeVerificationError)
        return failed(error.reason, describe(error.reason));
      throw error;
    }
  }

  /** Stores what decryptions recorded (the replay record), once per batch. */
  async saveState(): Promise<void> {
    await this.persist();
  }

  /** Uploads the backup now if one is scheduled (and waits for a running one). */
  async flushBackup(): Promise<void> {
    if (this.backupTimer !== null) {
      clearTimeout(this.backupTimer);
      this.backupTimer = null;
      this.backupRunning = this.backupRunning.then(() => this.uploadBackup());
    }
    await this.backupRunning;
  }

  /** Stops the pending backup timer (the chat closes); the next start uploads what is missing. */
  dispose(): void {
    if (this.backupTimer !== null) clearTimeout(this.backupTimer);
    this.backupTimer = null;
  }

  /** Re-uploads the backup a little later, so a burst of new sessions makes one upload. */
  private scheduleBackup(): void {
    if (this.backupTimer !== null) return;
    this.options.onBackupState?.('pending');
    this.backupTimer = setTimeout(() => {
      this.backupTimer = null;
      this.backupRunning = this.backupRunning.then(() => this.uploadBackup());
    }, this.options.backupDelayMs ?? 2000);
  }

  private async uploadBackup(): Promise<void> {
    const record = this.record;
    if (!record?.backup) return;
    const { key, kdf } = record.backup;
    for (let attempt = 0; attempt < 3; attempt++) {
      const version: number = record.backup.version + 1;
      const sealed = sealBackup(key, kdf, {
        v: 1,
        userId: this.userId,
        identity: record.identity,
        sessions: this.inbound.shares(),
      });
      try {
        await this.server.putBackup({ version, ...sealed });
        record.backup = { key, kdf, version };
        await this.persist();
        if (this.backupTimer === null) this.options.onBackupState?.('saved');
        return;
      } catch (error) {
        if (!(error instanceof ChatConflictError)) throw error;
        // Another device of ours uploaded meanwhile: take in its sessions, then go after it.
        const latest = await this.server.getBackup();
        if (!latest) continue;
        let theirs;
        try {
          theirs = openBackup(key, latest, this.userId);
        } catch {
          // Another passphrase (a fresh start elsewhere): never overwrite that backup.
          return;
        }
        if (theirs.identity.publicKey !== record.identity.publicKey) return;
        for (const share of theirs.sessions) this.inbound.add(share);
        record.inbound = this.inbound.toJSON();
        record.backup = { key, kdf, version: latest.version };
      }
    }
  }

  /** The verified sending device, fetching its user's keys again once if it is new to us. */
  private async senderDevice(userId: string, deviceId: string): Promise<VerifiedDevice | null> {
    const find = (keys: MemberKeys) => keys.devices.find((d) => d.deviceId === deviceId) ?? null;
    const device = find(await this.memberKeys(userId));
    return device ?? find(await this.memberKeys(userId, true));
  }

  private adopt(record: ChatKeyRecord): void {
    this.record = record;
    this.inbound = InboundSessionStore.fromJSON(record.inbound);
    this.inboundChanged = false;
    this.trust = TrustStore.fromJSON(record.trust);
    this.members.clear();
  }

  private current(): ChatKeyRecord {
    if (!this.record) throw new E2eeInputError('chat keys are not set up in this browser');
    return this.record;
  }

  private async persist(): Promise<void> {
    if (!this.record) return;
    if (this.inboundChanged) {
      this.record.inbound = this.inbound.toJSON();
      this.inboundChanged = false;
    }
    await this.store.save(this.record);
  }
}

function failed(reason: string, detail: string): OpenedMessage {
  return { state: 'failed', reason, detail };
}

/** The words the conversation shows for a message that cannot be shown. */
export function describe(reason: string): string {
  switch (reason) {
    case 'unknown-session':
      return 'Waiting for the key of this message.';
    case 'counter-before-session':
      return 'Sent before you could read this room from this device.';
    case 'not-a-member':
      return 'The sender was not a member of this room.';
    case 'device-revoked':
      return 'Sent from a device its owner had removed.';
    case 'replay':
      return 'A repeated message was refused.';
    case 'bad-signature':
    case 'bad-ciphertext':
    case 'session-mismatch':
    case 'malformed':
      return 'This message failed its integrity check and was refused.';
    default:
      return 'The sending device is not signed by its owner.';
  }
}
