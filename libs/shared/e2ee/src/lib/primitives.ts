import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { randomBytes } from '@noble/hashes/utils.js';

import { fromBase64Url } from './encoding';

/**
 * The only place the noble primitives are called, with the protocol's fixed choices (HKDF over
 * SHA-256, 24-byte XChaCha20 nonces). Verification and decryption return `undefined` on failure
 * instead of throwing, so each caller states which protocol check failed.
 */

export const KEY_LENGTH = 32;
export const NONCE_LENGTH = 24;
export const SIGNATURE_LENGTH = 64;

export { randomBytes, sha256 };

export function newSigningKeyPair(): { secretKey: Uint8Array; publicKey: Uint8Array } {
  return ed25519.keygen();
}

export function newAgreementKeyPair(): { secretKey: Uint8Array; publicKey: Uint8Array } {
  return x25519.keygen();
}

export function signingPublicKey(secretKey: Uint8Array): Uint8Array {
  return ed25519.getPublicKey(secretKey);
}

export function sign(message: Uint8Array, secretKey: Uint8Array): Uint8Array {
  return ed25519.sign(message, secretKey);
}

export function verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  try {
    // Strict RFC 8032 checks (no ZIP-215 leniency): one valid signature encoding per message.
    return ed25519.verify(signature, message, publicKey, { zip215: false });
  } catch {
    return false;
  }
}

/** X25519; `undefined` for a public key that yields no usable secret (e.g. a low-order point). */
export function agree(secretKey: Uint8Array, publicKey: Uint8Array): Uint8Array | undefined {
  try {
    return x25519.getSharedSecret(secretKey, publicKey);
  } catch {
    return undefined;
  }
}

export function derive(
  ikm: Uint8Array,
  info: Uint8Array,
  length: number,
  salt?: Uint8Array,
): Uint8Array {
  return hkdf(sha256, ikm, salt, info, length);
}

export function seal(
  key: Uint8Array,
  nonce: Uint8Array,
  plaintext: Uint8Array,
  ad: Uint8Array,
): Uint8Array {
  return xchacha20poly1305(key, nonce, ad).encrypt(plaintext);
}

export function open(
  key: Uint8Array,
  nonce: Uint8Array,
  ciphertext: Uint8Array,
  ad: Uint8Array,
): Uint8Array | undefined {
  try {
    return xchacha20poly1305(key, nonce, ad).decrypt(ciphertext);
  } catch {
    return undefined;
  }
}

/**
 * Ed25519 verification on the platform's WebCrypto when it has Ed25519 (Chromium 137+, Firefox
 * 129+, Safari 17+, Node 20+), else noble. Every member verifies every message, so this is the hot
 * path of a busy room: native verification is ~10x faster than pure JavaScript. Whether the platform
 * agrees with noble is probed once (a noble signature must verify, a corrupted one must not).
 */
export async function verifyFast(
  signature: Uint8Array<ArrayBuffer>,
  message: Uint8Array<ArrayBuffer>,
  publicKey: string,
): Promise<boolean> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle || !(await nativeEd25519(subtle))) {
    return verify(signature, message, fromBase64Url(publicKey, 'Ed25519 public key', KEY_LENGTH));
  }
  // Outside the try: a malformed key throws (as the noble path does), a refused one verifies nothing.
  const imported = importVerifyKey(subtle, publicKey);
  try {
    return await subtle.verify('Ed25519', await imported, signature, message);
  } catch {
    return false;
  }
}

const probes = new WeakMap<SubtleCrypto, Promise<boolean>>();
const verifyKeys = new Map<string, Promise<CryptoKey>>();
/** Sender devices of the rooms one browser sees; beyond this the cache simply starts over. */
const MAX_CACHED_KEYS = 4096;

function nativeEd25519(subtle: SubtleCrypto): Promise<boolean> {
  let probe = probes.get(subtle);
  if (!probe) {
    probe = (async () => {
      try {
        const { secretKey, publicKey } = ed25519.keygen();
        const message = new Uint8Array([1, 2, 3]);
        const signature = new Uint8Array(ed25519.sign(message, secretKey));
        const key = await subtle.importKey('raw', new Uint8Array(publicKey), 'Ed25519', false, [
          'verify',
        ]);
        const good = await subtle.verify('Ed25519', key, signature, message);
        signature[0] = (signature[0] ?? 0) ^ 1;
        const bad = await subtle.verify('Ed25519', key, signature, message);
        return good && !bad;
      } catch {
        return false;
      }
    })();
    probes.set(subtle, probe);
  }
  return probe;
}

/** Imported keys are cached by their base64url text, the form every caller already holds. */
function importVerifyKey(subtle: SubtleCrypto, id: string): Promise<CryptoKey> {
  let key = verifyKeys.get(id);
  if (!key) {
    if (verifyKeys.size >= MAX_CACHED_KEYS) verifyKeys.clear();
    // Decoded only here: a malformed key throws before anything is cached.
    const publicKey = fromBase64Url(id, 'Ed25519 public key', KEY_LENGTH);
    key = subtle.importKey('raw', publicKey, 'Ed25519', false, ['verify']);
    // A key the platform refuses is not cached, so it is refused again rather than remembered.
    void key.catch(() => verifyKeys.delete(id));
    verifyKeys.set(id, key);
  }
  return key;
}
