import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { randomBytes } from '@noble/hashes/utils.js';

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
