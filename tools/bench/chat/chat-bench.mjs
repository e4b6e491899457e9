// tools/bench/chat: the end-to-end encrypted chat under load (issue 13). `--clients` real
// Socket.IO clients (500), each a user with its own identity and device keys from the consoles'
// protocol library (libs/shared/e2ee, loaded unchanged by ../lib/e2ee.mjs), in team rooms of
// `--room` members (50). A few members of each room send; each message is encrypted and signed by
// its sender, posted to the chat API, stored, pushed as `chat:message` to every member's sockets,
// and verified and decrypted by every recipient. The delay of a message at a recipient runs from
// the moment its sender starts encrypting to the moment the recipient's decryption resolves.
//
// The baseline, in the same run, is a bare Socket.IO relay (./relay.mjs, its own process as the
// API is): the same clients in the same rooms send the same text in clear, and the relay hands it
// to the other sockets of the room, with nothing else (no checks, no storage, no encryption).
//
// (a) Delivery at a fixed rate (`--rate` 100 messages/s spread over the rooms), open loop: the
//     chat (E2EE through the API), then the relay with plaintext. p50/p99 from send to read.
// (b) Throughput, closed loop: `--window` messages in flight at any time, for `--seconds`; a
//     message counts once every recipient has it (decrypted, for the encrypted paths). Through the
//     relay in clear (the baseline), through the relay encrypted (the cost of the encryption alone:
//     the same relay, the same sockets, the library at both ends), and through the chat API.
//
// Everything runs on the built API with a scratch PostgreSQL database and a Redis key prefix, both
// removed afterwards; all traffic goes to 127.0.0.1. The receiving side of the clients (their
// sockets, device keys and inbound sessions) is spread over `--processes` child processes
// (./recipients.mjs, 2), as 500 browsers would each decrypt on their own device; the senders
// encrypt and post from this process. They all share the machine's cores with the API and the
// relay, so the figures are an upper bound of the delay a person sees.
//
//   npm run bench:chat [-- --help]
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { io } from 'socket.io-client';

import { Session, request } from '../../simulate/lib/client.mjs';
import { loadE2ee } from '../lib/e2ee.mjs';
import { describeMachine, verdict, watchMachine } from '../lib/machine.mjs';
import { BENCH_PASSWORD, startPlatform } from '../lib/platform.mjs';
import {
  DEFAULT_DATABASE_URL,
  DEFAULT_REDIS_URL,
  scratchDatabase,
  scratchRedisPrefix,
} from '../lib/scratch.mjs';
import { percentile, printTable } from '../lib/stats.mjs';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '500' },
    room: { type: 'string', default: '50' },
    senders: { type: 'string', default: '5' },
    rate: { type: 'string', default: '100' },
    'rate-seconds': { type: 'string', default: '10' },
    window: { type: 'string', default: '20' },
    seconds: { type: 'string', default: '10' },
    chars: { type: 'string', default: '200' },
    processes: { type: 'string', default: '2' },
    only: { type: 'string' },
    help: { type: 'boolean' },
  },
});
if (values.help) {
  console.log(`Usage: npm run bench:chat [-- options]
  --clients N       connected clients, one user and one device each        (500)
  --room N          members per room (clients / room rooms)                (50)
  --senders N       members of each room who send                          (5)
  --rate N          messages/s over all rooms in the delivery measures    (100)
  --rate-seconds S  length of each delivery measure                       (10)
  --window N        messages in flight in the throughput measures         (20)
  --seconds S       length of each throughput measure                     (10)
  --chars N         characters per message                                (200)
  --processes N     child processes the receiving clients are spread over   (2)
  --only delivery|throughput   run one kind of measure
Environment: DATABASE_URL (${DEFAULT_DATABASE_URL}), REDIS_URL (${DEFAULT_REDIS_URL}).`);
  process.exit(0);
}
const clientCount = Number(values.clients);
const roomSize = Number(values.room);
const sendersPerRoom = Number(values.senders);
const rate = Number(values.rate);
const rateSeconds = Number(values['rate-seconds']);
const windowSize = Number(values.window);
const seconds = Number(values.seconds);
const chars = Number(values.chars);
const processCount = Number(values.processes);
if (
  ![
    clientCount,
    roomSize,
    sendersPerRoom,
    rate,
    rateSeconds,
    windowSize,
    seconds,
    chars,
    processCount,
  ].every((n) => Number.isFinite(n) && n > 0) ||
  clientCount % roomSize !== 0 ||
  sendersPerRoom > roomSize ||
  chars > 4000
) {
  throw new Error(
    '--clients must be a multiple of --room, --senders at most --room, --chars at most 4000, all positive',
  );
}
const roomCount = clientCount / roomSize;
const PASSWORD = BENCH_PASSWORD;
const TARGET_P99_MS = 150;
const TARGET_THROUGHPUT_RATIO = 0.7;
const runs = (measure) => !values.only || values.only === measure;

