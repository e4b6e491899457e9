import {
  E2eeInputError,
  E2eeVerificationError,
  MAX_SEALED_LENGTH,
  openSealedSession,
  sealSession,
} from '../index';
import { Person } from '../testing/room';
import { fromBase64Url, fromUtf8, toBase64Url, utf8 } from './encoding';

const ROOM = 'room-1';

function reasonOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof E2eeVerificationError) return error.reason;
    throw error;
  }
  return undefined;
}

/** Rewrites one field of the sealed envelope (what a malicious server could do to the mailbox item). */
function rewrite(sealed: string, field: 'e' | 'c' | 's', value: string): string {
  const envelope = JSON.parse(fromUtf8(fromBase64Url(sealed, 'sealed'))) as Record<string, string>;
  envelope[field] = value;
  return toBase64Url(utf8(JSON.stringify(envelope)));
}

describe('sealed room sessions (the key mailbox)', () => {
  const alice = new Person('alice');
  const bob = new Person('bob');
  const carol = new Person('carol');
  const share = alice.session(ROOM).share();
  const header = { roomId: ROOM, sessionId: share.sessionId };
  const sealed = sealSession(share, bob.verified, alice.device);

  it('opens for the recipient device and yields exactly the shared session', () => {
    expect(sealed.length).toBeLessThan(MAX_SEALED_LENGTH);
    expect(sealed).not.toContain(share.chainKey);
    expect(openSealedSession(sealed, header, bob.device, alice.verified)).toEqual(share);
  });

  it('does not open for another device, even one of the same user', () => {
    expect(reasonOf(() => openSealedSession(sealed, header, carol.device, alice.verified))).toBe(
      'bad-signature',
    );
    const bobPhone = new Person('bob', bob.identity);
    expect(reasonOf(() => openSealedSession(sealed, header, bobPhone.device, alice.verified))).toBe(
      'bad-signature',
    );
  });

  it('refuses a tampered envelope, a wrong sender and a wrong header', () => {
    const envelope = JSON.parse(fromUtf8(fromBase64Url(sealed, 'sealed'))) as Record<
      string,
      string
    >;
    const flipped = (value: string) => (value[0] === 'A' ? 'B' : 'A') + value.slice(1);
    for (const field of ['e', 'c', 's'] as const) {
      const reason = reasonOf(() =>
        openSealedSession(
          rewrite(sealed, field, flipped(envelope[field] as string)),
          header,
          bob.device,
          alice.verified,
        ),
      );
      expect(['bad-signature', 'malformed']).toContain(reason);
    }
    expect(reasonOf(() => openSealedSession(sealed, header, bob.device, carol.verified))).toBe(
      'bad-signature',
    );
    expect(
      reasonOf(() =>
        openSealedSession(sealed, { ...header, roomId: 'room-2' }, bob.device, alice.verified),
      ),
    ).toBe('bad-signature');
    expect(reasonOf(() => openSealedSession('%%%', header, bob.device, alice.verified))).toBe(
      'malformed',
    );
    expect(
      reasonOf(() => openSealedSession('A'.repeat(5000), header, bob.device, alice.verified)),
    ).toBe('malformed');
  });

  it('refuses to share a session of another device', () => {
    expect(() => sealSession(share, bob.verified, carol.device)).toThrow(E2eeInputError);
  });
});
