// tools/bench/realtime: PBX call events through the ingestion API, and how soon the matching
// `call:updated` reaches the people watching (issues 4 and 17). Absolute rates do not carry from
// one machine to the next, so each headline figure is a ratio against a baseline measured in the
// same run, printed with the absolute figures and the load average; when the machine is too
// loaded to trust a figure (other processes taking over 15 % of the CPU, CPU steal) the bench says so
// instead of met / not met. Runs the built API on a scratch PostgreSQL database (DATABASE_URL's
// server) with Redis (REDIS_URL, a unique key prefix), all cleaned up afterwards. Traffic goes to
// 127.0.0.1 only, bounded in count and time.
//
//   npm run bench:realtime [-- --help]
//
// Headline measures (the default):
// (ingestion) `--workers` PBX posters send batches of 100 (half queue new calls, half abandon the
//     calls the poster's previous batch queued) for `--seconds`; the baseline (./raw-ingestion.mjs)
//     writes the same rows with plain SQL, one transaction per batch, the same number of workers
//     over a pool of the API's size, on a scratch database of its own, for as long. Both end with
//     a count check: every acknowledged event is in the ledger. Target: API >= 50 % of raw.
//     Agents stay offline, so the ACD finds nobody to offer to: this measures ingestion.
// (delivery) Two API instances on the same database and Redis; events posted to instance A at
//     `--rate`, each alone, while `--sockets` Socket.IO connections are open on instance B; the
//     events go to one team, whose supervisors' `--receivers` sockets receive them (`call:updated`
//     goes to the team's calls:read-team holders); the other sockets, agents', stay idle. The delay runs from the post to the arrival on each receiving socket (ingestion
//     included). The baseline: two bare Socket.IO servers on the API's Redis adapter package
//     (./relay-node.mjs), the same sockets, receivers, rate and posts. Target: p99 <= 2x the
//     relay's, and <= 100 ms on a quiet machine.
// Also, with --only: `batches` / `singles` (accepted/s by 1,4,8 batch posters, 32 single posters,
// 10 s each) and `delay` (post -> call:updated on one instance): absolute figures, no baseline.
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { io } from 'socket.io-client';

