import {
  E2eeInputError,
  E2eeVerificationError,
  type EncryptedMessage,
  InboundSessionStore,
  OutboundSession,
  type SessionShare,
  openSealedSession,
  sealSession,
  verifyDevice,
} from '../index';
import { Person } from '../testing/room';
import { fromBase64Url, labelled, toBase64Url } from './encoding';
import { sign } from './primitives';

const ROOM = 'room-1';

/** Expects `run` to fail with an E2eeVerificationError with `reason`. */
async function expectRefused(
  run: () => unknown,
  reason: E2eeVerificationError['reason'],
): Promise<void> {
  let caught: unknown;
  try {
    await run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(E2eeVerificationError);
  expect((caught as E2eeVerificationError).reason).toBe(reason);
}

/** Flips one bit of a base64url value without breaking its encoding. */
function flip(value: string, at = 10): string {
  const char = value[at] as string;
  return value.slice(0, at) + (char === 'A' ? 'B' : 'A') + value.slice(at + 1);
}

describe('room sessions (real crypto)', () => {
  let alice: Person;
  let bob: Person;
  let carol: Person;

  beforeEach(() => {
    alice = new Person('alice');
    bob = new Person('bob');
    carol = new Person('carol');
    alice.shareWith(ROOM, [bob, carol]);
  });

  it('round trip: every member decrypts, the sender reads its own messages, and it is encrypted once', async () => {
    const message = alice.send(ROOM, 'hello team');
    expect(message).toMatchObject({
      roomId: ROOM,
      senderDeviceId: alice.device.deviceId,
      counter: 0,
    });
    expect(message.ciphertext).not.toContain('hello');
    expect(await bob.read(message, alice)).toBe('hello team');
    expect(await carol.read(message, alice)).toBe('hello team');
    expect(await alice.read(message, alice)).toBe('hello team');

    const second = alice.send(ROOM, 'second, with a call');
    expect(second.counter).toBe(1);
    expect(second.sessionId).toBe(message.sessionId);
    expect(await bob.read(second, alice)).toBe('second, with a call');
  });

  it('carries a call reference and refuses a plaintext that breaks the contract', async () => {
    const message = alice
      .session(ROOM)
      .encrypt(
        { v: 1, type: 'text', text: 'look at this call', callRef: { callId: 'call-9' } },
        alice.device,
      );
    const read = await bob.inbound.decrypt(message, {
      senderDevice: alice.verified,
      senderIsMember: true,
    });
    expect(read.plaintext).toEqual({
      v: 1,
      type: 'text',
      text: 'look at this call',
      callRef: { callId: 'call-9' },
    });
    expect(read).toMatchObject({
      senderUserId: 'alice',
      senderDeviceId: alice.device.deviceId,
      counter: 0,
    });

    expect(() => alice.send(ROOM, 'x'.repeat(4001))).toThrow(E2eeInputError);
    expect(() =>
      alice.session(ROOM).encrypt({ v: 1, type: 'text', text: 'not mine' }, bob.device),
    ).toThrow(E2eeInputError);
  });

  it('refuses a tampered ciphertext', async () => {
    const message = alice.send(ROOM, 'pay 10');
    // Re-sign the tampered ciphertext with the sender's real key: only the AEAD tag can catch it.
    const tampered = resign({ ...message, ciphertext: flip(message.ciphertext, 40) }, alice);
    await expectRefused(() => bob.read(tampered, alice), 'bad-ciphertext');
    // Without re-signing, the signature already refuses it.
    await expectRefused(
      () => bob.read({ ...message, ciphertext: flip(message.ciphertext, 40) }, alice),
      'bad-signature',
    );
  });

  it('refuses a tampered or foreign signature', async () => {
    const message = alice.send(ROOM, 'signed');
    await expectRefused(
      () => bob.read({ ...message, signature: flip(message.signature) }, alice),
      'bad-signature',
    );
    await expectRefused(() => bob.read(resign(message, carol), alice), 'bad-signature');
    await expectRefused(
      () => bob.read({ ...message, signature: 'not base64!' }, alice),
      'malformed',
    );
  });

  it('refuses a message moved to another room, counter or device (associated data)', async () => {
    alice.shareWith('room-2', [bob]);
    const message = alice.send(ROOM, 'for room 1 only');
    // A server (or a member with the session key) re-signing cannot move it either: the AEAD binds.
    await expectRefused(
      () => bob.read(resign({ ...message, roomId: 'room-2' }, alice), alice),
      'session-mismatch',
    );
    const moved = resign({ ...message, counter: 1 }, alice);
    alice.send(ROOM, 'the real message 1');
    await expectRefused(() => bob.read(moved, alice), 'bad-ciphertext');
    // Claiming to come from carol's device: carol's key does not verify alice's signature...
    await expectRefused(
      () => bob.read({ ...message, senderDeviceId: carol.device.deviceId }, carol),
      'bad-signature',
    );
    // ...and a message naming one device while checked against another is refused outright.
    await expectRefused(() => bob.read(message, carol), 'session-mismatch');
  });

  it('refuses a session id reused by another device (a member cannot forge in its name)', async () => {
    const message = alice.send(ROOM, 'from alice');
    // Bob holds alice's session key, but signing with it under his own device finds no such session.
    const forged = resign({ ...message, senderDeviceId: bob.device.deviceId }, bob);
    await expectRefused(() => carol.read(forged, bob), 'unknown-session');
  });

  it('refuses a replay of a counter as another message, but lets the same message be read again', async () => {
    const message = alice.send(ROOM, 'once');
    expect(await bob.read({ ...message, id: 'm-1' }, alice)).toBe('once');
    expect(await bob.read({ ...message, id: 'm-1' }, alice)).toBe('once');
    await expectRefused(() => bob.read({ ...message, id: 'm-2' }, alice), 'replay');
    expect(await carol.read(message, alice)).toBe('once');
    await expectRefused(() => carol.read(message, alice), 'replay');
  });

  it('refuses a message whose sender is not a member, and one from a session never shared', async () => {
    const message = alice.send(ROOM, 'members only');
    await expectRefused(() => bob.read(message, alice, false), 'not-a-member');
    const dave = new Person('dave');
    await expectRefused(() => dave.read(message, alice), 'unknown-session');
  });

  it('says when a membership change requires a rotation, and which devices still need the session', () => {
    const ids = (...people: Person[]) => people.map((person) => person.device.deviceId);
    const session = alice.session(ROOM);
    expect(session.devicesToShareWith(ids(alice, bob, carol))).toEqual([]);
    expect(session.mustRotateFor(ids(alice, bob, carol))).toBe(false);
    // A join: share the current session with the newcomer, no rotation.
    const dave = new Person('dave');
    expect(session.devicesToShareWith(ids(alice, bob, carol, dave))).toEqual(ids(dave));
    expect(session.mustRotateFor(ids(alice, bob, carol, dave))).toBe(false);
    // A leave (or a revoked device, or a changed identity): rotate.
    expect(session.mustRotateFor(ids(alice, bob))).toBe(true);
    const reloaded = OutboundSession.fromJSON(JSON.parse(JSON.stringify(session.toJSON())));
    expect(reloaded.mustRotateFor(ids(alice, bob))).toBe(true);
    expect(reloaded.share()).toEqual(session.share());
  });

  it('removed member: after rotation the new session goes to the remaining members only', async () => {
    const before = alice.send(ROOM, 'before carol left');
    expect(await carol.read(before, alice)).toBe('before carol left');

    // Carol is removed: alice rotates and shares the new session with bob only.
    alice.rotate(ROOM);
    alice.shareWith(ROOM, [bob]);
    const after = alice.send(ROOM, 'after carol left');
    expect(after.sessionId).not.toBe(before.sessionId);
    expect(after.counter).toBe(0);
    expect(await bob.read(after, alice)).toBe('after carol left');
    await expectRefused(() => carol.read(after, alice), 'unknown-session');
  });

  it('removed member cannot open the sealed session addressed to someone else', async () => {
    alice.rotate(ROOM);
    const share = alice.session(ROOM).share();
    const sealedForBob = sealFor(alice, bob, share);
    await expectRefused(
      () => openFor(carol, alice, sealedForBob, share.sessionId),
      // Addressed to bob: the signature covers the recipient, so carol's check fails first.
      'bad-signature',
    );
  });

  it('new member reads from the moment they joined, not before', async () => {
    const early = alice.send(ROOM, 'before dave joined');
    alice.send(ROOM, 'also before');
    const dave = new Person('dave');
    // Dave joins: alice shares her current session from its current index (no rotation needed).
    alice.shareWith(ROOM, [dave]);
    const late = alice.send(ROOM, 'welcome dave');
    expect(late.counter).toBe(2);
    expect(await dave.read(late, alice)).toBe('welcome dave');
    await expectRefused(() => dave.read(early, alice), 'counter-before-session');
    // What dave holds is the chain from index 2 on: the earlier chain is not derivable from it.
    const held = dave.inbound.shares()[0];
    expect(held?.index).toBe(2);
    expect(held?.chainKey).not.toBe(
      alice.inbound.shares().find((s) => s.sessionId === early.sessionId)?.chainKey,
    );
  });

  it('revoked device: its messages after the revocation are refused, earlier ones stay readable', async () => {
    const revokedAt = '2026-12-07T10:00:00.000Z';
    const old = {
      ...alice.send(ROOM, 'sent while trusted'),
      createdAt: '2026-12-07T09:59:00.000Z',
    };
    const late = {
      ...alice.send(ROOM, 'sent after revocation'),
      createdAt: '2026-12-07T10:00:01.000Z',
    };
    const revoked = verifyDevice({ ...alice.device, revokedAt }, alice.identity.publicKey, 'alice');
    const read = async (m: EncryptedMessage) =>
      (await bob.inbound.decrypt(m, { senderDevice: revoked, senderIsMember: true })).plaintext
        .text;
    expect(await read(old)).toBe('sent while trusted');
    await expectRefused(() => read(late), 'device-revoked');
    await expectRefused(
      () => read({ ...late, createdAt: undefined } as EncryptedMessage),
      'device-revoked',
    );
  });

  it('revoked device: the sessions created after the revocation are not shared with it', async () => {
    // Bob has two browsers; his second one is revoked. Alice rotates and shares with the first only.
    const bobPhone = new Person('bob', bob.identity);
    alice.shareWith(ROOM, [bobPhone]);
    expect(await bobPhone.read(alice.send(ROOM, 'both browsers'), alice)).toBe('both browsers');
    alice.rotate(ROOM);
    alice.shareWith(ROOM, [bob, carol]);
    const after = alice.send(ROOM, 'after the phone was revoked');
    expect(await bob.read(after, alice)).toBe('after the phone was revoked');
    await expectRefused(() => bobPhone.read(after, alice), 'unknown-session');
  });

  it('decrypts history out of order (paging backwards) and survives a JSON round trip of all state', async () => {
    const sent = Array.from({ length: 200 }, (_, i) => alice.send(ROOM, `message ${i}`));
    const read: string[] = [];
    for (const message of [...sent].reverse()) read.push(await bob.read(message, alice));
    expect(read).toEqual(sent.map((_, i) => `message ${199 - i}`));

    const restored = InboundSessionStore.fromJSON(
      JSON.parse(JSON.stringify(carol.inbound.toJSON())),
    );
    const outbound = OutboundSession.fromJSON(
      JSON.parse(JSON.stringify(alice.session(ROOM).toJSON())),
    );
    expect(outbound.counter).toBe(200);
    const next = outbound.encrypt({ v: 1, type: 'text', text: 'after reload' }, alice.device);
    expect(next.counter).toBe(200);
    const context = { senderDevice: alice.verified, senderIsMember: true };
    expect((await restored.decrypt(next, context)).plaintext.text).toBe('after reload');
    expect((await restored.decrypt(sent[7] as EncryptedMessage, context)).plaintext.text).toBe(
      'message 7',
    );
  });

  it('keeps the share reaching furthest back, and refuses a different chain under the same id', async () => {
    const dave = new Person('dave');
    const early = alice.send(ROOM, 'early');
    alice.shareWith(ROOM, [dave]);
    const fromZero = alice.inbound.shares()[0] as SessionShare;
    expect(fromZero.index).toBe(0);
    // Restoring an earlier share of the same chain (e.g. from a backup) extends what dave reads.
    expect(dave.inbound.add(fromZero)).toBe(true);
    expect(await dave.read(early, alice)).toBe('early');
    expect(dave.inbound.add({ ...fromZero, index: 1 })).toBe(false);
    // A different chain under the same session id (only its sender could make one) is refused.
    const eve = new Person('eve');
    alice.shareWith(ROOM, [eve]);
    const otherChain = alice.session('room-9').share().chainKey;
    expect(() => eve.inbound.add({ ...fromZero, chainKey: otherChain })).toThrow(
      expect.objectContaining({ reason: 'session-mismatch' }),
    );
  });

  it('decrypts any order of a long history for a member who joined mid-session', async () => {
    for (let i = 0; i < 37; i++) alice.send(ROOM, `before ${i}`);
    const dave = new Person('dave');
    alice.shareWith(ROOM, [dave]);
    const sent = Array.from({ length: 300 }, (_, i) => alice.send(ROOM, `after ${i}`));
    // A fixed shuffle (deterministic), so checkpoints, the cursor and walks from the start all run.
    const order = sent.map((_, i) => (i * 7919) % sent.length);
    for (const i of order)
      expect(await dave.read(sent[i] as EncryptedMessage, alice)).toBe(`after ${i}`);
  });

  it('asks for rotation after the message or age limit', async () => {
    const session = OutboundSession.create(ROOM, alice.device, new Date('2026-12-01T00:00:00Z'));
    expect(session.needsRotation(new Date('2026-12-02T00:00:00Z'))).toBe(false);
    expect(session.needsRotation(new Date('2026-12-08T00:00:00Z'))).toBe(true);
    session.encrypt({ v: 1, type: 'text', text: 'one' }, alice.device);
    expect(
      session.needsRotation(new Date('2026-12-02T00:00:00Z'), { maxMessages: 1, maxAgeMs: 1e12 }),
    ).toBe(true);
  });

  it('refuses malformed counters and oversized input without ratcheting', async () => {
    const message = alice.send(ROOM, 'x');
    await expectRefused(
      () => bob.read(resign({ ...message, counter: 1e9 }, alice), alice),
      'malformed',
    );
    await expectRefused(
      () => bob.read(resign({ ...message, counter: -1 }, alice), alice),
      'malformed',
    );
    await expectRefused(
      () => bob.read(resign({ ...message, ciphertext: 'A'.repeat(30000) }, alice), alice),
      'malformed',
    );
  });
});

/** Signs a (modified) message with `signer`'s device key, as a malicious sender or server would. */
function resign(m: EncryptedMessage, signer: Person): EncryptedMessage {
  const signed = labelled(
    'poscalls4u-msg-sig-v1',
    m.roomId,
    m.senderDeviceId,
    m.sessionId,
    m.counter,
    m.ciphertext,
  );
  const secret = fromBase64Url(signer.device.signingSecretKey, 'signing secret');
  return { ...m, signature: toBase64Url(sign(signed, secret)) };
}

function sealFor(sender: Person, recipient: Person, share: SessionShare): string {
  return sealSession(share, recipient.verified, sender.device);
}

function openFor(recipient: Person, sender: Person, sealed: string, sessionId: string) {
  return openSealedSession(sealed, { roomId: ROOM, sessionId }, recipient.device, sender.verified);
}
