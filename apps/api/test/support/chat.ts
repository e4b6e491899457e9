import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { randomBytes, randomUUID } from 'node:crypto';
import { Socket, io } from 'socket.io-client';

import { Call } from './calls';

/**
 * A chat client for the API suites: real keys (Ed25519 identity and device signing keys, an
 * X25519 device key) and real XChaCha20-Poly1305 encryption with @noble, so what reaches the
 * server is what a console would send. It stands in for the protocol library (libs/shared/e2ee):
 * these suites test the server, which sees only opaque strings.
 */
export interface ChatUser {
  name: string;
  userId: string;
  token: string;
  deviceId: string;
  sessionId: string;
  /** The next counter of the device's sender session. */
  counter: number;
  roomKey: Uint8Array;
  signingSecret: Uint8Array;
}

export const b64u = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');

/** Sets the user's identity key and registers one device signed by it. */
export async function setUpChatUser(
  call: Call,
  name: string,
  userId: string,
  token: string,
): Promise<ChatUser> {
  const identitySecret = ed25519.utils.randomSecretKey();
  const identity = await call('PUT', '/api/chat/identity', {
    token,
    body: { identityKey: b64u(ed25519.getPublicKey(identitySecret)) },
  });
  if (identity.status !== 200) throw new Error(`identity: ${JSON.stringify(identity.body)}`);
  const signingSecret = ed25519.utils.randomSecretKey();
  const encryptionSecret = x25519.utils.randomSecretKey();
  const deviceId = randomUUID();
  const signingKey = b64u(ed25519.getPublicKey(signingSecret));
  const encryptionKey = b64u(x25519.getPublicKey(encryptionSecret));
  const statement = `poscalls4u-device-v1|${userId}|${deviceId}|${signingKey}|${encryptionKey}`;
  const device = await call('POST', '/api/chat/devices', {
    token,
    body: {
      deviceId,
      signingKey,
      encryptionKey,
      signature: b64u(ed25519.sign(new TextEncoder().encode(statement), identitySecret)),
    },
  });
  if (device.status !== 201) throw new Error(`device: ${JSON.stringify(device.body)}`);
  return {
    name,
    userId,
    token,
    deviceId,
    sessionId: b64u(randomBytes(16)),
    counter: 0,
    roomKey: randomBytes(32),
    signingSecret,
  };
}

/** Encrypts `{ v: 1, type: 'text', text }` under the user's room key; signs the ciphertext. */
export function seal(
  user: ChatUser,
  roomId: string,
  text: string,
): { counter: number; ciphertext: string; signature: string } {
  const counter = user.counter++;
  const nonce = randomBytes(24);
  const associated = new TextEncoder().encode(
    `${roomId}|${user.deviceId}|${user.sessionId}|${counter}`,
  );
  const body = new TextEncoder().encode(JSON.stringify({ v: 1, type: 'text', text }));
  const sealed = xchacha20poly1305(user.roomKey, nonce, associated).encrypt(body);
  const ciphertext = new Uint8Array(nonce.length + sealed.length);
  ciphertext.set(nonce);
  ciphertext.set(sealed, nonce.length);
  return {
    counter,
    ciphertext: b64u(ciphertext),
    signature: b64u(ed25519.sign(ciphertext, user.signingSecret)),
  };
}

/** Decrypts what `seal` made (a test's recipient holding the sender's room key). */
export function open(sender: ChatUser, roomId: string, message: MessageLike): string {
  const bytes = Buffer.from(message.ciphertext ?? '', 'base64url');
  const associated = new TextEncoder().encode(
    `${roomId}|${message.senderDeviceId}|${message.sessionId}|${message.counter}`,
  );
  const plain = xchacha20poly1305(sender.roomKey, bytes.subarray(0, 24), associated).decrypt(
    bytes.subarray(24),
  );
  return (JSON.parse(new TextDecoder().decode(plain)) as { text: string }).text;
}

export interface MessageLike {
  id: string;
  ciphertext: string | null;
  senderDeviceId: string;
  sessionId: string;
  counter: number;
}

/** Sends a text message as `user` to a room; answers the raw response. */
export function send(
  call: Call,
  user: ChatUser,
  roomId: string,
  text: string,
  extra: { clientMessageId?: string; mentions?: string[] } = {},
) {
  const sealed = seal(user, roomId, text);
  return call('POST', `/api/chat/rooms/${roomId}/messages`, {
    token: user.token,
    body: {
      clientMessageId: extra.clientMessageId ?? randomUUID(),
      senderDeviceId: user.deviceId,
      sessionId: user.sessionId,
      ...sealed,
      ...(extra.mentions ? { mentions: extra.mentions } : {}),
    },
  });
}

export function connect(baseUrl: string, token: string): Promise<Socket> {
  const socket = io(baseUrl, { auth: { token }, transports: ['websocket'], reconnection: false });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** Every payload of `event` a socket hears from now on. */
export function record<T>(socket: Socket, event: string): T[] {
  const heard: T[] = [];
  socket.on(event, (payload: T) => heard.push(payload));
  return heard;
}

export async function until(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Lets in-flight events arrive before asserting that something did not. */
export const pause = (ms = 300) => new Promise((resolve) => setTimeout(resolve, ms));
