import { E2eeInputError, TrustStore, createIdentity, safetyFingerprint } from '../index';
import { Person } from '../testing/room';

describe('trust on first use', () => {
  it('accepts a first identity, reports an unchanged one, and warns on a changed one', () => {
    const trust = new TrustStore();
    const bob = new Person('bob');
    expect(trust.observeIdentity('bob', bob.identity.publicKey)).toEqual({ status: 'first-seen' });
    expect(trust.observeIdentity('bob', bob.identity.publicKey)).toEqual({
      status: 'unchanged',
      verified: false,
    });
    trust.markVerified('bob', bob.identity.publicKey);
    expect(trust.isVerified('bob')).toBe(true);

    // Bob started fresh (or a server planted a key): members are warned, verification starts over.
    const fresh = createIdentity();
    expect(trust.observeIdentity('bob', fresh.publicKey)).toEqual({
      status: 'changed',
      previousFingerprint: safetyFingerprint('bob', bob.identity.publicKey),
      wasVerified: true,
    });
    expect(trust.isVerified('bob')).toBe(false);
    expect(() => trust.markVerified('bob', bob.identity.publicKey)).toThrow(E2eeInputError);
  });

  it('flags devices not seen before, with whether their user is verified', () => {
    const trust = new TrustStore();
    const bob = new Person('bob');
    const bobPhone = new Person('bob', bob.identity);
    expect(() => trust.observeDevice(bob.verified)).toThrow(E2eeInputError);
    trust.observeIdentity('bob', bob.identity.publicKey);
    expect(trust.observeDevice(bob.verified)).toEqual({ isNew: true, identityVerified: false });
    expect(trust.observeDevice(bob.verified)).toEqual({ isNew: false, identityVerified: false });
    trust.markVerified('bob', bob.identity.publicKey);
    expect(trust.observeDevice(bobPhone.verified)).toEqual({ isNew: true, identityVerified: true });

    const reloaded = TrustStore.fromJSON(JSON.parse(JSON.stringify(trust.toJSON())));
    expect(reloaded.isVerified('bob')).toBe(true);
    expect(reloaded.observeDevice(bobPhone.verified).isNew).toBe(false);
  });
});
