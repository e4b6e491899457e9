import { fromBase64Url, fromUtf8, labelled, toBase64Url, utf8 } from './encoding';
import { E2eeInputError, E2eeVerificationError } from './errors';
import type { DeviceKeyPair, DevicePublicKeys, VerifiedDevice } from './identity';
import {
  KEY_LENGTH,
  NONCE_LENGTH,
  SIGNATURE_LENGTH,
  agree,
  derive,
  newAgreementKeyPair,
  open,
  seal,
  sign,
  verify,
} from './primitives';
import { type SessionShare, checkShare, shareOf } from './sessions';

/**
 * Sealing a room session to one recipient device for the key mailbox: X25519 between a fresh
 * ephemeral key and the recipient's device encryption key, HKDF, XChaCha20-Poly1305, and an Ed25519
 * signature by the sending device over the whole envelope (docs/e2ee.md).
 */

/** The wire cap of `sealed` in `POST /api/chat/key-mailbox`. */
export const MAX_SEALED_LENGTH = 4096;

const SEAL_INFO = utf8('poscalls4u-seal-v1');
const SEAL_AD = 'poscalls4u-seal-v1';
const SEAL_SIGNATURE = 'poscalls4u-seal-sig-v1';

interface SealedEnvelope {
  v: 1;
  /** The ephemeral X25519 public key. */
  e: string;
  /** XChaCha20-Poly1305 ciphertext of the SessionShare JSON. */
  c: string;
  /** Ed25519 signature by the sending device. */
  s: string;
}

interface Parties {
  fromUserId: string;
  fromDeviceId: string;
  toUserId: string;
  toDeviceId: string;
  roomId: string;
  sessionId: string;
}

function sealAd(p: Parties): Uint8Array {
  return labelled(
    SEAL_AD,
    p.fromUserId,
    p.fromDeviceId,
    p.toUserId,
    p.toDeviceId,
    p.roomId,
    p.sessionId,
  );
}

function sealedSigned(p: Parties, ephemeral: string, ciphertext: string): Uint8Array {
  return labelled(
    SEAL_SIGNATURE,
    p.fromUserId,
    p.fromDeviceId,
    p.toUserId,
    p.toDeviceId,
    p.roomId,
    p.sessionId,
    ephemeral,
    ciphertext,
  );
}

function sealKeys(
  shared: Uint8Array,
  ephemeral: Uint8Array,
  recipient: Uint8Array,
): { key: Uint8Array; nonce: Uint8Array } {
  const salt = new Uint8Array(2 * KEY_LENGTH);
  salt.set(ephemeral);
  salt.set(recipient, KEY_LENGTH);
  const out = derive(shared, SEAL_INFO, KEY_LENGTH + NONCE_LENGTH, salt);
  return { key: out.subarray(0, KEY_LENGTH), nonce: out.subarray(KEY_LENGTH) };
}

/**
 * Seals `share` (one of `sender`'s own sessions) to `recipient`, which must have been checked with
 * `verifyDevice`. Returns the opaque `sealed` string of a key-mailbox item.
 */
export function sealSession(
  share: SessionShare,
  recipient: VerifiedDevice,
  sender: DeviceKeyPair,
): string {
  checkShare(share);
  if (share.senderDeviceId !== sender.deviceId || share.senderUserId !== sender.userId) {
    throw new E2eeInputError('a device only shares its own sessions');
  }
  const parties = partiesOf(share, sender, recipient);
  const recipientKey = fromBase64Url(
    recipient.encryptionKey,
    'recipient encryption key',
    KEY_LENGTH,
  );
  const ephemeral = newAgreementKeyPair();
  const shared = agree(ephemeral.secretKey, recipientKey);
  if (!shared) throw new E2eeInputError('the recipient encryption key is not usable');
  const { key, nonce } = sealKeys(shared, ephemeral.publicKey, recipientKey);
  const e = toBase64Url(ephemeral.publicKey);
  const c = toBase64Url(seal(key, nonce, utf8(JSON.stringify(shareOf(share))), sealAd(parties)));
  const s = toBase64Url(
    sign(
      sealedSigned(parties, e, c),
      fromBase64Url(sender.signingSecretKey, 'device signing secret', KEY_LENGTH),
    ),
  );
  const envelope: SealedEnvelope = { v: 1, e, c, s };
  const sealed = toBase64Url(utf8(JSON.stringify(envelope)));
  if (sealed.length > MAX_SEALED_LENGTH)
    throw new E2eeInputError('the sealed session is too large');
  return sealed;
}

