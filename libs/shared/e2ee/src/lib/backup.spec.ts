import {
  BACKUP_KDF_PARAMS,
  E2eeBackupError,
  E2eeInputError,
  E2eeVerificationError,
  type EncryptedMessage,
  InboundSessionStore,
  type KeyBackupPayload,
  createBackupKdf,
  createDevice,
  createIdentity,
  decryptBackup,
  deriveBackupKey,
  encryptBackup,
  openBackup,
  sealBackup,
  verifyDevice,
} from '../index';
import { Person } from '../testing/room';

const ROOM = 'team-room';
const DM = 'dm-alice-bob';
const PASSPHRASE = 'correct horse battery staple';
/** Test-only cheap parameters, for speed; the production ones are tested once below. */
const FAST = { memoryKiB: 256, iterations: 1, parallelism: 1 };

async function backupError(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    if (error instanceof E2eeBackupError) return error.reason;
    throw error;
  }
  return 'accepted';
}

describe('key backup and restore', () => {
  let alice: Person;
  let bob: Person;
  let history: { message: EncryptedMessage; from: Person; text: string }[];

  beforeEach(() => {
    alice = new Person('alice');
    bob = new Person('bob');
    alice.shareWith(ROOM, [bob]);
    bob.shareWith(ROOM, [alice]);
    alice.shareWith(DM, [bob]);
    history = [];
    const say = (from: Person, room: string, text: string) =>
      history.push({ message: from.send(room, text), from, text });
    say(alice, ROOM, 'morning team');
    say(bob, ROOM, 'morning alice');
    say(alice, DM, 'a private word');
    // A rotation in the middle of the history: the backup must hold both of alice's room sessions.
    alice.rotate(ROOM);
    alice.shareWith(ROOM, [bob]);
    say(alice, ROOM, 'after rotation');
    say(bob, ROOM, 'still here');
  });

  function payloadOf(person: Person): KeyBackupPayload {
    return {
      v: 1,
      userId: person.userId,
      identity: person.identity,
      sessions: person.inbound.shares(),
    };
  }

  it('restores the identity and every room session on a fresh browser: the whole history decrypts', async () => {
    const { backup, backupKey } = await encryptBackup(PASSPHRASE, payloadOf(alice), FAST);
    expect(backup.kdf).toMatchObject({ algorithm: 'argon2id', ...FAST });
    const stored = JSON.stringify(backup);
    expect(stored).not.toContain(alice.identity.secretKey);
    expect(stored).not.toContain(PASSPHRASE);

    // A fresh browser: nothing but the passphrase and what the server returns.
    const { payload, backupKey: derivedAgain } = await decryptBackup(
      PASSPHRASE,
      JSON.parse(stored),
      'alice',
    );
    expect(derivedAgain).toBe(backupKey);
    expect(payload.identity).toEqual(alice.identity);
    const store = new InboundSessionStore();
    payload.sessions.forEach((share) => store.add(share));
    const newDevice = createDevice(payload.identity, 'alice');
    expect(() => verifyDevice(newDevice, alice.identity.publicKey, 'alice')).not.toThrow();

    const read: string[] = [];
    for (const { message, from } of history) {
      const context = { senderDevice: from.verified, senderIsMember: true };
      read.push((await store.decrypt(message, context)).plaintext.text);
    }
    expect(read).toEqual(history.map(({ text }) => text));
  });

  it('re-encrypts later backups with the derived key, no second Argon2 run', async () => {
    const { backup, backupKey } = await encryptBackup(PASSPHRASE, payloadOf(alice), FAST);
    alice.send(DM, 'one more');
    const next = sealBackup(backupKey, backup.kdf, payloadOf(alice));
    expect(next.kdf).toEqual(backup.kdf);
    expect(next.ciphertext).not.toBe(backup.ciphertext);
    expect(openBackup(backupKey, next, 'alice').sessions).toHaveLength(alice.inbound.size);
  });

  it('refuses a wrong passphrase, an altered backup and another user’s backup', async () => {
    const { backup } = await encryptBackup(PASSPHRASE, payloadOf(alice), FAST);
    expect(
      await backupError(() => decryptBackup('correct horse battery stapler', backup, 'alice')),
    ).toBe('wrong-passphrase');
    const flipped =
      backup.ciphertext.slice(0, 40) +
      (backup.ciphertext[40] === 'A' ? 'B' : 'A') +
      backup.ciphertext.slice(41);
    expect(
      await backupError(() =>
        decryptBackup(PASSPHRASE, { ...backup, ciphertext: flipped }, 'alice'),
      ),
    ).toBe('wrong-passphrase');
    // A server serving alice's backup to bob (or swapping the parameters) gains nothing.
    expect(await backupError(() => decryptBackup(PASSPHRASE, backup, 'bob'))).toBe(
      'wrong-passphrase',
    );
    const key = await deriveBackupKey(PASSPHRASE, backup.kdf);
    const otherSalt = createBackupKdf(FAST).salt;
    expect(
      await backupError(async () =>
        openBackup(key, { ...backup, kdf: { ...backup.kdf, salt: otherSalt } }, 'alice'),
      ),
    ).toBe('wrong-passphrase');
  });

  it('refuses weak, absurd or malformed Argon2id parameters and short passphrases', async () => {
    const payload = payloadOf(alice);
    expect(
      await backupError(() =>
        encryptBackup(PASSPHRASE, payload, { memoryKiB: 8, iterations: 1, parallelism: 2 }),
      ),
    ).toBe('kdf-parameters');
    const { backup } = await encryptBackup(PASSPHRASE, payload, FAST);
    const huge = { ...backup, kdf: { ...backup.kdf, memoryKiB: 4 * 1048576 } };
    expect(await backupError(() => decryptBackup(PASSPHRASE, huge, 'alice'))).toBe(
      'kdf-parameters',
    );
    expect(
      await backupError(() =>
        decryptBackup(PASSPHRASE, { ...backup, kdf: { ...backup.kdf, salt: 'x' } }, 'alice'),
      ),
    ).toBe('malformed');
    await expect(encryptBackup('short', payload, FAST)).rejects.toBeInstanceOf(E2eeInputError);
  });

  it('uses the production parameters (64 MiB, 3 passes) by default, in browser-feasible time', async () => {
    expect(BACKUP_KDF_PARAMS).toEqual({ memoryKiB: 65536, iterations: 3, parallelism: 1 });
    const started = performance.now();
    const { backup } = await encryptBackup(PASSPHRASE, payloadOf(alice));
    const elapsed = performance.now() - started;
    expect(backup.kdf).toMatchObject({
      algorithm: 'argon2id',
      memoryKiB: 65536,
      iterations: 3,
      parallelism: 1,
    });
    // About 0.8 s on an idle core of this machine (as in Chromium: same engine); generous
    // headroom for a loaded CI box. `npm run bench:chat-crypto` prints the measured time.
    expect(elapsed).toBeLessThan(10_000);
    const { payload } = await decryptBackup(PASSPHRASE, backup, 'alice');
    expect(payload.sessions).toHaveLength(alice.inbound.size);
  }, 60_000);

  it('without the passphrase the user starts fresh: old devices and old messages are not trusted', async () => {
    const fresh = createIdentity();
    const freshAlice = new Person('alice', fresh);
    // Bob, seeing alice's new identity key, no longer accepts her old device...
    expect(() => verifyDevice(alice.device, fresh.publicKey, 'alice')).toThrow(
      E2eeVerificationError,
    );
    // ...and alice's new browser holds no old session: her old history stays unreadable to her.
    const first = history[0] as (typeof history)[number];
    await expect(
      freshAlice.inbound.decrypt(first.message, {
        senderDevice: alice.verified,
        senderIsMember: true,
      }),
    ).rejects.toMatchObject({ reason: 'unknown-session' });
  });
});
