import { fromBase64Url, fromUtf8, labelled, toBase64Url, utf8 } from './encoding';
import { E2eeInputError, E2eeVerificationError } from './errors';
import type { DeviceKeyPair, VerifiedDevice } from './identity';
import { type ChatPlaintext, checkPlaintext } from './plaintext';
import {
  KEY_LENGTH,
  NONCE_LENGTH,
  SIGNATURE_LENGTH,
  derive,
  open,
  randomBytes,
  seal,
  sign,
  verifyFast,
} from './primitives';

/**
 * Room sessions in the Megolm / sender-key pattern (docs/e2ee.md): one session per room per
 * sending device, a chain key that ratchets forward with HKDF once per message, so a holder of the
 * session at index i reads messages i, i+1, ... and nothing earlier.
 */

/** A session as handed to another device (sealed) or kept in a backup: the chain at `index`. */
export interface SessionShare {
  v: 1;
  roomId: string;
  sessionId: string;
  senderUserId: string;
  senderDeviceId: string;
  /** The counter of the first message this share can decrypt. */
  index: number;
  /** The chain key at `index` (base64url, 32 bytes). */
  chainKey: string;
}

/** An outbound session's stored state (IndexedDB). */
export interface OutboundSessionState extends SessionShare {
  /** ISO time the session was created, for the age-based rotation. */
  createdAt: string;
  /** The devices (ids) this session was sealed to, which decides when it must be rotated. */
  sharedWith: string[];
}

/** A message as encrypted by the sender: the crypto fields of `POST /api/chat/rooms/:roomId/messages`. */
export interface EncryptedMessage {
  roomId: string;
  senderDeviceId: string;
  sessionId: string;
  counter: number;
  ciphertext: string;
  signature: string;
}

/** A message as read back from the server (`ciphertext` and `signature` present: not deleted). */
export interface ReceivedMessage extends EncryptedMessage {
  /** The server's message id: reading the same message again is not a replay. */
  id?: string;
  senderUserId?: string;
  /** ISO time the server stored it, compared with the sender device's revocation time. */
  createdAt?: string;
}

/** What the caller knows about the sender, from the room's member list and the device keys. */
export interface DecryptContext {
  /** The sending device, checked against its user's identity key by `verifyDevice`. */
  senderDevice: VerifiedDevice;
  /** Whether the sender's user is a member of the room (the client's view of membership). */
  senderIsMember: boolean;
}

export interface DecryptedMessage {
  plaintext: ChatPlaintext;
  roomId: string;
  senderUserId: string;
  senderDeviceId: string;
  sessionId: string;
  counter: number;
}

/** When a sending device should drop its session and start a new one (besides membership changes). */
export interface RotationPolicy {
  maxMessages: number;
  maxAgeMs: number;
}

export const DEFAULT_ROTATION: RotationPolicy = {
  maxMessages: 1000,
  maxAgeMs: 7 * 24 * 60 * 60 * 1000,
};

/** Wire caps of the chat API (docs/e2ee.md, the wire contract). */
export const MAX_CIPHERTEXT_LENGTH = 24 * 1024;

/**
 * No session ever goes past this counter: it bounds how far a receiver ratchets for one message,
 * so a forged huge counter cannot make a browser spin.
 */
export const MAX_SESSION_MESSAGES = 100_000;

const RATCHET_INFO = utf8('poscalls4u-megolm-v1|ratchet');
const MESSAGE_AD = 'poscalls4u-msg-v1';
const MESSAGE_SIGNATURE = 'poscalls4u-msg-sig-v1';
/** Inbound ratchets keep the chain key every this many steps in memory, for paging history backwards. */
const CHECKPOINT_EVERY = 64;

/** One ratchet step: the key of message `i` and the chain key of `i + 1`. */
function step(chainKey: Uint8Array): { messageKey: Uint8Array; next: Uint8Array } {
  const out = derive(chainKey, RATCHET_INFO, 2 * KEY_LENGTH);
  return { messageKey: out.subarray(0, KEY_LENGTH), next: out.subarray(KEY_LENGTH) };
}

function messageAd(m: Omit<EncryptedMessage, 'ciphertext' | 'signature'>): Uint8Array {
  return labelled(MESSAGE_AD, m.roomId, m.senderDeviceId, m.sessionId, m.counter);
}

function signedMessage(m: EncryptedMessage): Uint8Array<ArrayBuffer> {
  return labelled(
    MESSAGE_SIGNATURE,
    m.roomId,
    m.senderDeviceId,
    m.sessionId,
    m.counter,
    m.ciphertext,
  );
}

/** This device's sending session in one room. Persist `toJSON()` before sending what `encrypt` returns. */
export class OutboundSession {
  private constructor(private state: OutboundSessionState) {}

