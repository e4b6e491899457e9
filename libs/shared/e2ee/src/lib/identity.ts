import { fromBase64Url, labelled, toBase64Url } from './encoding';
import { E2eeInputError, E2eeVerificationError } from './errors';
import {
  KEY_LENGTH,
  SIGNATURE_LENGTH,
  newAgreementKeyPair,
  newSigningKeyPair,
  randomBytes,
  sign,
  signingPublicKey,
  verify,
} from './primitives';

/** A user's Ed25519 identity key pair (base64url). Kept in IndexedDB and in the key backup. */
export interface IdentityKeyPair {
  v: 1;
  /** What `PUT /api/chat/identity` sends as `identityKey`. */
  publicKey: string;
  secretKey: string;
}

/** A device's public keys as registered with `POST /api/chat/devices` and read back. */
export interface DevicePublicKeys {
  deviceId: string;
  userId: string;
  /** Ed25519: signs messages and sealed sessions. */
  signingKey: string;
  /** X25519: sealed sessions are encrypted to it. */
  encryptionKey: string;
  /** Ed25519 signature by the user's identity key over the fields above. */
  signature: string;
  /** ISO time the device was revoked, as the server returns it; null or absent if active. */
  revokedAt?: string | null;
}

/** This browser's own device: its public keys plus the private halves. Never leaves the browser. */
export interface DeviceKeyPair {
  v: 1;
  deviceId: string;
  userId: string;
  signingKey: string;
  signingSecretKey: string;
  encryptionKey: string;
  encryptionSecretKey: string;
  signature: string;
}

/**
 * A device whose signature by its user's identity key was checked. Only `verifyDevice` makes one,
 * so a function that takes a `VerifiedDevice` cannot be handed an unchecked server answer.
 */
export type VerifiedDevice = Readonly<DevicePublicKeys> & { readonly __verified: true };

const DEVICE_LABEL = 'poscalls4u-device-v1';

export function createIdentity(): IdentityKeyPair {
  const { secretKey, publicKey } = newSigningKeyPair();
  return { v: 1, publicKey: toBase64Url(publicKey), secretKey: toBase64Url(secretKey) };
}

/**
 * New keys for this browser, signed by the user's identity key. `deviceId` defaults to a random
 * UUID v4 (the wire contract lets the client choose it).
 */
export function createDevice(
  identity: IdentityKeyPair,
  userId: string,
  deviceId: string = randomUuid(),
): DeviceKeyPair {
  if (!userId) throw new E2eeInputError('createDevice needs the user id');
  const identitySecret = fromBase64Url(identity.secretKey, 'identity secret key', KEY_LENGTH);
  if (toBase64Url(signingPublicKey(identitySecret)) !== identity.publicKey) {
    throw new E2eeInputError('the identity key pair does not match');
  }
  const signing = newSigningKeyPair();
  const encryption = newAgreementKeyPair();
  const signingKey = toBase64Url(signing.publicKey);
  const encryptionKey = toBase64Url(encryption.publicKey);
  const signature = sign(
    labelled(DEVICE_LABEL, userId, deviceId, signingKey, encryptionKey),
    identitySecret,
  );
  return {
    v: 1,
    deviceId,
    userId,
    signingKey,
    signingSecretKey: toBase64Url(signing.secretKey),
    encryptionKey,
    encryptionSecretKey: toBase64Url(encryption.secretKey),
    signature: toBase64Url(signature),
  };
}

/** The public part of this browser's device: the body of `POST /api/chat/devices` (plus userId). */
export function publicDevice(device: DeviceKeyPair): DevicePublicKeys {
  const { deviceId, userId, signingKey, encryptionKey, signature } = device;
  return { deviceId, userId, signingKey, encryptionKey, signature };
}

/**
 * Checks that `device` belongs to `userId` and is signed by that user's `identityKey` (as read from
 * `GET /api/chat/users/:userId/keys`). Throws `E2eeVerificationError('bad-device-signature')`
 * otherwise: a server that adds a device to a user cannot sign it.
 */
export function verifyDevice(
  device: DevicePublicKeys,
  identityKey: string,
  userId: string,
): VerifiedDevice {
  const refuse = (why: string) =>
    new E2eeVerificationError('bad-device-signature', `device ${device.deviceId}: ${why}`);
  if (device.userId !== userId) throw refuse('it belongs to another user');
  fromBase64Url(device.signingKey, 'device signing key', KEY_LENGTH);
  fromBase64Url(device.encryptionKey, 'device encryption key', KEY_LENGTH);
  const signed = verify(
    fromBase64Url(device.signature, 'device signature', SIGNATURE_LENGTH),
    labelled(DEVICE_LABEL, userId, device.deviceId, device.signingKey, device.encryptionKey),
    fromBase64Url(identityKey, 'identity key', KEY_LENGTH),
  );
  if (!signed) throw refuse('its signature does not verify against the identity key');
  return { ...device, __verified: true };
}

function randomUuid(): string {
  const bytes = randomBytes(16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