/** Runs `task` over `items` with at most `limit` at once. */
async function eachLimited(items, limit, task) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        await task(items[index], index);
      }
    }),
  );
}

function connect(url, auth) {
  const socket = io(url, {
    ...(auth ? { auth } : {}),
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => reject(error));
  });
}

/** Why a send failed, with the network cause a bare "fetch failed" hides. */
const reason = (error) =>
  error.cause ? `${error.message} (${error.cause.code ?? error.cause.message})` : error.message;

/** The wall clock shared with the recipient processes, in milliseconds. */
const now = () => performance.timeOrigin + performance.now();

/**
 * The recipient processes (./recipients.mjs), each given its share of the clients; `call` runs one
 * of their handlers in all of them and answers their results. Arrivals and failures they report go
 * to `onArrived(id, at)` and `onFailed(message)`.
 */
async function startRecipients(clientsToHost, roomDevices, { onArrived, onFailed }) {
  const perProcess = Math.ceil(clientsToHost.length / processCount);
  const hosts = [];
  for (let p = 0; p < processCount; p++) {
    const child = fork(new URL('./recipients.mjs', import.meta.url), [], { stdio: 'inherit' });
    const waiting = new Map();
    child.on('message', (message) => {
      if (message.type === 'arrived') {
        for (let i = 0; i < message.items.length; i += 2)
          onArrived(message.items[i], message.items[i + 1]);
      } else if (message.type === 'failed') message.messages.forEach(onFailed);
      else if (message.type === 'done') {
        const { resolve, reject } = waiting.get(message.call);
        waiting.delete(message.call);
        if (message.error) reject(new Error(message.error));
        else resolve(message.result);
      }
    });
    await new Promise((resolve, reject) => {
      child.once('message', resolve);
      child.once('exit', (code) => reject(new Error(`a recipient process exited with ${code}`)));
    });
    let calls = 0;
    hosts.push({
      child,
      call(type, args = {}) {
        const call = ++calls;
        return new Promise((resolve, reject) => {
          waiting.set(call, { resolve, reject });
          child.send({ ...args, type, call });
        });
      },
    });
    await hosts[p].call('init', {
      chars,
      roomDevices,
      clients: clientsToHost.slice(p * perProcess, (p + 1) * perProcess),
    });
  }
  return {
    call: (type, args) => Promise.all(hosts.map((host) => host.call(type, args))),
    async stop() {
      for (const { child } of hosts) {
        child.kill('SIGTERM');
        if (child.exitCode === null) await new Promise((done) => child.once('exit', done));
      }
    },
  };
}

/** CPU seconds used so far by this process and the recipient processes together. */
async function clientCpuSeconds(recipients) {
  const { user, system } = process.cpuUsage();
  const theirs = await recipients.call('cpu');
  return (user + system) / 1e6 + theirs.reduce((sum, seconds) => sum + seconds, 0);
}

/**
 * CPU seconds used so far by this process's child whose command line names `script` (the API,
 * the relay), from /proc; undefined where there is none.
 */
function childCpuSeconds(script) {
  try {
    for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) !== process.pid) continue;
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(script)) continue;
      return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, USER_HZ ticks
    }
  } catch {
    // no /proc, or the child is gone
  }
  return undefined;
}