  static create(roomId: string, device: DeviceKeyPair, now: Date = new Date()): OutboundSession {
    if (!roomId) throw new E2eeInputError('a session needs a room id');
    return new OutboundSession({
      v: 1,
      roomId,
      sessionId: toBase64Url(randomBytes(16)),
      senderUserId: device.userId,
      senderDeviceId: device.deviceId,
      index: 0,
      chainKey: toBase64Url(randomBytes(KEY_LENGTH)),
      createdAt: now.toISOString(),
      sharedWith: [device.deviceId],
    });
  }

  static fromJSON(state: OutboundSessionState): OutboundSession {
    checkShare(state);
    if (Number.isNaN(Date.parse(state.createdAt)) || !Array.isArray(state.sharedWith)) {
      throw new E2eeVerificationError('malformed', 'the outbound session state is incomplete');
    }
    return new OutboundSession({ ...state, sharedWith: [...state.sharedWith] });
  }

  toJSON(): OutboundSessionState {
    return { ...this.state, sharedWith: [...this.state.sharedWith] };
  }

  get sessionId(): string {
    return this.state.sessionId;
  }

  get roomId(): string {
    return this.state.roomId;
  }

  /** The counter the next message will carry (= messages sent so far). */
  get counter(): number {
    return this.state.index;
  }

  /**
   * The session from the next message on, to seal for a member device (and to add to this
   * device's own inbound store right after `create`, so its own messages decrypt and are backed up).
   */
  share(): SessionShare {
    return shareOf(this.state);
  }

  /**
   * Whether this session must be dropped before the next message because a device it was shared
   * with is no longer one of the room's member devices (`currentDeviceIds`: the verified, unrevoked
   * devices of the current members, this device included): a member left or was removed, a device
   * was revoked, or a member's identity key changed (their old devices no longer verify).
   */
  mustRotateFor(currentDeviceIds: readonly string[]): boolean {
    const current = new Set(currentDeviceIds);
    return this.state.sharedWith.some((deviceId) => !current.has(deviceId));
  }

  /** The member devices that do not hold this session yet (new members, new devices). */
  devicesToShareWith(currentDeviceIds: readonly string[]): string[] {
    const shared = new Set(this.state.sharedWith);
    return [...new Set(currentDeviceIds)].filter((deviceId) => !shared.has(deviceId));
  }

  /** Records the devices the session was sealed to (after the mailbox accepted the items). */
  markSharedWith(deviceIds: readonly string[]): void {
    const shared = new Set([...this.state.sharedWith, ...deviceIds]);
    this.state = { ...this.state, sharedWith: [...shared] };
  }

  /** Whether the session is old or used enough to be replaced (besides membership changes). */
  needsRotation(now: Date = new Date(), policy: RotationPolicy = DEFAULT_ROTATION): boolean {
    const age = now.getTime() - Date.parse(this.state.createdAt);
    return this.state.index >= policy.maxMessages || age >= policy.maxAgeMs;
  }

  /** Encrypts and signs one message, advancing the chain (edits are new messages too). */
  encrypt(plaintext: ChatPlaintext, device: DeviceKeyPair): EncryptedMessage {
    checkPlaintext(plaintext, 'encrypt');
    if (
      device.deviceId !== this.state.senderDeviceId ||
      device.userId !== this.state.senderUserId
    ) {
      throw new E2eeInputError('this session belongs to another device');
    }
    if (this.state.index >= MAX_SESSION_MESSAGES) {
      throw new E2eeInputError('this session is exhausted: rotate it');
    }
    const { messageKey, next } = step(fromBase64Url(this.state.chainKey, 'chain key', KEY_LENGTH));
    const header = {
      roomId: this.state.roomId,
      senderDeviceId: this.state.senderDeviceId,
      sessionId: this.state.sessionId,
      counter: this.state.index,
    };
    const nonce = randomBytes(NONCE_LENGTH);
    const sealed = seal(messageKey, nonce, utf8(JSON.stringify(plaintext)), messageAd(header));
    const ciphertext = toBase64Url(concat(nonce, sealed));
    if (ciphertext.length > MAX_CIPHERTEXT_LENGTH) {
      throw new E2eeInputError('the message is too large once encrypted');
    }
    const unsigned = { ...header, ciphertext, signature: '' };
    const signature = sign(
      signedMessage(unsigned),
      fromBase64Url(device.signingSecretKey, 'device signing secret', KEY_LENGTH),
    );
    this.state = { ...this.state, index: this.state.index + 1, chainKey: toBase64Url(next) };
    return { ...unsigned, signature: toBase64Url(signature) };
  }
}

/** A received session as stored: the earliest index held, and the messages already read. */
export interface InboundSessionState extends SessionShare {
  /** counter -> server message id ('' when unknown) of every message decrypted, for replays. */
  seen: Record<string, string>;
}

