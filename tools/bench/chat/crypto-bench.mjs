// tools/bench/chat: the cost of the chat's end-to-end encryption itself, without network or
// database (issue 13). It runs the library of the consoles (libs/shared/e2ee, loaded unchanged by
// ../lib/e2ee.mjs) for a room of `--room` members: one sender encrypts a `--chars`-character
// message once, and every other member verifies and decrypts it. The baseline is the least any
// encrypted chat must do: XChaCha20-Poly1305 of the same bytes under one shared key, sealed once and
// opened by every member. It also times sharing a new room session with the room (a rotation) and
// the key backup's Argon2id at its production parameters (what a browser spends on the passphrase).
//
//   npm run bench:chat-crypto [-- --room 50 --chars 200 --messages 300]
//
// The end-to-end socket benchmark (Socket.IO clients in rooms of 50 through the chat API, p50/p99
// from send to decrypted, against a bare plaintext relay in the same run) is ./chat-bench.mjs
// (`npm run bench:chat`).
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

import { loadE2ee } from '../lib/e2ee.mjs';
import { percentile, printTable } from '../lib/stats.mjs';

const { values } = parseArgs({
  options: {
    room: { type: 'string', default: '50' },
    chars: { type: 'string', default: '200' },
    messages: { type: 'string', default: '300' },
    'skip-argon2': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log('npm run bench:chat-crypto [-- --room 50 --chars 200 --messages 300 --skip-argon2]');
  process.exit(0);
}
const roomSize = Number(values.room);
const chars = Number(values.chars);
const messages = Number(values.messages);
if (![roomSize, chars, messages].every((n) => Number.isInteger(n) && n > 1) || chars > 4000) {
  throw new Error('--room, --chars (<= 4000) and --messages must be integers above 1');
}

const e2ee = await loadE2ee();
const loadBefore = loadavg();
const roomId = 'bench-room';
const text = 'x'.repeat(chars);
const ms = (value) => value.toFixed(3);

// The room: one identity and one browser per member; member 0 sends.
const members = Array.from({ length: roomSize }, (_, i) => {
  const userId = `user-${i}`;
  const identity = e2ee.createIdentity();
  const device = e2ee.createDevice(identity, userId);
  return {
    userId,
    device,
    verified: e2ee.verifyDevice(device, identity.publicKey, userId),
    inbound: new e2ee.InboundSessionStore(),
  };
});
const [sender, ...recipients] = members;

// A rotation: a new session sealed to each member device and opened there.
let started = performance.now();
const session = e2ee.OutboundSession.create(roomId, sender.device);
sender.inbound.add(session.share());
const share = session.share();
const sealed = recipients.map((member) => e2ee.sealSession(share, member.verified, sender.device));
const sealMs = performance.now() - started;
started = performance.now();
recipients.forEach((member, i) =>
  member.inbound.add(
    e2ee.openSealedSession(
      sealed[i],
      { roomId, sessionId: share.sessionId },
      member.device,
      sender.verified,
    ),
  ),
);
const openMs = performance.now() - started;

// E2EE: encrypt once, every recipient verifies and decrypts (sequentially, as on one core).
const context = { senderDevice: sender.verified, senderIsMember: true };
const e2eeEncrypt = [];
const e2eeDecrypt = [];
const e2eeTotal = [];
for (let m = 0; m < messages; m++) {
  const t0 = performance.now();
  const message = session.encrypt({ v: 1, type: 'text', text }, sender.device);
  const t1 = performance.now();
  for (const member of recipients) {
    const read = await member.inbound.decrypt({ ...message, id: `m-${m}` }, context);
    if (read.plaintext.text.length !== chars) throw new Error('decryption returned another text');
  }
  const t2 = performance.now();
  e2eeEncrypt.push(t1 - t0);
  e2eeDecrypt.push((t2 - t1) / recipients.length);
  e2eeTotal.push(t2 - t0);
}

// The same, with the recipients decrypting concurrently (as many clients in one process do), and
// the CPU time it costs (all threads: WebCrypto verifies on Node's thread pool).
const e2eeConcurrent = [];
const cpuBefore = process.cpuUsage();
for (let m = 0; m < messages; m++) {
  const t0 = performance.now();
  const message = session.encrypt({ v: 1, type: 'text', text }, sender.device);
  await Promise.all(
    recipients.map((member) => member.inbound.decrypt({ ...message, id: `c-${m}` }, context)),
  );
  e2eeConcurrent.push(performance.now() - t0);
}
const cpu = process.cpuUsage(cpuBefore);
const e2eeCpuPerMessage = (cpu.user + cpu.system) / 1000 / messages;

// Baseline: the same plaintext bytes, XChaCha20-Poly1305 under one shared key, no signature.
const plainBytes = new TextEncoder().encode(JSON.stringify({ v: 1, type: 'text', text }));
const roomKey = randomBytes(32);
const plainTotal = [];
for (let m = 0; m < messages; m++) {
  const t0 = performance.now();
  const nonce = randomBytes(24);
  const ciphertext = xchacha20poly1305(roomKey, nonce).encrypt(plainBytes);
  for (let r = 0; r < recipients.length; r++) {
    const opened = xchacha20poly1305(roomKey, nonce).decrypt(ciphertext);
    if (opened.length !== plainBytes.length) throw new Error('baseline decryption failed');
  }
  plainTotal.push(performance.now() - t0);
}

let argonMs;
if (!values['skip-argon2']) {
  const kdf = e2ee.createBackupKdf();
  started = performance.now();
  await e2ee.deriveBackupKey('correct horse battery staple', kdf);
  argonMs = performance.now() - started;
}

const loadAfter = loadavg();
const median = (list) => percentile(list, 50);
const ratio = median(e2eeTotal) / median(plainTotal);
console.log(
  `chat crypto, room of ${roomSize} (1 sender, ${recipients.length} recipients), ${chars}-char message, ${messages} messages; ${cpus().length} cores, Node ${process.version}`,
);
printTable([
  ['per message (ms)', 'p50', 'p99'],
  ['E2EE: encrypt + sign once', ms(median(e2eeEncrypt)), ms(percentile(e2eeEncrypt, 99))],
  [
    'E2EE: verify + decrypt, per recipient',
    ms(median(e2eeDecrypt)),
    ms(percentile(e2eeDecrypt, 99)),
  ],
  ['E2EE: whole room', ms(median(e2eeTotal)), ms(percentile(e2eeTotal, 99))],
  [
    'E2EE: whole room, recipients concurrently',
    ms(median(e2eeConcurrent)),
    ms(percentile(e2eeConcurrent, 99)),
  ],
  ['plain XChaCha20-Poly1305: whole room', ms(median(plainTotal)), ms(percentile(plainTotal, 99))],
]);
console.log('');
printTable([
  ['figure', 'value'],
  ['E2EE / plain XChaCha20 (whole room, sequential, p50)', `${ratio.toFixed(1)}x`],
  ['E2EE CPU time per room message, concurrent (ms)', ms(e2eeCpuPerMessage)],
  ['room messages/s the CPU allows (E2EE, 1 core)', Math.floor(1000 / e2eeCpuPerMessage)],
  ['room messages/s one core allows (plain)', Math.floor(1000 / median(plainTotal))],
  [`rotation: seal to ${recipients.length} devices (ms)`, ms(sealMs)],
  [`rotation: open on ${recipients.length} devices (ms, all together)`, ms(openMs)],
  ['backup Argon2id 64 MiB, t=3, p=1 (ms)', argonMs === undefined ? 'skipped' : ms(argonMs)],
  ['load average before (1/5/15 min)', loadBefore.map((l) => l.toFixed(2)).join(' / ')],
  ['load average after (1/5/15 min)', loadAfter.map((l) => l.toFixed(2)).join(' / ')],
]);
console.log(
  "\nEvery recipient verifies the sender device's Ed25519 signature (WebCrypto where the platform has it),\nderives the message key from the session chain (HKDF-SHA-256) and opens XChaCha20-Poly1305;\nthe baseline only opens XChaCha20-Poly1305. In a real room each member does its share on its own device.",
);