import { Session, postCallEvents } from '../../simulate/lib/client.mjs';
import { ensureDemoTeams } from '../../simulate/lib/floor.mjs';
import { CORES, combineMachines, describeMachine, verdict, watchMachine } from '../lib/machine.mjs';
import { BENCH_PASSWORD, startPlatform } from '../lib/platform.mjs';
import {
  DEFAULT_DATABASE_URL,
  DEFAULT_REDIS_URL,
  scratchDatabase,
  scratchRedisPrefix,
} from '../lib/scratch.mjs';
import { profilingEnv, sqlBetween, sqlSnapshot } from '../lib/sql-profile.mjs';
import { percentile, printTable } from '../lib/stats.mjs';
import { ledgerCount, prepareRawDatabase, writeRawBatch } from './raw-ingestion.mjs';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    workers: { type: 'string', default: '8' },
    'pool-size': { type: 'string', default: '10' },
    'delivery-seconds': { type: 'string', default: '20' },
    rate: { type: 'string', default: '500' },
    sockets: { type: 'string', default: '2000' },
    receivers: { type: 'string', default: '50' },
    'post-every': { type: 'string', default: '0' },
    'max-events': { type: 'string', default: '40000' },
    'batch-size': { type: 'string', default: '100' },
    'batch-workers': { type: 'string', default: '1,4,8' },
    'single-workers': { type: 'string', default: '32' },
    only: { type: 'string' },
    profile: { type: 'boolean' },
    'cpu-prof': { type: 'string' },
    help: { type: 'boolean' },
  },
});
if (values.help) {
  console.log(`Usage: npm run bench:realtime [-- options]
  --seconds S               ingestion: how long API and raw baseline each run   (60)
  --workers N               ingestion: concurrent batch posters / raw writers   (8)
  --pool-size N             the API's DATABASE_POOL_SIZE and the raw pool's     (10)
  --delivery-seconds S      delivery (and delay): how long events are posted    (20)
  --rate N                  delivery: events/s posted                           (500)
  --sockets N               delivery: open Socket.IO connections                (2000)
  --receivers N             of which the team's supervisors' (receive each event) (50)
  --post-every MS           delivery: the events due go in one post every MS, as a PBX
                            connector batches them; 0 posts each event alone     (0)
  --batch-size N            events per batch post                               (100)
  --only ingestion|delivery|batches|singles|delay   run one measure (default: ingestion, delivery)
  --max-events N            batches/singles/delay: cap of events per measure    (40000)
  --batch-workers N,M       batches: concurrent batch posters, one measure each (1,4,8)
  --single-workers N        singles: concurrent single-event posters            (32)
  --profile                 count and time the API's SQL per measure (pg preload), print the top
  --cpu-prof DIR            write the API's V8 CPU profile (.cpuprofile) into DIR
On a loaded machine run it smaller (--sockets 500 --rate 200 --seconds 30) and say so.
Environment: DATABASE_URL (${DEFAULT_DATABASE_URL}), REDIS_URL (${DEFAULT_REDIS_URL}).`);
  process.exit(0);
}
const seconds = Number(values.seconds);
const workers = Number(values.workers);
const poolSize = Number(values['pool-size']);
const deliverySeconds = Number(values['delivery-seconds']);
const shortSeconds = 10;
const maxEvents = Number(values['max-events']);
const batchSize = Number(values['batch-size']);
const batchWorkerCounts = values['batch-workers'].split(',').map(Number);
const singleWorkers = Number(values['single-workers']);
const rate = Number(values.rate);
const socketCount = Number(values.sockets);
const receivers = Number(values.receivers);
const postEveryMs = Number(values['post-every']);
const PASSWORD = BENCH_PASSWORD;
/** Issue 17's targets: API ingestion >= 50 % of raw SQL; delivery p99 <= 2x a bare relay's. */
const MIN_INGESTION_RATIO = 0.5;
const MAX_DELIVERY_RATIO = 2;
const QUIET_P99_MS = 100;
const WARM_UP_S = 5;
const DELIVERY_WARM_UP_S = 3;

const runId = randomBytes(3).toString('hex');
let sequence = 0;
const newCallId = () => `bench-${runId}-${(sequence += 1)}`;
const event = (type, callId, teamId) => ({
  id: `${callId}:${type}`,
  type,
  occurredAt: new Date().toISOString(),
  callId,
  ...(type === 'call.queued'
    ? { teamId, direction: 'inbound', from: '+15550100', to: '+15550199' }
    : {}),
});

function tally(results, counts) {
  for (const result of results) counts[result.outcome] = (counts[result.outcome] ?? 0) + 1;
}

/**
 * The batch posters' loop, for the API or the raw baseline: each worker sends `batchSize` events,
 * half abandoning the calls its previous batch queued and half queueing new ones, so that queues
 * stay short and every call ends; `write` answers when the batch is acknowledged. `acknowledged`
 * counts the events of acknowledged batches (the closing abandons included).
 */
