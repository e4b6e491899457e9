import { argon2idAsync } from '@noble/hashes/argon2.js';

import { fromBase64Url, fromUtf8, labelled, toBase64Url, utf8 } from './encoding';
import { E2eeBackupError, E2eeInputError, E2eeVerificationError } from './errors';
import type { IdentityKeyPair } from './identity';
import { KEY_LENGTH, NONCE_LENGTH, open, randomBytes, seal, signingPublicKey } from './primitives';
import { type SessionShare, checkShare, shareOf } from './sessions';

/**
 * The key backup (docs/e2ee.md): the identity key and every room session the user holds, encrypted
 * under a key derived in the browser from the recovery passphrase with Argon2id. The passphrase
 * never leaves the browser; the server stores `{ kdf, ciphertext }` only.
 */

/** Argon2id cost (what `PUT /api/chat/key-backup` carries in `kdf`, without the salt). */
export interface BackupKdfParams {
  memoryKiB: number;
  iterations: number;
  parallelism: number;
}

export interface BackupKdf extends BackupKdfParams {
  algorithm: 'argon2id';
  /** 16 random bytes, base64url. */
  salt: string;
}

/** The `kdf` and `ciphertext` of `PUT /api/chat/key-backup` (the caller adds `version`). */
export interface EncryptedBackup {
  kdf: BackupKdf;
  ciphertext: string;
}

/** What a backup holds. */
export interface KeyBackupPayload {
  v: 1;
  userId: string;
  identity: IdentityKeyPair;
  /** Every room session held, each at the earliest index held (`InboundSessionStore.shares()`). */
  sessions: SessionShare[];
}

/** Production cost: 64 MiB, 3 passes, 1 lane (about 0.8 s on this project's 2-core machine). */
export const BACKUP_KDF_PARAMS: BackupKdfParams = {
  memoryKiB: 65536,
  iterations: 3,
  parallelism: 1,
};

/**
 * What this library accepts at all: Argon2's own floor, and caps so that a tampered `kdf` cannot
 * make a browser derive for minutes. There is deliberately no security floor: lower costs are
 * for tests only, the console always uses
 * `BACKUP_KDF_PARAMS`, and a server that rewrites the parameters only makes decryption fail.
 */
const MIN_BACKUP_KDF_PARAMS: BackupKdfParams = { memoryKiB: 8, iterations: 1, parallelism: 1 };
const MAX_BACKUP_KDF_PARAMS: BackupKdfParams = {
  memoryKiB: 1048576,
  iterations: 10,
  parallelism: 4,
};

export const MIN_PASSPHRASE_LENGTH = 8;
const SALT_LENGTH = 16;
const BACKUP_AD = 'poscalls4u-backup-v1';

/** Fresh Argon2id parameters with a new random salt, for a new passphrase. */
export function createBackupKdf(params: BackupKdfParams = BACKUP_KDF_PARAMS): BackupKdf {
  const kdf: BackupKdf = {
    algorithm: 'argon2id',
    ...params,
    salt: toBase64Url(randomBytes(SALT_LENGTH)),
  };
  checkKdf(kdf);
  return kdf;
}

/**
 * Derives the backup key from the passphrase (Argon2id, asynchronous so the page stays responsive).
 * The console keeps the result beside the device secrets, so later backups need no new derivation.
 */
export async function deriveBackupKey(passphrase: string, kdf: BackupKdf): Promise<string> {
  checkKdf(kdf);
  if (typeof passphrase !== 'string' || passphrase.length === 0) {
    throw new E2eeInputError('the passphrase is empty');
  }
  const key = await argon2idAsync(
    utf8(passphrase.normalize('NFKC')),
    fromBase64Url(kdf.salt, 'backup salt', SALT_LENGTH),
    { m: kdf.memoryKiB, t: kdf.iterations, p: kdf.parallelism, dkLen: KEY_LENGTH },
  );
  return toBase64Url(key);
}

/** Encrypts `payload` under an already derived backup key. */
export function sealBackup(
  backupKey: string,
  kdf: BackupKdf,
  payload: KeyBackupPayload,
): EncryptedBackup {
  checkKdf(kdf);
  checkPayload(payload, payload.userId);
  const clean: KeyBackupPayload = {
    v: 1,
    userId: payload.userId,
    identity: {
      v: 1,
      publicKey: payload.identity.publicKey,
      secretKey: payload.identity.secretKey,
    },
    sessions: payload.sessions.map(shareOf),
  };
  const nonce = randomBytes(NONCE_LENGTH);
  const sealed = seal(
    fromBase64Url(backupKey, 'backup key', KEY_LENGTH),
    nonce,
    utf8(JSON.stringify(clean)),
    backupAd(payload.userId, kdf),
  );
  const bytes = new Uint8Array(NONCE_LENGTH + sealed.length);
  bytes.set(nonce);
  bytes.set(sealed, NONCE_LENGTH);
  return { kdf: { ...kdf }, ciphertext: toBase64Url(bytes) };
}