export interface InboundStoreState {
  v: 1;
  sessions: InboundSessionState[];
}

/** Walks one inbound chain forward from the earliest index held, remembering a few chain keys. */
class Ratchet {
  private readonly checkpoints = new Map<number, Uint8Array>();
  private last: { index: number; chainKey: Uint8Array };

  constructor(
    private readonly firstIndex: number,
    firstChainKey: Uint8Array,
  ) {
    this.last = { index: firstIndex, chainKey: firstChainKey };
    this.checkpoints.set(firstIndex, firstChainKey);
  }

  messageKey(counter: number): Uint8Array {
    let index = this.firstIndex;
    let chainKey = this.checkpoints.get(this.firstIndex) as Uint8Array;
    for (
      let c = counter - (counter % CHECKPOINT_EVERY);
      c > this.firstIndex;
      c -= CHECKPOINT_EVERY
    ) {
      const found = this.checkpoints.get(c);
      if (found) {
        index = c;
        chainKey = found;
        break;
      }
    }
    if (this.last.index <= counter && this.last.index > index) {
      index = this.last.index;
      chainKey = this.last.chainKey;
    }
    for (;;) {
      const { messageKey, next } = step(chainKey);
      if (index === counter) {
        this.last = { index: index + 1, chainKey: next };
        return messageKey;
      }
      index++;
      chainKey = next;
      if (index % CHECKPOINT_EVERY === 0) this.checkpoints.set(index, chainKey);
    }
  }
}

/**
 * Every room session this device holds, from every sender, keyed by (sender device, session id).
 * `toJSON()` is what the console keeps in IndexedDB and what goes into the key backup.
 */
export class InboundSessionStore {
  private readonly sessions = new Map<string, InboundSessionState>();
  private readonly ratchets = new Map<string, Ratchet>();

  static fromJSON(state: InboundStoreState): InboundSessionStore {
    const store = new InboundSessionStore();
    for (const session of state.sessions) {
      checkShare(session);
      store.sessions.set(keyOf(session.senderDeviceId, session.sessionId), {
        ...session,
        seen: { ...session.seen },
      });
    }
    return store;
  }

  toJSON(): InboundStoreState {
    return {
      v: 1,
      sessions: [...this.sessions.values()].map((s) => ({ ...s, seen: { ...s.seen } })),
    };
  }

  /** The sessions alone (without the replay record), for the key backup. */
  shares(): SessionShare[] {
    return [...this.sessions.values()].map(shareOf);
  }

  get size(): number {
    return this.sessions.size;
  }

  has(senderDeviceId: string, sessionId: string): boolean {
    return this.sessions.has(keyOf(senderDeviceId, sessionId));
  }

  /**
   * Adds a session (opened from the mailbox, restored from a backup, or this device's own).
   * When the same session is already held, the share that reaches further back wins (after checking
   * it is the same chain), so a restore never loses history. Returns whether the store changed.
   */
  add(share: SessionShare): boolean {
    checkShare(share);
    const key = keyOf(share.senderDeviceId, share.sessionId);
    const held = this.sessions.get(key);
    if (held) {
      if (held.roomId !== share.roomId || held.senderUserId !== share.senderUserId) {
        throw new E2eeVerificationError(
          'session-mismatch',
          'a session id was reused for another room',
        );
      }
      if (held.index <= share.index) return false;
      // The earlier share must be the same chain: ratcheted forward it gives the chain key held.
      let chainKey: Uint8Array = fromBase64Url(share.chainKey, 'chain key', KEY_LENGTH);
      for (let i = share.index; i < held.index; i++) chainKey = step(chainKey).next;
      if (toBase64Url(chainKey) !== held.chainKey) {
        throw new E2eeVerificationError(
          'session-mismatch',
          'two different chains under one session id',
        );
      }
    }
    this.sessions.set(key, { ...shareOf(share), seen: held?.seen ?? {} });
    this.ratchets.delete(key);
    return true;
  }

