/**
 * @poscalls4u/e2ee: the chat's end-to-end encryption protocol (docs/e2ee.md). Pure functions and
 * small classes over the audited noble primitives; no I/O and no storage, so it runs unchanged in
 * the consoles, in Node tests and in the benchmark. Every state object is JSON-safe.
 */
export {
  type BackupKdf,
  type BackupKdfParams,
  type EncryptedBackup,
  type KeyBackupPayload,
  BACKUP_KDF_PARAMS,
  MIN_PASSPHRASE_LENGTH,
  createBackupKdf,
  decryptBackup,
  deriveBackupKey,
  encryptBackup,
  openBackup,
  sealBackup,
} from './lib/backup';
export {
  type BackupFailure,
  type VerificationFailure,
  E2eeBackupError,
  E2eeError,
  E2eeInputError,
  E2eeVerificationError,
} from './lib/errors';
export { safetyFingerprint } from './lib/fingerprint';
export {
  type DeviceKeyPair,
  type DevicePublicKeys,
  type IdentityKeyPair,
  type VerifiedDevice,
  createDevice,
  createIdentity,
  publicDevice,
  verifyDevice,
} from './lib/identity';
export { type ChatPlaintext, MAX_TEXT_LENGTH } from './lib/plaintext';
export {
  type SealedSessionHeader,
  MAX_SEALED_LENGTH,
  openSealedSession,
  sealSession,
} from './lib/seal';
export {
  type DecryptContext,
  type DecryptedMessage,
  type EncryptedMessage,
  type InboundSessionState,
  type InboundStoreState,
  type OutboundSessionState,
  type ReceivedMessage,
  type RotationPolicy,
  type SessionShare,
  DEFAULT_ROTATION,
  InboundSessionStore,
  MAX_CIPHERTEXT_LENGTH,
  MAX_SESSION_MESSAGES,
  OutboundSession,
} from './lib/sessions';
export {
  type DeviceChange,
  type IdentityChange,
  type TrustRecord,
  type TrustStoreState,
  TrustStore,
} from './lib/trust';