/**
 * What one measure cost, per message sent: the server's CPU (the API or the relay), the clients'
 * CPU (senders and recipients), and the Socket.IO events and bytes that reached the recipients.
 * Evidence of where a message's work goes that holds on a loaded machine. (The database's
 * statements a send are counted exactly by apps/api/test/chat-send-path.spec.ts: pg_stat_database
 * reports them seconds late, into the next measure.)
 */
async function costMeter(serverScript) {
  await recipients.call('traffic');
  const before = {
    server: childCpuSeconds(serverScript),
    clients: await clientCpuSeconds(recipients),
  };
  return async (messages) => {
    const traffic = await recipients.call('traffic');
    const server = childCpuSeconds(serverScript);
    const clients = await clientCpuSeconds(recipients);
    const events = {};
    for (const { events: counted } of traffic)
      for (const [name, count] of Object.entries(counted))
        events[name] = (events[name] ?? 0) + count;
    const bytes = traffic.reduce((sum, item) => sum + item.bytes, 0);
    const per = (value) => (value === undefined ? undefined : value / messages);
    return {
      serverCpuMs: per(server === undefined ? undefined : (server - before.server) * 1000),
      clientCpuMs: per((clients - before.clients) * 1000),
      events: Object.fromEntries(
        Object.entries(events).map(([name, count]) => [name, count / messages]),
      ),
      bytes: per(bytes),
    };
  };
}

const describeCost = (cost) =>
  `per message: server CPU ${cost.serverCpuMs?.toFixed(2) ?? 'n/a'} ms, clients' CPU ${cost.clientCpuMs.toFixed(2)} ms, ` +
  `recipients got ` +
  `${Object.entries(cost.events)
    .map(([name, count]) => `${count.toFixed(1)} ${name}`)
    .join(' + ')} events, ${(cost.bytes / 1024).toFixed(1)} KiB`;

