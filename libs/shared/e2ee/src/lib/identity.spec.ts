import {
  E2eeInputError,
  E2eeVerificationError,
  createDevice,
  createIdentity,
  publicDevice,
  safetyFingerprint,
  verifyDevice,
} from '../index';
import { fromBase64Url } from './encoding';

describe('identity and device keys', () => {
  const identity = createIdentity();
  const device = createDevice(identity, 'user-1');

  it('makes a device signed by the identity key, with a UUID and the wire shape', () => {
    expect(device.deviceId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(fromBase64Url(identity.publicKey, 'key', 32)).toHaveLength(32);
    const body = publicDevice(device);
    expect(Object.keys(body).sort()).toEqual([
      'deviceId',
      'encryptionKey',
      'signature',
      'signingKey',
      'userId',
    ]);
    expect(verifyDevice(body, identity.publicKey, 'user-1')).toMatchObject(body);
    expect(createDevice(identity, 'user-1', 'chosen-id').deviceId).toBe('chosen-id');
  });

  it('refuses a device signed by another identity, for another user, or with swapped keys', () => {
    const refused = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return error instanceof E2eeVerificationError ? error.reason : 'other';
      }
      return 'accepted';
    };
    const other = createIdentity();
    // A server adding a device to user-1 cannot sign it with user-1's identity key.
    const planted = createDevice(other, 'user-1');
    expect(refused(() => verifyDevice(planted, identity.publicKey, 'user-1'))).toBe(
      'bad-device-signature',
    );
    expect(refused(() => verifyDevice(device, identity.publicKey, 'user-2'))).toBe(
      'bad-device-signature',
    );
    expect(
      refused(() => verifyDevice({ ...device, userId: 'user-2' }, identity.publicKey, 'user-2')),
    ).toBe('bad-device-signature');
    expect(
      refused(() =>
        verifyDevice(
          { ...device, encryptionKey: planted.encryptionKey },
          identity.publicKey,
          'user-1',
        ),
      ),
    ).toBe('bad-device-signature');
    expect(
      refused(() => verifyDevice({ ...device, deviceId: 'another' }, identity.publicKey, 'user-1')),
    ).toBe('bad-device-signature');
    expect(
      refused(() => verifyDevice({ ...device, signature: 'short' }, identity.publicKey, 'user-1')),
    ).toBe('malformed');
  });

  it('refuses an identity key pair whose halves do not match', () => {
    const other = createIdentity();
    expect(() => createDevice({ ...identity, secretKey: other.secretKey }, 'user-1')).toThrow(
      E2eeInputError,
    );
  });
});

describe('safety fingerprint', () => {
  const key = createIdentity().publicKey;

  it('is 30 digits in six groups of five, equal for the same user and key', () => {
    const fingerprint = safetyFingerprint('user-1', key);
    expect(fingerprint).toMatch(/^\d{5}( \d{5}){5}$/);
    expect(safetyFingerprint('user-1', key)).toBe(fingerprint);
  });

  it('differs for another key or another user', () => {
    expect(safetyFingerprint('user-1', createIdentity().publicKey)).not.toBe(
      safetyFingerprint('user-1', key),
    );
    expect(safetyFingerprint('user-2', key)).not.toBe(safetyFingerprint('user-1', key));
  });
});
