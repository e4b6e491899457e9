import { loadAppConfig } from '@poscalls4u/server-config';

import { IntegrationSecretCipher, newIntegrationSecret } from './integration-secret-cipher';

const configWithKey = (key: string) =>
  loadAppConfig({
    NODE_ENV: 'test',
    JWT_SECRET: 'test-secret-'.padEnd(40, 'x'),
    MFA_ENCRYPTION_KEY: key,
  });

describe('IntegrationSecretCipher', () => {
  const cipher = new IntegrationSecretCipher(configWithKey('k'.repeat(40)));
  const id = '0b7e0c3e-5d1a-4a57-9d43-3f0f2c1e8a11';

  it('makes 64-hex secrets and round-trips them, never storing them in clear', () => {
    const secret = newIntegrationSecret();
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    const stored = cipher.encrypt(secret, id);
    expect(stored).toMatch(/^v1:/);
    expect(stored).not.toContain(secret);
    expect(cipher.encrypt(secret, id)).not.toBe(stored); // a fresh IV each time
    expect(cipher.decrypt(stored, id)).toBe(secret);
  });

  it('does not decrypt for another integration, another key or a tampered value', () => {
    const stored = cipher.encrypt(newIntegrationSecret(), id);
    expect(cipher.decrypt(stored, '11111111-1111-4111-8111-111111111111')).toBeUndefined();
    const otherKey = new IntegrationSecretCipher(configWithKey('o'.repeat(40)));
    expect(otherKey.decrypt(stored, id)).toBeUndefined();
    const [version, iv, tag, ciphertext] = stored.split(':');
    const flipped = Buffer.from(ciphertext ?? '', 'base64');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(
      cipher.decrypt([version, iv, tag, flipped.toString('base64')].join(':'), id),
    ).toBeUndefined();
    expect(cipher.decrypt('garbage', id)).toBeUndefined();
  });
});
