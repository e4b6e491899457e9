import { ed25519 } from '@noble/curves/ed25519.js';

import { fromBase64Url, toBase64Url } from './encoding';
import { verify, verifyFast } from './primitives';

/** The hot-path verifier must agree with noble's on the platform's WebCrypto and without it. */
describe('verifyFast (native Ed25519 where available, noble otherwise)', () => {
  const { secretKey, publicKey } = ed25519.keygen();
  const other = ed25519.keygen().publicKey;
  const message = new TextEncoder().encode('poscalls4u-msg-sig-v1|room|device|session|0|ct');
  const signature = new Uint8Array(ed25519.sign(message, secretKey));
  const corrupted = signature.slice();
  corrupted[10] = (corrupted[10] ?? 0) ^ 4;
  const cases = [
    { name: 'a valid signature', sig: signature, key: new Uint8Array(publicKey), valid: true },
    { name: 'a corrupted signature', sig: corrupted, key: new Uint8Array(publicKey), valid: false },
    { name: 'another key', sig: signature, key: new Uint8Array(other), valid: false },
    {
      name: 'a key that is no point',
      sig: signature,
      key: new Uint8Array(32).fill(255),
      valid: false,
    },
  ];

  it('refuses a key that is not 32 bytes of base64url', async () => {
    await expect(verifyFast(signature, message, 'short')).rejects.toMatchObject({
      reason: 'malformed',
    });
    expect(fromBase64Url(toBase64Url(publicKey), 'key', 32)).toEqual(publicKey);
  });

  it('uses the platform in this test environment (Node 24 has Ed25519 in WebCrypto)', () => {
    expect(typeof globalThis.crypto?.subtle?.verify).toBe('function');
  });

  it.each(cases)('agrees with noble on $name', async ({ sig, key, valid }) => {
    expect(verify(sig, message, key)).toBe(valid);
    expect(await verifyFast(sig, message, toBase64Url(key))).toBe(valid);
    expect(await verifyFast(sig, message, toBase64Url(key))).toBe(valid);
  });

  it.each(cases)(
    'falls back to noble without WebCrypto, still right on $name',
    async ({ sig, key, valid }) => {
      const restore = jest.replaceProperty(globalThis, 'crypto', undefined as unknown as Crypto);
      try {
        expect(await verifyFast(sig, message, toBase64Url(key))).toBe(valid);
      } finally {
        restore.restore();
      }
    },
  );
});