async function batchLoop({ workerCount, durationS, cap = Infinity, teams, write }) {
  let events = 0;
  let acknowledged = 0;
  let failures = 0;
  const started = performance.now();
  const until = started + durationS * 1000;
  const send = async (team, queued, abandoned) => {
    try {
      await write(team, { queued, abandoned });
      acknowledged += queued.length + abandoned.length;
      return true;
    } catch (error) {
      failures += 1;
      if (failures === 1) console.error(`batch failed: ${error.message}`);
      return false;
    }
  };
  await Promise.all(
    Array.from({ length: workerCount }, async (_, worker) => {
      const team = teams[worker % teams.length];
      let previous = [];
      while (performance.now() < until && events < cap) {
        const fresh = Array.from({ length: batchSize / 2 }, () => newCallId());
        if (await send(team, fresh, previous)) events += fresh.length + previous.length;
        previous = fresh;
      }
      if (previous.length) await send(team, [], previous);
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return { events, perSecond: events / elapsed, acknowledged, failures, elapsed };
}

/** The API's batch writer: one signed post per batch, its outcomes tallied into `counts`. */
const apiBatchWriter =
  (baseUrl, integration, counts) =>
  async (team, { queued, abandoned }) => {
    const batch = [
      ...abandoned.map((callId) => event('call.abandoned', callId)),
      ...queued.map((callId) => event('call.queued', callId, team.id)),
    ];
    tally((await postCallEvents(baseUrl, integration, batch)).results, counts);
  };

/** Single posts: each poster queues a call, then abandons it, one request per event. */
async function measureSingles(baseUrl, integration, teams) {
  const counts = {};
  const latencies = [];
  let events = 0;
  let failures = 0;
  const started = performance.now();
  const until = started + shortSeconds * 1000;
  const post = async (body) => {
    const sent = performance.now();
    try {
      tally((await postCallEvents(baseUrl, integration, body)).results, counts);
      events += 1;
      latencies.push(performance.now() - sent);
    } catch (error) {
      failures += 1;
      if (failures === 1) console.error(`single post failed: ${error.message}`);
    }
  };
  await Promise.all(
    Array.from({ length: singleWorkers }, async (_, worker) => {
      while (performance.now() < until && events < maxEvents) {
        const callId = newCallId();
        await post(event('call.queued', callId, teams[worker % teams.length].id));
        await post(event('call.abandoned', callId));
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return {
    events,
    perSecond: events / elapsed,
    counts,
    failures,
    elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
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

/** Opens the sockets of `plan` (`{ open(), receives }`), 50 at a time; answers them in order. */
async function openSockets(plan, onReceiver) {
  const sockets = [];
  for (let i = 0; i < plan.length; i += 50) {
    sockets.push(
      ...(await Promise.all(
        plan.slice(i, i + 50).map(async ({ open, receives }) => {
          const socket = await open();
          if (receives) onReceiver(socket);
          return socket;
        }),
      )),
    );
  }
  return sockets;
}

/** How many sockets receive each event, and how many stay idle (the rest of `--sockets`). */
const receiverCount = () => receivers;
const idleCount = () => Math.max(0, socketCount - receiverCount());

/**
 * The delivery loop, for the API or the relay: `connectAll(onArrival)` opens the sockets and
 * answers them with a `close()`; `post([{ callId, state }])` posts events in one request. Open
 * loop at `rate`, whatever the answers do: every 10 ms the events due by then are posted, each
 * alone; with `--post-every MS`, every MS ms in one request, as a PBX connector batches them. Each
 * call is queued, then abandoned about half a second later.
 */
async function deliveryLoop({ connectAll, post }) {
  const sentAt = new Map();
  const delays = [];
  const connectStarted = performance.now();
  const opened = await connectAll((key) => {
    const sent = sentAt.get(key);
    if (sent !== undefined) delays.push(performance.now() - sent);
  });
  const connectSeconds = (performance.now() - connectStarted) / 1000;
  const ackLatencies = [];
  let failures = 0;
  // Events the API applied: each is pushed as a call:updated. One it ignored is not (an abandon
  // whose queueing, posted earlier, is still in another transaction: the PBX is told why).
  let applied = 0;
  const pendingAbandons = [];
  const inFlight = new Set();
  /** Posts `events` in one request; only measured events are timed and counted. */
  const send = (events, measured) => {
    const sent = performance.now();
    if (measured) for (const { callId, state } of events) sentAt.set(`${callId}|${state}`, sent);
    const request = post(events)
      .then((appliedCount) => {
        if (!measured) return;
        ackLatencies.push(performance.now() - sent);
        applied += appliedCount;
      })
      .catch((error) => {
        failures += events.length;
        // fetch's own message ("fetch failed") hides the cause: a timeout, a reset.
        const cause = error.cause ? ` (${error.cause.code ?? error.cause.message})` : '';
        if (failures === events.length) console.error(`post failed: ${error.message}${cause}`);
      })
      .finally(() => inFlight.delete(request));
    inFlight.add(request);
  };
  /** The open loop at `rate` for `seconds`; answers how many events it posted. */
  const openLoop = async (seconds, measured) => {
    const total = Math.round(rate * seconds);
    const loopStarted = performance.now();
    let count = 0;
    while (count < total) {
      const due = Math.min(total, Math.floor(((performance.now() - loopStarted) / 1000) * rate));
      const batch = [];
      while (count < due) {
        const abandon = count % 2 === 1 && pendingAbandons.length > rate / 4;
        const callId = abandon ? pendingAbandons.shift() : newCallId();
        const state = abandon ? 'abandoned' : 'queued';
        if (!abandon) pendingAbandons.push(callId);
        if (postEveryMs > 0) batch.push({ callId, state });
        else send([{ callId, state }], measured);
        count += 1;
      }
      if (batch.length > 0) send(batch, measured);
      await sleep(postEveryMs > 0 ? postEveryMs : 10);
    }
    return count;
  };
  // Warm-up at the same rate, not measured: fresh processes answer their first second or two
  // slowly (code not yet optimised, pools and prepared statements filling), for the API and the
  // relay alike.
  await openLoop(DELIVERY_WARM_UP_S, false);
  const started = performance.now();
  // The receiving sockets live in this process: its CPU is taken from the same cores.
  const cpuBefore = process.cpuUsage();
  const posted = await openLoop(deliverySeconds, true);
  const achievedRate = posted / ((performance.now() - started) / 1000);
  const cpu = process.cpuUsage(cpuBefore);
  const clientCpu = (cpu.user + cpu.system) / 1000 / (performance.now() - started);
  await Promise.all(inFlight);
  await sleep(2000); // the last events' deliveries
  // The calls still queued end too (not measured; a failure only leaves a call queued).
  await Promise.all(
    pendingAbandons.map((callId) => post([{ callId, state: 'abandoned' }]).catch(() => undefined)),
  );
  await opened.close();
  return {
    sockets: opened.count,
    receivers: receiverCount(),
    connectSeconds,
    clientCpu,
    posted,
    achievedRate,
    failures,
    applied,
    expected: applied * receiverCount(),
    delivered: delays.length,
    p50: percentile(delays, 50),
    p99: percentile(delays, 99),
    max: percentile(delays, 100),
    ackP50: percentile(ackLatencies, 50),
    ackP99: percentile(ackLatencies, 99),
  };
}

/**
 * The API's sockets on `socketUrl` (the receivers: the two supervisors of `team`; the idle ones:
 * ten agents, not in the team), events posted to `postUrl`.
 */
async function apiDelivery(postUrl, socketUrl, integration, team) {
  // Tokens: a session may hold many connections, and sign-ins cost a bcrypt each.
  const supervisors = [
    await Session.signIn(socketUrl, 'supervisor1@poscalls4u.test', PASSWORD),
    await Session.signIn(socketUrl, 'supervisor2@poscalls4u.test', PASSWORD),
  ];
  const others = [];
  for (let n = 1; n <= 10; n++)
    others.push(await Session.signIn(socketUrl, `agent${n}@poscalls4u.test`, PASSWORD));
  const socketOf = (session) => () => connect(socketUrl, { token: session.token });
  const plan = [
    ...Array.from({ length: receiverCount() }, (_, i) => ({
      open: socketOf(supervisors[i % supervisors.length]),
      receives: true,
    })),
    ...Array.from({ length: idleCount() }, (_, i) => ({
      open: socketOf(others[i % others.length]),
      receives: false,
    })),
  ];
  try {
    return await deliveryLoop({
      connectAll: async (onArrival) => {
        const sockets = await openSockets(plan, (socket) =>
          socket.on('call:updated', ({ call }) => onArrival(`${call.externalId}|${call.state}`)),
        );
        return { count: sockets.length, close: async () => sockets.forEach((s) => s.disconnect()) };
      },
      post: async (events) => {
        const { results } = await postCallEvents(
          postUrl,
          integration,
          events.map(({ callId, state }) =>
            event(state === 'queued' ? 'call.queued' : 'call.abandoned', callId, team.id),
          ),
        );
        return results.filter((result) => result.outcome === 'applied').length;
      },
    });
  } finally {
    for (const session of [...supervisors, ...others]) await session.signOut();
  }
}

/** A relay process (./relay-node.mjs) on the scratch Redis prefix; answers its URL and stop(). */
async function startRelay(redisUrl, prefix) {
  const child = fork(new URL('./relay-node.mjs', import.meta.url), [], {
    stdio: 'inherit',
    env: { ...process.env, REDIS_URL: redisUrl, RELAY_PREFIX: prefix },
  });
  const { port } = await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`the relay exited with code ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((done) => {
        child.once('exit', done);
        child.kill('SIGTERM');
      }),
  };
}

/** The bare relay pair: sockets on relay B (receivers join the team's room), posts to relay A. */
async function relayDelivery(relayA, relayB) {
  const open = (room) => async () => {
    const socket = await connect(relayB.url);
    await new Promise((done) => socket.emit('join', room, done));
    return socket;
  };
  const plan = [
    ...Array.from({ length: receiverCount() }, () => ({ open: open('team'), receives: true })),
    ...Array.from({ length: idleCount() }, () => ({ open: open('idle'), receives: false })),
  ];
  return deliveryLoop({
    connectAll: async (onArrival) => {
      const sockets = await openSockets(plan, (socket) =>
        socket.on('call:updated', ({ call }) => onArrival(`${call.externalId}|${call.state}`)),
      );
      return { count: sockets.length, close: async () => sockets.forEach((s) => s.disconnect()) };
    },
    // Payloads of a call's size, as the API pushes them.
    post: async (events) => {
      const now = new Date().toISOString();
      const calls = events.map(({ callId, state }) => ({
        id: randomBytes(16).toString('hex'),
        externalId: callId,
        state,
        teamId: 'team',
        direction: 'inbound',
        fromNumber: '+15550100',
        toNumber: '+15550199',
        priority: 0,
        agentId: null,
        queuedAt: now,
        createdAt: now,
        updatedAt: now,
        waitMs: null,
        talkMs: null,
        holdMs: 0,
        requiredSkills: null,
      }));
      const response = await fetch(`${relayA.url}/post`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ room: 'team', calls }),
      });
      if (!response.ok) throw new Error(`relay answered ${response.status}`);
      await response.arrayBuffer();
      return events.length;
    },
  });
}
/** Prints what the API sent to PostgreSQL between two snapshots, per event of the measure. */
function printSql(label, before, after, events) {
  if (!after) return;
  const rows = sqlBetween(before, after);
  const statements = rows.reduce((sum, row) => sum + row.count, 0);
  const totalMs = rows.reduce((sum, row) => sum + row.totalMs, 0);
  console.log(
    `\n  SQL during ${label}: ${statements} statements, ${(statements / events).toFixed(1)} per event, ` +
      `${(totalMs / events).toFixed(2)} ms of query time per event (summed over concurrent connections)`,
  );
  printTable(
    [
      ['per event', 'avg ms', 'statement'],
      ...rows
        .slice(0, 14)
        .map((row) => [
          (row.count / events).toFixed(2),
          (row.totalMs / row.count).toFixed(2),
          row.sql.slice(0, 150),
        ]),
    ],
    (line) => console.log(`  ${line}`),
  );
}

const databaseServer = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
const redisUrl = process.env.REDIS_URL || DEFAULT_REDIS_URL;
const database = await scratchDatabase(databaseServer, 'poscalls4u_bench_rt');
const redis = scratchRedisPrefix(redisUrl, 'poscalls4u-bench-rt');
const profileFile = values.profile ? join(tmpdir(), `pg-profile-${runId}.json`) : undefined;
const measures = values.only ? [values.only] : ['ingestion', 'delivery'];
const ms = (value) => (Number.isNaN(value) ? 'n/a' : `${value.toFixed(1)} ms`);
const perSecond = (value) => `${value.toFixed(0)}/s`;
const share = (part, whole) => `${((part / Math.max(1, whole)) * 100).toFixed(1)} %`;
const apiEnv = {
  ...profilingEnv({ profileFile, cpuProfDir: values['cpu-prof'] }),
  DATABASE_URL: database.url,
  DATABASE_POOL_SIZE: String(poolSize),
  REDIS_URL: redisUrl,
  QUEUE_PREFIX: redis.prefix,
  // The benchmark signs in a dozen users; their bcrypt cost is not what it measures.
  BCRYPT_COST: '10',
  // Ingestion's capacity, not the load shedding that protects it: on a machine shared with other
  // work the event loop runs late, and shed posts would be measured as the API's slowness.
  SHED_EVENT_LOOP_DELAY: 'off',
};
const cleanups = [];
try {
  const platform = await startPlatform(apiEnv);
  cleanups.push(() => platform.stop());
  const { baseUrl } = platform;
  const admin = await Session.signIn(baseUrl, 'admin@poscalls4u.test', PASSWORD);
  const demoTeams = await ensureDemoTeams(admin, () => undefined);
  const newIntegration = async (name) =>
    (await admin.call('POST', '/api/integrations', { name })).integration;
  // The delivery measure's team. `call:updated` goes to the team's members holding
  // calls:read-team (its supervisors) and the admins: supervisor1 and supervisor2 supervise it, and
  // their sockets are the receivers; agents' sockets (no calls:read-team) stay idle.
  const { team: benchTeam } = await admin.call('POST', '/api/teams', { name: `Bench ${runId}` });
  const users = await admin.all('/api/users');
  for (const email of ['supervisor1@poscalls4u.test', 'supervisor2@poscalls4u.test'])
    await admin.call('POST', `/api/teams/${benchTeam.id}/members`, {
      userId: users.find((user) => user.email === email).id,
      role: 'supervisor',
    });

  const start = watchMachine().end();
  console.log(
    `realtime bench: API on PostgreSQL (scratch database ${database.name}, pool ${poolSize}) and ` +
      `Redis (prefix ${redis.prefix}); ${CORES} cores, ${describeMachine(start)} before the measures`,
  );
  const rows = [['measure', 'API', 'baseline', 'ratio', 'target', 'verdict', 'machine']];

  if (measures.includes('ingestion')) {
    const integration = await newIntegration(`Ingestion bench ${runId}`);
    const counts = {};
    // A few seconds unmeasured first, on each side: a fresh process compiles its hot code.
    const warmUp = (write) =>
      batchLoop({ workerCount: workers, durationS: WARM_UP_S, teams: demoTeams, write });
    const warmed = await warmUp(apiBatchWriter(baseUrl, integration, {}));
    const apiWatch = watchMachine();
    const api = await batchLoop({
      workerCount: workers,
      durationS: seconds,
      teams: demoTeams,
      write: apiBatchWriter(baseUrl, integration, counts),
    });
    const apiMachine = apiWatch.end();
    const apiStored = await ledgerCount(database.url, integration.id);
    console.log(
      `  API: ${api.events} events in ${api.elapsed.toFixed(1)} s by ${workers} posters`,
      JSON.stringify(counts),
      api.failures ? `${api.failures} failed posts` : '',
      `(${describeMachine(apiMachine)})`,
    );

    const rawDatabase = await scratchDatabase(databaseServer, 'poscalls4u_bench_raw');
    cleanups.push(() => rawDatabase.drop());
    await prepareRawDatabase(rawDatabase.url, database.url, {
      teamIds: demoTeams.map((team) => team.id),
      integrationId: integration.id,
    });
    const pool = new pg.Pool({ connectionString: rawDatabase.url, max: poolSize });
    const rawWarmed = await warmUp((team, batch) =>
      writeRawBatch(pool, integration.id, team.id, batch),
    );
    const rawWatch = watchMachine();
    const raw = await batchLoop({
      workerCount: workers,
      durationS: seconds,
      teams: demoTeams,
      write: (team, batch) => writeRawBatch(pool, integration.id, team.id, batch),
    });
    const rawMachine = rawWatch.end();
    await pool.end();
    const rawStored = await ledgerCount(rawDatabase.url, integration.id);
    console.log(
      `  raw SQL: ${raw.events} events in ${raw.elapsed.toFixed(1)} s by ${workers} writers`,
      raw.failures ? `${raw.failures} failed batches` : '',
      `(${describeMachine(rawMachine)})`,
    );
    const machine = combineMachines(apiMachine, rawMachine);
    const ratio = api.perSecond / raw.perSecond;
    // The ledger holds the warm-ups' events too.
    const apiAcknowledged = api.acknowledged + warmed.acknowledged;
    const rawAcknowledged = raw.acknowledged + rawWarmed.acknowledged;
    const lost =
      Math.max(0, apiAcknowledged - apiStored) + Math.max(0, rawAcknowledged - rawStored);
    rows.push(
      [
        `ingestion, batches of ${batchSize}, ${workers} posters, ${seconds} s each`,
        perSecond(api.perSecond),
        perSecond(raw.perSecond),
        `${(ratio * 100).toFixed(0)} %`,
        `>= ${MIN_INGESTION_RATIO * 100} %`,
        verdict(ratio >= MIN_INGESTION_RATIO, machine),
        describeMachine(machine),
      ],
      [
        '  acknowledged -> in the ledger (count check)',
        `${apiAcknowledged} -> ${apiStored}`,
        `${rawAcknowledged} -> ${rawStored}`,
        '',
        'none lost',
        lost === 0 ? 'met' : `NOT MET (${lost} lost)`,
        '',
      ],
    );
  }

  if (measures.includes('delivery')) {
    // The second instance: same database and Redis prefix, as a deployment of two runs.
    const second = await startPlatform(apiEnv);
    cleanups.push(() => second.stop());
    const apiWatch = watchMachine();
    const api = await apiDelivery(
      baseUrl,
      second.baseUrl,
      await newIntegration(`Delivery ${runId}`),
      benchTeam,
    );
    const apiMachine = apiWatch.end();
    const relayPrefix = `${redis.prefix}:relay`;
    const relayA = await startRelay(redisUrl, relayPrefix);
    cleanups.push(() => relayA.stop());
    const relayB = await startRelay(redisUrl, relayPrefix);
    cleanups.push(() => relayB.stop());
    const relayWatch = watchMachine();
    const relay = await relayDelivery(relayA, relayB);
    const relayMachine = relayWatch.end();
    for (const [label, result, machine] of [
      ['API', api, apiMachine],
      ['relay', relay, relayMachine],
    ])
      console.log(
        `  ${label}: ${result.sockets} sockets on instance B (${result.connectSeconds.toFixed(1)} s to connect), ` +
          `${result.receivers} receive each event; ${result.posted} events to A at ${result.achievedRate.toFixed(0)}/s; ` +
          `${result.applied} applied, ${result.delivered}/${result.expected} call:updated delivered${result.failures ? `; ${result.failures} failed posts` : ''}; ` +
          `this process used ${(result.clientCpu * 100).toFixed(0)} % of a core (${describeMachine(machine)})`,
      );
    const machine = combineMachines(apiMachine, relayMachine);
    const ratio = api.p99 / relay.p99;
    const complete = api.delivered >= api.expected * 0.99;
    rows.push(
      [
        `delivery p99, post at A -> call:updated at B, ${api.achievedRate.toFixed(0)}/s${postEveryMs > 0 ? ` posted every ${postEveryMs} ms` : ' posted singly'}, ${api.sockets} sockets`,
        ms(api.p99),
        ms(relay.p99),
        `${ratio.toFixed(2)}x`,
        `<= ${MAX_DELIVERY_RATIO}x`,
        verdict(ratio <= MAX_DELIVERY_RATIO && complete, machine),
        describeMachine(machine),
      ],
      [
        '  delivery p99, absolute',
        ms(api.p99),
        '',
        '',
        `<= ${QUIET_P99_MS} ms (quiet)`,
        verdict(api.p99 <= QUIET_P99_MS && complete, machine),
        '',
      ],
      [
        '  delivery p50',
        ms(api.p50),
        ms(relay.p50),
        `${(api.p50 / relay.p50).toFixed(2)}x`,
        '',
        '',
        '',
      ],
      ['  delivery max', ms(api.max), ms(relay.max), '', '', '', ''],
      [
        '  deliveries received',
        share(api.delivered, api.expected),
        share(relay.delivered, relay.expected),
        '',
        '100 %',
        '',
        '',
      ],
      [
        '  HTTP answer p50 / p99',
        `${ms(api.ackP50)} / ${ms(api.ackP99)}`,
        `${ms(relay.ackP50)} / ${ms(relay.ackP99)}`,
        '',
        '',
        '',
        '',
      ],
    );
  }

  // Detail measures without a baseline (--only): absolute figures, no verdict.
  if (measures.includes('batches')) {
    const integration = await newIntegration(`Batches ${runId}`);
    for (const batchWorkers of batchWorkerCounts) {
      const counts = {};
      const before = await sqlSnapshot(profileFile);
      const watch = watchMachine();
      const batches = await batchLoop({
        workerCount: batchWorkers,
        durationS: shortSeconds,
        cap: maxEvents,
        teams: demoTeams,
        write: apiBatchWriter(baseUrl, integration, counts),
      });
      const machine = watch.end();
      console.log(
        `  batches of ${batchSize}, ${batchWorkers} concurrent: ${batches.events} events in ${batches.elapsed.toFixed(1)} s`,
        JSON.stringify(counts),
        batches.failures ? `${batches.failures} failed posts` : '',
      );
      printSql('the batches', before, await sqlSnapshot(profileFile), batches.events);
      rows.push([
        `events accepted/s, batches of ${batchSize} (${batchWorkers} concurrent)`,
        perSecond(batches.perSecond),
        '',
        '',
        '',
        '',
        describeMachine(machine),
      ]);
    }
  }
  if (measures.includes('singles')) {
    const integration = await newIntegration(`Singles ${runId}`);
    const before = await sqlSnapshot(profileFile);
    const watch = watchMachine();
    const singles = await measureSingles(baseUrl, integration, demoTeams);
    const machine = watch.end();
    console.log(
      `  single posts, ${singleWorkers} concurrent: ${singles.events} events in ${singles.elapsed.toFixed(1)} s`,
      JSON.stringify(singles.counts),
      singles.failures ? `${singles.failures} failed posts` : '',
    );
    printSql('the single posts', before, await sqlSnapshot(profileFile), singles.events);
    rows.push([
      `events accepted/s, single posts (${singleWorkers} concurrent), p50 / p99`,
      `${perSecond(singles.perSecond)}, ${ms(singles.p50)} / ${ms(singles.p99)}`,
      '',
      '',
      '',
      '',
      describeMachine(machine),
    ]);
  }
  if (measures.includes('delay')) {
    const before = await sqlSnapshot(profileFile);
    const watch = watchMachine();
    const delay = await apiDelivery(
      baseUrl,
      baseUrl,
      await newIntegration(`Delay ${runId}`),
      benchTeam,
    );
    const machine = watch.end();
    printSql('the delay measure', before, await sqlSnapshot(profileFile), delay.posted);
    rows.push([
      `post -> call:updated on one instance, ${delay.achievedRate.toFixed(0)}/s, ${delay.sockets} sockets, p50 / p99`,
      `${ms(delay.p50)} / ${ms(delay.p99)}`,
      '',
      '',
      '',
      `${share(delay.delivered, delay.expected)} received`,
      describeMachine(machine),
    ]);
  }
  await admin.signOut();
  console.log('');
  printTable(rows);
} finally {
  for (const cleanup of cleanups.reverse())
    await cleanup().catch((error) => console.error(`cleanup: ${error.message}`));
  if (profileFile) rmSync(profileFile, { force: true });
  await database
    .drop()
    .catch((error) => console.error(`could not drop ${database.name}: ${error.message}`));
  await redis.clean().catch((error) => console.error(`could not clean Redis: ${error.message}`));
}
process.exit(0);