  /**
   * Verifies and decrypts one message. Throws `E2eeVerificationError` (see its `reason`) when the
   * sender device does not match, the sender is not a member, the device was revoked before the
   * message, the signature or the authenticated decryption fails, the session is not held (or only
   * from a later index), or the message replays a counter under another id. Persist `toJSON()`
   * afterwards: the replay record changed. Asynchronous because the signature is checked with the
   * platform's native Ed25519 where there is one.
   */
  async decrypt(message: ReceivedMessage, context: DecryptContext): Promise<DecryptedMessage> {
    const { senderDevice } = context;
    const fail = (reason: ConstructorParameters<typeof E2eeVerificationError>[0], why: string) =>
      new E2eeVerificationError(reason, why);
    if (
      senderDevice.deviceId !== message.senderDeviceId ||
      (message.senderUserId !== undefined && message.senderUserId !== senderDevice.userId)
    ) {
      throw fail('session-mismatch', 'the message names another sender device or user');
    }
    if (!context.senderIsMember) throw fail('not-a-member', 'the sender is not a room member');
    if (senderDevice.revokedAt && !sentBefore(message.createdAt, senderDevice.revokedAt)) {
      throw fail('device-revoked', 'the sender device was revoked before this message');
    }
    if (!Number.isSafeInteger(message.counter) || message.counter < 0) {
      throw fail('malformed', 'the counter is not a non-negative integer');
    }
    if (message.counter >= MAX_SESSION_MESSAGES)
      throw fail('malformed', 'the counter is too large');
    if (
      typeof message.ciphertext !== 'string' ||
      message.ciphertext.length > MAX_CIPHERTEXT_LENGTH
    ) {
      throw fail('malformed', 'the ciphertext is missing or too large');
    }
    const signed = await verifyFast(
      fromBase64Url(message.signature, 'message signature', SIGNATURE_LENGTH),
      signedMessage(message),
      senderDevice.signingKey,
    );
    if (!signed) throw fail('bad-signature', 'the message signature does not verify');
    // From here on nothing awaits: the replay check and its record cannot interleave with another
    // decryption of the same counter.

    const key = keyOf(message.senderDeviceId, message.sessionId);
    const session = this.sessions.get(key);
    if (!session) throw fail('unknown-session', 'the key of this message is not held');
    if (session.roomId !== message.roomId || session.senderUserId !== senderDevice.userId) {
      throw fail('session-mismatch', 'the session belongs to another room or user');
    }
    if (message.counter < session.index) {
      throw fail('counter-before-session', 'this message was sent before the session was shared');
    }
    const seenAs = session.seen[String(message.counter)];
    if (seenAs !== undefined && (message.id === undefined || seenAs !== message.id)) {
      throw fail('replay', 'this counter was already read as another message');
    }

    const bytes = fromBase64Url(message.ciphertext, 'ciphertext');
    if (bytes.length < NONCE_LENGTH + 16) throw fail('malformed', 'the ciphertext is too short');
    let ratchet = this.ratchets.get(key);
    if (!ratchet) {
      ratchet = new Ratchet(
        session.index,
        fromBase64Url(session.chainKey, 'chain key', KEY_LENGTH),
      );
      this.ratchets.set(key, ratchet);
    }
    const opened = open(
      ratchet.messageKey(message.counter),
      bytes.subarray(0, NONCE_LENGTH),
      bytes.subarray(NONCE_LENGTH),
      messageAd(message),
    );
    if (!opened)
      throw fail('bad-ciphertext', 'the message does not decrypt with its associated data');
    let parsed: unknown;
    try {
      parsed = JSON.parse(fromUtf8(opened));
    } catch {
      throw fail('malformed', 'the decrypted message is not JSON');
    }
    const plaintext = checkPlaintext(parsed, 'decrypt');
    session.seen[String(message.counter)] = message.id ?? '';
    return {
      plaintext,
      roomId: message.roomId,
      senderUserId: senderDevice.userId,
      senderDeviceId: message.senderDeviceId,
      sessionId: message.sessionId,
      counter: message.counter,
    };
  }
}

/** Messages from before a device's revocation stay readable; without a time, assume after. */
function sentBefore(createdAt: string | undefined, revokedAt: string): boolean {
  return createdAt !== undefined && Date.parse(createdAt) < Date.parse(revokedAt);
}

function keyOf(senderDeviceId: string, sessionId: string): string {
  return `${senderDeviceId}|${sessionId}`;
}

/** Exactly the fields of a share (a stored state carries more that must not be sealed). */
export function shareOf(share: SessionShare): SessionShare {
  const { v, roomId, sessionId, senderUserId, senderDeviceId, index, chainKey } = share;
  return { v, roomId, sessionId, senderUserId, senderDeviceId, index, chainKey };
}

/** Refuses a stored or received share that is not well-formed. */
export function checkShare(share: SessionShare): void {
  const ok =
    typeof share === 'object' &&
    share !== null &&
    share.v === 1 &&
    [share.roomId, share.sessionId, share.senderUserId, share.senderDeviceId].every(
      (field) => typeof field === 'string' && field.length > 0 && !field.includes('|'),
    ) &&
    Number.isSafeInteger(share.index) &&
    share.index >= 0 &&
    share.index <= MAX_SESSION_MESSAGES;
  if (!ok) throw new E2eeVerificationError('malformed', 'the room session is not well-formed');
  fromBase64Url(share.chainKey, 'chain key', KEY_LENGTH);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