/** The relay (./relay.mjs) in its own process; answers its URL and how to stop it. */
async function startRelay() {
  const child = fork(new URL('./relay.mjs', import.meta.url), [], { stdio: 'inherit' });
  const { port } = await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`the relay exited with code ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      child.kill('SIGTERM');
      if (child.exitCode === null) await new Promise((done) => child.once('exit', done));
    },
  };
}

/**
 * The bookkeeping of one measure: when each message left, which recipients read it, when each
 * message was read by all. `expect` registers a message; `arrived` records one recipient.
 */
function tracker() {
  const messages = new Map();
  const delays = [];
  let completed = 0;
  let failures = 0;
  let resends = 0;
  let onComplete = () => undefined;
  return {
    delays,
    get resends() {
      return resends;
    },
    /** A send sent again after its connection failed (`why`). */
    resent(why) {
      resends += 1;
      if (resends === 1) console.error(`  a send is sent again after: ${why}`);
    },
    get completed() {
      return completed;
    },
    get failures() {
      return failures;
    },
    set onComplete(listener) {
      onComplete = listener;
    },
    expect(id, recipients, sentAt) {
      messages.set(id, { sentAt, waiting: recipients });
    },
    /** `at`: when the recipient had it, on the shared clock (`now()`). */
    arrived(id, at) {
      const message = messages.get(id);
      if (!message) return;
      delays.push(at - message.sentAt);
      message.waiting -= 1;
      if (message.waiting === 0) {
        messages.delete(id);
        completed += 1;
        onComplete();
      }
    },
    failed(why) {
      failures += 1;
      if (failures === 1) console.error(`  a message failed: ${why}`);
    },
  };
}

/** Sends in an open loop at `rate` messages/s for `duration` s, round-robin over rooms and senders. */
async function openLoop(track, send, senders, duration) {
  const total = Math.round(rate * duration);
  let sent = 0;
  const pending = new Set();
  const started = performance.now();
  const cpuBefore = await clientCpuSeconds(recipients);
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate));
    while (sent < due) {
      const promise = send(senders[sent % senders.length])
        .catch((error) => track.failed(reason(error)))
        .finally(() => pending.delete(promise));
      pending.add(promise);
      sent += 1;
    }
    await sleep(5);
  }
  const elapsed = (performance.now() - started) / 1000;
  const cpu = (await clientCpuSeconds(recipients)) - cpuBefore;
  await Promise.all(pending);
  return { sent, perSecond: sent / elapsed, clientCpu: cpu / elapsed };
}

/** Keeps `windowSize` messages in flight for `duration` s; answers completed messages/s. */
async function closedLoop(track, send, senders, duration) {
  let sent = 0;
  let inFlight = 0;
  const started = performance.now();
  const until = started + duration * 1000;
  let wake = () => undefined;
  track.onComplete = () => {
    inFlight -= 1;
    wake();
  };
  while (performance.now() < until) {
    while (inFlight < windowSize) {
      inFlight += 1;
      send(senders[sent % senders.length]).catch((error) => {
        inFlight -= 1;
        track.failed(reason(error));
      });
      sent += 1;
    }
    await Promise.race([new Promise((done) => (wake = done)), sleep(until - performance.now())]);
  }
  const elapsed = (performance.now() - started) / 1000;
  const completed = track.completed;
  await sleep(1000); // let the last messages settle before the next measure
  return { sent, completed, perSecond: completed / elapsed };
}

const e2ee = await loadE2ee();
const text = 'x'.repeat(chars);
const databaseServer = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
const redisUrl = process.env.REDIS_URL || DEFAULT_REDIS_URL;
const database = await scratchDatabase(databaseServer, 'poscalls4u_bench_chat');
const redis = scratchRedisPrefix(redisUrl, 'poscalls4u-bench-chat');
let platform;
let relay;
let recipients;
const clients = [];
try {
  platform = await startPlatform({
    DATABASE_URL: database.url,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: redis.prefix,
    // 500 sign-ins at the production cost would take minutes; the cost is not what this measures.
    BCRYPT_COST: '10',
    RATE_LIMIT_CHAT_SEND_PER_MINUTE: '100000000',
    // e.g. BENCH_NODE_ARGS=--cpu-prof to profile the API alongside the bench
    BENCH_NODE_ARGS: process.env.BENCH_NODE_ARGS ?? '',
  });
  const { baseUrl } = platform;
  const admin = await Session.signIn(baseUrl, 'admin@poscalls4u.test', PASSWORD);

  // The accounts: created in the scratch database with the demo password's hash (no invitation
  // emails to follow), then put in teams through the API, whose rooms follow them.
  const db = new pg.Client({ connectionString: database.url });
  await db.connect();
  const { rows: users } = await db.query(
    `INSERT INTO users (email, name, role, password_hash, email_verified_at)
     SELECT 'bench-chat-' || i || '@poscalls4u.test', 'Bench Chat ' || i, 'agent',
            (SELECT password_hash FROM users WHERE email = 'agent1@poscalls4u.test'), now()
     FROM generate_series(1, $1::int) AS i
     RETURNING id, email`,
    [clientCount],
  );
  await db.end();
  const teamIds = [];
  for (let r = 0; r < roomCount; r++) {
    const { team } = await admin.call('POST', '/api/teams', { name: `Chat bench ${r + 1}` });
    teamIds.push(team.id);
    await eachLimited(users.slice(r * roomSize, (r + 1) * roomSize), 8, (user) =>
      admin.call('POST', `/api/teams/${team.id}/members`, { userId: user.id, role: 'agent' }),
    );
  }

  let started = performance.now();
  await eachLimited(users, 8, async (user, index) => {
    const session = await Session.signIn(baseUrl, user.email, PASSWORD);
    const identity = e2ee.createIdentity();
    const device = e2ee.createDevice(identity, user.id);
    await session.call('PUT', '/api/chat/identity', { identityKey: identity.publicKey });
    await session.call('POST', '/api/chat/devices', e2ee.publicDevice(device));
    clients[index] = {
      userId: user.id,
      session,
      device,
      verified: e2ee.verifyDevice(e2ee.publicDevice(device), identity.publicKey, user.id),
      inbound: new e2ee.InboundSessionStore(),
      room: Math.floor(index / roomSize),
    };
  });
  const signInSeconds = (performance.now() - started) / 1000;

  // The team rooms, as their members see them.
  const rooms = [];
  for (let r = 0; r < roomCount; r++) {
    const member = clients[r * roomSize];
    const deadline = Date.now() + 120_000; // the rooms follow the teams through domain events: slow under load
    for (;;) {
      const { items } = await member.session.call('GET', '/api/chat/rooms');
      const room = items.find((item) => item.teamId === teamIds[r]);
      if (room && room.memberIds.length >= roomSize) {
        const members = clients.slice(r * roomSize, (r + 1) * roomSize);
        rooms.push({ id: room.id, members, devices: new Map() });
        for (const client of members) rooms[r].devices.set(client.device.deviceId, client.verified);
        break;
      }
      if (Date.now() > deadline) throw new Error(`the room of team ${r + 1} did not fill`);
      await sleep(200);
    }
  }

  // Senders share their room session with every other member device through the key mailbox;
  // every member takes its keys from the mailbox, as a console does.
  started = performance.now();
  const senders = [];
  for (const room of rooms) {
    for (const sender of room.members.slice(0, sendersPerRoom)) {
      const outbound = e2ee.OutboundSession.create(room.id, sender.device);
      sender.inbound.add(outbound.share());
      const targets = room.members.filter((member) => member !== sender);
      senders.push({ client: sender, room, outbound, recipients: targets.length });
      await request(baseUrl, 'POST', '/api/chat/key-mailbox', {
        token: sender.session.token,
        headers: { 'x-chat-device': sender.device.deviceId },
        body: {
          items: targets.map((member) => ({
            toDeviceId: member.device.deviceId,
            roomId: room.id,
            sessionId: outbound.sessionId,
            sealed: e2ee.sealSession(outbound.share(), member.verified, sender.device),
          })),
        },
      });
      outbound.markSharedWith(targets.map((member) => member.device.deviceId));
    }
  }
  await eachLimited(clients, 8, async (client) => {
    const room = rooms[client.room];
    const page = await client.session.call(
      'GET',
      `/api/chat/key-mailbox?deviceId=${client.device.deviceId}&pageSize=100`,
    );
    for (const item of page.items)
      client.inbound.add(
        e2ee.openSealedSession(
          item.sealed,
          item,
          client.device,
          room.devices.get(item.fromDeviceId),
        ),
      );
    await client.session.call('POST', '/api/chat/key-mailbox/ack', {
      ids: page.items.map((item) => item.id),
    });
  });
  const keySeconds = (performance.now() - started) / 1000;
  console.log(
    `chat bench: API on PostgreSQL (scratch database ${database.name}) and Redis (prefix ${redis.prefix}); ` +
      `${clientCount} clients in ${roomCount} rooms of ${roomSize}, ${sendersPerRoom} senders a room, ${chars}-character messages; ` +
      `sign-in and keys of all clients ${signInSeconds.toFixed(1)} s, room keys shared and taken ${keySeconds.toFixed(1)} s; ` +
      `${cpus().length} cores, Node ${process.version}, load average ${loadavg()[0].toFixed(2)}`,
  );

  // The receiving side of every client moves to the recipient processes: its token, device keys,
  // inbound sessions (with the room keys just taken) and its room's verified member devices.
  let track = tracker();
  recipients = await startRecipients(
    clients.map((client) => ({
      userId: client.userId,
      token: client.session.token,
      device: client.device,
      inbound: client.inbound.toJSON(),
      room: client.room,
      roomId: rooms[client.room].id,
    })),
    rooms.map((room) => [...room.devices]),
    {
      onArrived: (id, at) => track.arrived(id, at),
      onFailed: (why) => track.failed(why),
    },
  );

  // Each path: how the clients connect, and how a sender sends (the recipients report what they read).
  const encrypted = (sender) =>
    sender.outbound.encrypt({ v: 1, type: 'text', text }, sender.client.device);
  const paths = {
    api: {
      label: 'chat API, E2EE',
      connect: () => recipients.call('connect', { path: 'api', url: baseUrl }),
      async send(sender) {
        const id = randomUUID();
        track.expect(id, sender.recipients, now());
        const message = encrypted(sender);
        // A send whose connection failed is sent again, the same bytes under the same client id,
        // as the API allows (a resend answers the stored message, never a second copy): a lost
        // answer loses nothing. Its delay still counts from the first attempt.
        for (let attempt = 1; ; attempt++) {
          try {
            await request(baseUrl, 'POST', `/api/chat/rooms/${sender.room.id}/messages`, {
              token: sender.client.session.token,
              body: { clientMessageId: id, ...message },
              retries: 0,
            });
            return;
          } catch (error) {
            if (attempt >= 3 || !(error instanceof TypeError)) throw error; // not a network failure
            track.resent(reason(error));
          }
        }
      },
      close: () => recipients.call('close'),
    },
    relayPlain: {
      label: 'bare relay, plaintext',
      async connect() {
        await recipients.call('connect', { path: 'relay', url: relay.url });
        // Each sender's sending socket; its receiving one (in the room) is a recipient process's.
        await Promise.all(senders.map(async (sender) => (sender.relay = await connect(relay.url))));
      },
      async send(sender) {
        const id = randomUUID();
        track.expect(id, sender.recipients, now());
        sender.relay.emit('send', {
          id,
          roomId: sender.room.id,
          senderUserId: sender.client.userId,
          text,
        });
      },
      async close() {
        for (const sender of senders) sender.relay.disconnect();
        await recipients.call('close');
      },
    },
    relayE2ee: {
      label: 'bare relay, E2EE',
      async send(sender) {
        const id = randomUUID();
        track.expect(id, sender.recipients, now());
        const message = encrypted(sender);
        sender.relay.emit('send', {
          id,
          roomId: sender.room.id,
          senderUserId: sender.client.userId,
          createdAt: new Date().toISOString(),
          ...message,
        });
      },
    },
  };

  const rows = [['measure', 'figure', 'baseline (same run)', 'ratio', 'target']];
  const ms = (value) => (Number.isNaN(value) ? 'n/a' : `${value.toFixed(1)} ms`);
  const expectedDeliveries = (sent) => sent * (roomSize - 1);
  const results = {};

  // The chat first, then the relay: each with its own 500 sockets, the other path's closed.
  const measurePath = async (name, throughputPaths) => {
    const path = paths[name];
    await path.connect();
    const serverScript = name === 'api' ? 'main.js' : 'relay.mjs';
    if (runs('delivery')) {
      track = tracker();
      const measured = await costMeter(serverScript);
      const loop = await openLoop(track, (sender) => path.send(sender), senders, rateSeconds);
      await sleep(2000);
      const cost = await measured(loop.sent);
      results[`${name}Delivery`] = {
        ...loop,
        p50: percentile(track.delays, 50),
        p99: percentile(track.delays, 99),
        max: percentile(track.delays, 100),
        delivered: track.delays.length,
        failures: track.failures,
      };
      console.log(
        `  ${path.label}: ${loop.sent} messages at ${loop.perSecond.toFixed(0)}/s, ` +
          `${track.delays.length}/${expectedDeliveries(loop.sent)} read by their recipients, ` +
          `${track.failures} failures, ${track.resends} resent after a network failure; the clients used ${(loop.clientCpu * 100).toFixed(0)} % of a core`,
      );
      console.log(`    ${describeCost(cost)}`);
    }
    if (runs('throughput')) {
      for (const throughputName of throughputPaths) {
        track = tracker();
        const measured = await costMeter(serverScript);
        const loop = await closedLoop(
          track,
          (sender) => paths[throughputName].send(sender),
          senders,
          seconds,
        );
        const cost = await measured(loop.sent);
        results[`${throughputName}Throughput`] = { ...loop, failures: track.failures, cost };
        console.log(
          `  ${paths[throughputName].label}, ${windowSize} in flight: ${loop.completed} of ${loop.sent} messages read by all in ${seconds} s, ` +
            `${track.failures} failures, ${track.resends} resent after a network failure`,
        );
        console.log(`    ${describeCost(cost)}`);
      }
    }
    await path.close();
  };

  // One watch over all the measures: a figure taken on a machine busier than its cores is reported
  // as too loaded to judge rather than as met or not met (tools/bench/lib/machine.mjs).
  const watch = watchMachine();
  await measurePath('api', ['api']);
  relay = await startRelay();
  await measurePath('relayPlain', ['relayPlain', 'relayE2ee']);
  const machine = watch.end();
  const met = (ok) => verdict(ok, machine);
  await admin.signOut();

  if (runs('delivery')) {
    const chat = results.apiDelivery;
    const plain = results.relayPlainDelivery;
    rows.push(
      [
        `send -> decrypted p50, ${chat.perSecond.toFixed(0)} messages/s`,
        ms(chat.p50),
        ms(plain.p50),
        `${(chat.p50 / plain.p50).toFixed(1)}x`,
        '',
      ],
      [
        `send -> decrypted p99 (${roomSize - 1} recipients a message)`,
        ms(chat.p99),
        ms(plain.p99),
        `${(chat.p99 / plain.p99).toFixed(1)}x`,
        `<= ${TARGET_P99_MS} ms: ${met(
          chat.p99 <= TARGET_P99_MS && chat.delivered >= expectedDeliveries(chat.sent) * 0.999,
        )}`,
      ],
      ['  max', ms(chat.max), ms(plain.max), '', ''],
      [
        '  read by their recipients',
        `${((chat.delivered / expectedDeliveries(chat.sent)) * 100).toFixed(2)} %`,
        `${((plain.delivered / expectedDeliveries(plain.sent)) * 100).toFixed(2)} %`,
        '',
        '100 %',
      ],
    );
  }
  if (runs('throughput')) {
    const base = results.relayPlainThroughput.perSecond;
    const row = (label, result, target) => [
      label,
      `${result.perSecond.toFixed(0)} messages/s`,
      `${base.toFixed(0)} messages/s`,
      `${((result.perSecond / base) * 100).toFixed(1)} %`,
      target
        ? `>= ${TARGET_THROUGHPUT_RATIO * 100} %: ${met(result.perSecond / base >= TARGET_THROUGHPUT_RATIO)}`
        : '',
    ];
    // What the cores allow at most: all of them given to the clients' own work per message (the
    // senders' encryption and every recipient's verification and decryption), none to a server.
    const clientBound = (result) => (cpus().length * 1000) / result.cost.clientCpuMs;
    const e2eeBound = clientBound(results.relayE2eeThroughput);
    rows.push(
      row('throughput, E2EE through the bare relay', results.relayE2eeThroughput, true),
      row('throughput, E2EE through the chat API', results.apiThroughput, true),
      [
        '  chat API / bare relay, both E2EE',
        '',
        '',
        `${((results.apiThroughput.perSecond / results.relayE2eeThroughput.perSecond) * 100).toFixed(1)} %`,
        '',
      ],
      [
        `  clients' CPU a message, E2EE (${roomSize - 1} verify + decrypt)`,
        `${results.relayE2eeThroughput.cost.clientCpuMs.toFixed(2)} ms`,
        `${results.relayPlainThroughput.cost.clientCpuMs.toFixed(2)} ms`,
        `${(results.relayE2eeThroughput.cost.clientCpuMs / results.relayPlainThroughput.cost.clientCpuMs).toFixed(1)}x`,
        '',
      ],
      [
        `  ceiling: ${cpus().length} cores for the clients alone, no server`,
        `${e2eeBound.toFixed(0)} messages/s`,
        `${base.toFixed(0)} messages/s`,
        `${((e2eeBound / base) * 100).toFixed(1)} %`,
        '',
      ],
    );
  }
  console.log(
    `\n${describeMachine(machine)} over the measures (baseline: the bare relay with plaintext)`,
  );
  printTable(rows);
} finally {
  await recipients?.stop();
  await relay?.stop();
  await platform?.stop();
  await database
    .drop()
    .catch((error) => console.error(`could not drop ${database.name}: ${error.message}`));
  await redis.clean().catch((error) => console.error(`could not clean Redis: ${error.message}`));
}
process.exit(0);
