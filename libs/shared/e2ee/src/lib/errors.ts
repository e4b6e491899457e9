/**
 * Typed errors, so the console can tell "this message was tampered with" from "the key has not
 * arrived yet" and show the right words. Messages never contain key material or plaintext.
 */

/** Base class of every error this library throws on purpose. */
export class E2eeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Why a message, a sealed session or a device was refused. */
export type VerificationFailure =
  /** A field is not well-formed (bad base64url, wrong length, wrong JSON shape). */
  | 'malformed'
  /** The Ed25519 signature does not verify. */
  | 'bad-signature'
  /** Authenticated decryption failed: wrong key, tampered ciphertext or associated data. */
  | 'bad-ciphertext'
  /** The device is not signed by its user's identity key, or belongs to another user. */
  | 'bad-device-signature'
  /** No session with this id from this device is held (the key has not arrived, or never will). */
  | 'unknown-session'
  /** The session is held from a later index than this message (sent before we were given it). */
  | 'counter-before-session'
  /** The message or sealed session does not match the session's room, sender or ids. */
  | 'session-mismatch'
  /** The sender is not a member of the room. */
  | 'not-a-member'
  /** The sender device was revoked before this message was sent. */
  | 'device-revoked'
  /** The same session and counter came back as a different message. */
  | 'replay';

/** A message, sealed session or device failed verification; `reason` says which check. */
export class E2eeVerificationError extends E2eeError {
  constructor(
    readonly reason: VerificationFailure,
    message: string,
  ) {
    super(message);
  }
}

/** Why a key backup could not be made or opened. */
export type BackupFailure =
  /** The passphrase (or derived key) does not open this backup, or it was altered. */
  | 'wrong-passphrase'
  /** The Argon2id parameters are below the minimum or above the maximum this library accepts. */
  | 'kdf-parameters'
  /** The backup is not well-formed. */
  | 'malformed';

export class E2eeBackupError extends E2eeError {
  constructor(
    readonly reason: BackupFailure,
    message: string,
  ) {
    super(message);
  }
}

/** The caller passed something the protocol refuses to encrypt or use (a programming error). */
export class E2eeInputError extends E2eeError {}