/** What the mailbox item says besides `sealed`; checked against what is inside. */
export interface SealedSessionHeader {
  roomId: string;
  sessionId: string;
}

/**
 * Opens a key-mailbox item addressed to `recipient` (this browser's device) from `sender` (checked
 * with `verifyDevice` against the sender's identity key). Throws `E2eeVerificationError` if the
 * signature, the decryption or any field inside does not match; otherwise returns the session to
 * `InboundSessionStore.add`.
 */
export function openSealedSession(
  sealed: string,
  header: SealedSessionHeader,
  recipient: DeviceKeyPair,
  sender: VerifiedDevice,
): SessionShare {
  if (typeof sealed !== 'string' || sealed.length > MAX_SEALED_LENGTH) {
    throw new E2eeVerificationError('malformed', 'the sealed session is missing or too large');
  }
  const envelope = parseJson(fromBase64Url(sealed, 'sealed session')) as Partial<SealedEnvelope>;
  if (
    envelope.v !== 1 ||
    typeof envelope.e !== 'string' ||
    typeof envelope.c !== 'string' ||
    typeof envelope.s !== 'string'
  ) {
    throw new E2eeVerificationError('malformed', 'the sealed session is not a version 1 envelope');
  }
  const parties: Parties = {
    fromUserId: sender.userId,
    fromDeviceId: sender.deviceId,
    toUserId: recipient.userId,
    toDeviceId: recipient.deviceId,
    roomId: header.roomId,
    sessionId: header.sessionId,
  };
  const signed = verify(
    fromBase64Url(envelope.s, 'sealed session signature', SIGNATURE_LENGTH),
    sealedSigned(parties, envelope.e, envelope.c),
    fromBase64Url(sender.signingKey, 'sender signing key', KEY_LENGTH),
  );
  if (!signed) {
    throw new E2eeVerificationError(
      'bad-signature',
      'the sealed session is not signed by its sender',
    );
  }
  const ephemeral = fromBase64Url(envelope.e, 'ephemeral key', KEY_LENGTH);
  const shared = agree(
    fromBase64Url(recipient.encryptionSecretKey, 'device encryption secret', KEY_LENGTH),
    ephemeral,
  );
  if (!shared) throw new E2eeVerificationError('malformed', 'the ephemeral key is not usable');
  const { key, nonce } = sealKeys(
    shared,
    ephemeral,
    fromBase64Url(recipient.encryptionKey, 'device encryption key', KEY_LENGTH),
  );
  const opened = open(key, nonce, fromBase64Url(envelope.c, 'sealed ciphertext'), sealAd(parties));
  if (!opened) {
    throw new E2eeVerificationError('bad-ciphertext', 'the sealed session does not decrypt');
  }
  const share = parseJson(opened) as SessionShare;
  checkShare(share);
  const clean = shareOf(share);
  if (
    share.roomId !== header.roomId ||
    share.sessionId !== header.sessionId ||
    share.senderDeviceId !== sender.deviceId ||
    share.senderUserId !== sender.userId
  ) {
    throw new E2eeVerificationError(
      'session-mismatch',
      'the sealed session names another room or sender',
    );
  }
  return clean;
}

function partiesOf(
  share: SessionShare,
  sender: DeviceKeyPair,
  recipient: DevicePublicKeys,
): Parties {
  return {
    fromUserId: sender.userId,
    fromDeviceId: sender.deviceId,
    toUserId: recipient.userId,
    toDeviceId: recipient.deviceId,
    roomId: share.roomId,
    sessionId: share.sessionId,
  };
}

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(fromUtf8(bytes)) as unknown;
  } catch {
    throw new E2eeVerificationError('malformed', 'the sealed session is not JSON');
  }
}