/**
 * Decrypts a backup of `userId` with an already derived key. Throws
 * `E2eeBackupError('wrong-passphrase')` when the key does not open it (or it was altered).
 */
export function openBackup(
  backupKey: string,
  backup: EncryptedBackup,
  userId: string,
): KeyBackupPayload {
  checkKdf(backup.kdf);
  const bytes = decodeOrRefuse(backup.ciphertext);
  const opened =
    bytes.length > NONCE_LENGTH
      ? open(
          fromBase64Url(backupKey, 'backup key', KEY_LENGTH),
          bytes.subarray(0, NONCE_LENGTH),
          bytes.subarray(NONCE_LENGTH),
          backupAd(userId, backup.kdf),
        )
      : undefined;
  if (!opened) {
    throw new E2eeBackupError('wrong-passphrase', 'the passphrase does not open this key backup');
  }
  let payload: KeyBackupPayload;
  try {
    payload = JSON.parse(fromUtf8(opened)) as KeyBackupPayload;
  } catch {
    throw new E2eeBackupError('malformed', 'the key backup is not JSON');
  }
  checkPayload(payload, userId);
  return payload;
}

/** Derives a key from `passphrase` with fresh parameters and encrypts `payload` under it. */
export async function encryptBackup(
  passphrase: string,
  payload: KeyBackupPayload,
  params: BackupKdfParams = BACKUP_KDF_PARAMS,
): Promise<{ backup: EncryptedBackup; backupKey: string }> {
  if (typeof passphrase !== 'string' || [...passphrase].length < MIN_PASSPHRASE_LENGTH) {
    throw new E2eeInputError(`the passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters`);
  }
  const kdf = createBackupKdf(params);
  const backupKey = await deriveBackupKey(passphrase, kdf);
  return { backup: sealBackup(backupKey, kdf, payload), backupKey };
}

/** Derives the key from `passphrase` and the backup's parameters, then decrypts it. */
export async function decryptBackup(
  passphrase: string,
  backup: EncryptedBackup,
  userId: string,
): Promise<{ payload: KeyBackupPayload; backupKey: string }> {
  const backupKey = await deriveBackupKey(passphrase, backup.kdf);
  return { payload: openBackup(backupKey, backup, userId), backupKey };
}

function backupAd(userId: string, kdf: BackupKdf): Uint8Array {
  return labelled(
    BACKUP_AD,
    userId,
    kdf.algorithm,
    kdf.memoryKiB,
    kdf.iterations,
    kdf.parallelism,
    kdf.salt,
  );
}

function checkKdf(kdf: BackupKdf): void {
  const within = (key: keyof BackupKdfParams) =>
    Number.isSafeInteger(kdf[key]) &&
    kdf[key] >= MIN_BACKUP_KDF_PARAMS[key] &&
    kdf[key] <= MAX_BACKUP_KDF_PARAMS[key];
  if (
    typeof kdf !== 'object' ||
    kdf === null ||
    kdf.algorithm !== 'argon2id' ||
    !within('memoryKiB') ||
    !within('iterations') ||
    !within('parallelism') ||
    kdf.memoryKiB < 8 * kdf.parallelism
  ) {
    throw new E2eeBackupError(
      'kdf-parameters',
      `the key backup needs Argon2id with at most ${MAX_BACKUP_KDF_PARAMS.memoryKiB} KiB, ${MAX_BACKUP_KDF_PARAMS.iterations} passes and ${MAX_BACKUP_KDF_PARAMS.parallelism} lanes`,
    );
  }
  try {
    fromBase64Url(kdf.salt, 'backup salt', SALT_LENGTH);
  } catch {
    throw new E2eeBackupError('malformed', 'the backup salt is not 16 bytes of base64url');
  }
}

function decodeOrRefuse(ciphertext: string): Uint8Array {
  try {
    return fromBase64Url(ciphertext, 'backup ciphertext');
  } catch {
    throw new E2eeBackupError('malformed', 'the backup ciphertext is not base64url');
  }
}

function checkPayload(payload: KeyBackupPayload, userId: string): void {
  const refuse = (why: string) => new E2eeBackupError('malformed', `the key backup ${why}`);
  if (typeof payload !== 'object' || payload === null || payload.v !== 1) {
    throw refuse('is not version 1');
  }
  if (payload.userId !== userId) throw refuse('belongs to another user');
  if (!Array.isArray(payload.sessions)) throw refuse('has no session list');
  if (typeof payload.identity !== 'object' || payload.identity === null) {
    throw refuse('has no identity key');
  }
  try {
    const secret = fromBase64Url(payload.identity.secretKey, 'identity secret key', KEY_LENGTH);
    if (toBase64Url(signingPublicKey(secret)) !== payload.identity.publicKey) {
      throw refuse('holds an identity key pair that does not match');
    }
    payload.sessions.forEach(checkShare);
  } catch (error) {
    if (error instanceof E2eeVerificationError) throw refuse('holds a malformed key');
    throw error;
  }
}
