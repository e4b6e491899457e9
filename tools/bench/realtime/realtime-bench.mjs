// tools/bench/realtime: how many PBX call events a second the ingestion API accepts, and how soon
// the matching `call:updated` reaches the people watching (issue 4). Runs the built API on a
// scratch PostgreSQL database (DATABASE_URL's server) with Redis (REDIS_URL, a unique key prefix),
// both cleaned up afterwards. Traffic goes to 127.0.0.1 only, bounded in count and time.
// Targets on the 2-core reference machine: >= 1,000 events/s accepted; p99 <= 250 ms.
//
//   npm run bench:realtime [-- --help]
//
// (a) Throughput: calls are queued and abandoned again (two events each) by the signed ingestion
//     endpoint, in batches and as concurrent single posts. Agents stay offline, so the ACD finds
//     nobody to offer to: this measures ingestion, not routing.
// (b) Delay: events at a fixed rate, each posted alone, while `--sockets` Socket.IO connections are
//     open. The events go to one team; the sockets of its members and of supervisors receive them
//     (the team room and the supervisors room), the others stay connected and idle — like a big
//     floor where one team's calls reach that team and its supervisors. The delay is taken from
//     the moment the event is posted to its arrival on each receiving socket, so it includes the
//     ingestion itself (an upper bound of "accepted -> on screen").
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { io } from 'socket.io-client';

import { Session, postCallEvents } from '../../simulate/lib/client.mjs';
import { ensureDemoTeams } from '../../simulate/lib/floor.mjs';
import { BENCH_PASSWORD, startPlatform } from '../lib/platform.mjs';
import {
  DEFAULT_DATABASE_URL,
  DEFAULT_REDIS_URL,
  scratchDatabase,
  scratchRedisPrefix,
} from '../lib/scratch.mjs';
import { profilingEnv, sqlBetween, sqlSnapshot } from '../lib/sql-profile.mjs';
import { percentile, printTable } from '../lib/stats.mjs';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    'max-events': { type: 'string', default: '40000' },
    'batch-size': { type: 'string', default: '100' },
    'batch-workers': { type: 'string', default: '1,4,8' },
    'single-workers': { type: 'string', default: '32' },
    rate: { type: 'string', default: '200' },
    sockets: { type: 'string', default: '500' },
    'team-sockets': { type: 'string', default: '40' },
    'supervisor-sockets': { type: 'string', default: '10' },
    only: { type: 'string' },
    profile: { type: 'boolean' },
    'cpu-prof': { type: 'string' },
    help: { type: 'boolean' },
  },
});
if (values.help) {
  console.log(`Usage: npm run bench:realtime [-- options]
  --seconds S               length of each measure (delay: 1.5 x)       (10)
  --max-events N            cap of events per throughput measure        (40000)
  --batch-size N            events per batch post                       (100)
  --batch-workers N,M       concurrent batch posters, one measure each  (1,4,8)
  --single-workers N        concurrent single-event posters             (32)
  --rate N                  events/s during the delay measure           (200)
  --sockets N               open Socket.IO connections                  (500)
  --team-sockets N          of which members of the team the events go to (40)
  --supervisor-sockets N    of which supervisors (they see every team)  (10)
  --only batches|singles|delay   run one measure
  --profile                 count and time the API's SQL per measure (pg preload), print the top
  --cpu-prof DIR            write the API's V8 CPU profile (.cpuprofile) into DIR
Environment: DATABASE_URL (${DEFAULT_DATABASE_URL}), REDIS_URL (${DEFAULT_REDIS_URL}).`);
  process.exit(0);
}
const seconds = Number(values.seconds);
const maxEvents = Number(values['max-events']);
const batchSize = Number(values['batch-size']);
const batchWorkerCounts = values['batch-workers'].split(',').map(Number);
const singleWorkers = Number(values['single-workers']);
const rate = Number(values.rate);
const socketCount = Number(values.sockets);
const teamSockets = Number(values['team-sockets']);
const supervisorSockets = Number(values['supervisor-sockets']);
const PASSWORD = BENCH_PASSWORD;
const TARGET_EVENTS_PER_SECOND = 1000;
const TARGET_P99_MS = 250;

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
 * Batches: each poster sends `batchSize` events: half queue new calls, half abandon the calls its
 * previous batch queued, so that queues stay short and every call ends.
 */
async function measureBatches(baseUrl, integration, teams, batchWorkers) {
  const counts = {};
  let events = 0;
  let failures = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: batchWorkers }, async (_, worker) => {
      let previous = [];
      while (performance.now() < until && events < maxEvents) {
        const team = teams[worker % teams.length];
        const fresh = Array.from({ length: batchSize / 2 }, () => newCallId());
        const batch = [
          ...previous.map((callId) => event('call.abandoned', callId)),
          ...fresh.map((callId) => event('call.queued', callId, team.id)),
        ];
        try {
          tally((await postCallEvents(baseUrl, integration, batch)).results, counts);
          events += batch.length;
        } catch (error) {
          failures += 1;
          if (failures === 1) console.error(`batch post failed: ${error.message}`);
        }
        previous = fresh;
      }
      if (previous.length)
        await postCallEvents(
          baseUrl,
          integration,
          previous.map((callId) => event('call.abandoned', callId)),
        ).catch(() => undefined);
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return { events, perSecond: events / elapsed, counts, failures, elapsed };
}

/** Single posts: each poster queues a call, then abandons it, one request per event. */
async function measureSingles(baseUrl, integration, teams) {
  const counts = {};
  const latencies = [];
  let events = 0;
  let failures = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
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

function connect(baseUrl, token) {
  const socket = io(baseUrl, {
    auth: { token },
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => reject(error));
  });
}

async function measureDelay(baseUrl, integration, team) {
  // Tokens: a session may hold many connections, and sign-ins cost a bcrypt each.
  const member = await Session.signIn(baseUrl, 'agent1@poscalls4u.test', PASSWORD);
  const supervisors = [
    await Session.signIn(baseUrl, 'supervisor1@poscalls4u.test', PASSWORD),
    await Session.signIn(baseUrl, 'supervisor2@poscalls4u.test', PASSWORD),
  ];
  const others = [];
  for (let n = 2; n <= 10; n++)
    others.push(await Session.signIn(baseUrl, `agent${n}@poscalls4u.test`, PASSWORD));

  const sentAt = new Map();
  const delays = [];
  let statistics = 0;
  const receive = (socket) => {
    socket.on('call:updated', ({ call }) => {
      const sent = sentAt.get(`${call.externalId}|${call.state}`);
      if (sent !== undefined) delays.push(performance.now() - sent);
    });
    socket.on('call:statistics', () => {
      statistics += 1;
    });
  };
  const plan = [
    ...Array.from({ length: teamSockets }, () => ({ token: member.token, receives: true })),
    ...Array.from({ length: supervisorSockets }, (_, i) => ({
      token: supervisors[i % supervisors.length].token,
      receives: true,
    })),
    ...Array.from(
      { length: Math.max(0, socketCount - teamSockets - supervisorSockets) },
      (_, i) => ({
        token: others[i % others.length].token,
        receives: false,
      }),
    ),
  ];
  const sockets = [];
  const connectStarted = performance.now();
  for (let i = 0; i < plan.length; i += 50) {
    sockets.push(
      ...(await Promise.all(
        plan.slice(i, i + 50).map(async ({ token, receives }) => {
          const socket = await connect(baseUrl, token);
          if (receives) receive(socket);
          return socket;
        }),
      )),
    );
  }
  const connectSeconds = (performance.now() - connectStarted) / 1000;
  const receivers = teamSockets + supervisorSockets;

  // Open loop at `rate`: every 10 ms the events due by then are posted, whatever the answers do.
  const ackLatencies = [];
  let posted = 0;
  let failures = 0;
  const total = Math.min(Math.round(rate * seconds * 1.5), maxEvents);
  const pendingAbandons = [];
  const started = performance.now();
  // The receiving sockets live in this process: its CPU is taken from the same two cores.
  const cpuBefore = process.cpuUsage();
  const inFlight = new Set();
  while (posted < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate));
    while (posted < due) {
      // Alternate: queue a new call; abandon one queued about half a second ago.
      const abandon = posted % 2 === 1 && pendingAbandons.length > rate / 4;
      const callId = abandon ? pendingAbandons.shift() : newCallId();
      const body = abandon
        ? event('call.abandoned', callId)
        : event('call.queued', callId, team.id);
      if (!abandon) pendingAbandons.push(callId);
      const sent = performance.now();
      sentAt.set(`${callId}|${abandon ? 'abandoned' : 'queued'}`, sent);
      const request = postCallEvents(baseUrl, integration, body)
        .then(() => ackLatencies.push(performance.now() - sent))
        .catch((error) => {
          failures += 1;
          if (failures === 1) console.error(`post failed: ${error.message}`);
        })
        .finally(() => inFlight.delete(request));
      inFlight.add(request);
      posted += 1;
    }
    await sleep(10);
  }
  const achievedRate = posted / ((performance.now() - started) / 1000);
  const cpu = process.cpuUsage(cpuBefore);
  const clientCpu = (cpu.user + cpu.system) / 1000 / (performance.now() - started);
  await Promise.all(inFlight);
  await sleep(2000); // the last events' deliveries
  await postCallEvents(
    baseUrl,
    integration,
    pendingAbandons.map((callId) => event('call.abandoned', callId)),
  ).catch(() => undefined);
  for (const socket of sockets) socket.disconnect();
  for (const session of [member, ...supervisors, ...others]) await session.signOut();
  return {
    sockets: sockets.length,
    receivers,
    connectSeconds,
    clientCpu,
    posted,
    achievedRate,
    failures,
    expected: posted * receivers,
    delivered: delays.length,
    statistics,
    p50: percentile(delays, 50),
    p99: percentile(delays, 99),
    max: percentile(delays, 100),
    ackP50: percentile(ackLatencies, 50),
    ackP99: percentile(ackLatencies, 99),
  };
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
const runs = (measure) => !values.only || values.only === measure;
let platform;
try {
  platform = await startPlatform({
    ...profilingEnv({ profileFile, cpuProfDir: values['cpu-prof'] }),
    DATABASE_URL: database.url,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: redis.prefix,
    // The benchmark signs in a dozen users; their bcrypt cost is not what it measures.
    BCRYPT_COST: '10',
  });
  const { baseUrl } = platform;
  const admin = await Session.signIn(baseUrl, 'admin@poscalls4u.test', PASSWORD);
  const demoTeams = await ensureDemoTeams(admin, () => undefined);
  const { integration } = await admin.call('POST', '/api/integrations', {
    name: 'Realtime bench',
  });
  // The delay measure's team: agent1 as its only member, so its room is exactly the team sockets.
  const { team: benchTeam } = await admin.call('POST', '/api/teams', { name: `Bench ${runId}` });
  const agent1 = (await admin.all('/api/users')).find(
    (user) => user.email === 'agent1@poscalls4u.test',
  );
  await admin.call('POST', `/api/teams/${benchTeam.id}/members`, {
    userId: agent1.id,
    role: 'agent',
  });

  // Other work on the machine moves these figures a lot: say how busy it was.
  console.log(
    `realtime bench: API on PostgreSQL (scratch database ${database.name}) and Redis (prefix ${redis.prefix}); ` +
      `${cpus().length} cores, load average ${loadavg()[0].toFixed(2)} before the measures`,
  );
  const rows = [['measure', 'figure', 'target', 'result']];
  const ms = (value) => (Number.isNaN(value) ? 'n/a' : `${value.toFixed(1)} ms`);
  const met = (ok) => (ok ? 'met' : 'NOT MET');

  // One PBX posting batches one after the other, then several at once: each batch is applied
  // in order, so one poster is bound by the latency of the events' round trips.
  for (const batchWorkers of runs('batches') ? batchWorkerCounts : []) {
    const before = await sqlSnapshot(profileFile);
    const batches = await measureBatches(baseUrl, integration, demoTeams, batchWorkers);
    console.log(
      `  batches of ${batchSize}, ${batchWorkers} concurrent: ${batches.events} events in ${batches.elapsed.toFixed(1)} s`,
      JSON.stringify(batches.counts),
      batches.failures ? `${batches.failures} failed posts` : '',
    );
    printSql('the batches', before, await sqlSnapshot(profileFile), batches.events);
    rows.push([
      `events accepted/s, batches of ${batchSize} (${batchWorkers} concurrent)`,
      batches.perSecond.toFixed(0),
      `>= ${TARGET_EVENTS_PER_SECOND}`,
      met(batches.perSecond >= TARGET_EVENTS_PER_SECOND),
    ]);
  }
  if (runs('singles')) {
    const before = await sqlSnapshot(profileFile);
    const singles = await measureSingles(baseUrl, integration, demoTeams);
    console.log(
      `  single posts, ${singleWorkers} concurrent: ${singles.events} events in ${singles.elapsed.toFixed(1)} s`,
      JSON.stringify(singles.counts),
      singles.failures ? `${singles.failures} failed posts` : '',
    );
    printSql('the single posts', before, await sqlSnapshot(profileFile), singles.events);
    rows.push(
      [
        `events accepted/s, single posts (${singleWorkers} concurrent)`,
        singles.perSecond.toFixed(0),
        `>= ${TARGET_EVENTS_PER_SECOND}`,
        met(singles.perSecond >= TARGET_EVENTS_PER_SECOND),
      ],
      ['  single post latency p50 / p99', `${ms(singles.p50)} / ${ms(singles.p99)}`, '', ''],
    );
  }
  if (runs('delay')) {
    const before = await sqlSnapshot(profileFile);
    const delay = await measureDelay(baseUrl, integration, benchTeam);
    console.log(
      `  delay: ${delay.sockets} sockets open (${delay.connectSeconds.toFixed(1)} s to connect), ${delay.receivers} receive each event; ` +
        `${delay.posted} events at ${delay.achievedRate.toFixed(0)}/s; ${delay.delivered}/${delay.expected} call:updated delivered, ` +
        `${delay.statistics} call:statistics${delay.failures ? `; ${delay.failures} failed posts` : ''}; ` +
        `this process (posts + sockets) used ${(delay.clientCpu * 100).toFixed(0)} % of a core`,
    );
    printSql('the delay measure', before, await sqlSnapshot(profileFile), delay.posted);
    rows.push(
      [
        `post -> call:updated p50, ${delay.achievedRate.toFixed(0)} events/s, ${delay.sockets} sockets`,
        ms(delay.p50),
        '',
        '',
      ],
      [
        `post -> call:updated p99 (${delay.receivers} receivers per event)`,
        ms(delay.p99),
        `<= ${TARGET_P99_MS} ms`,
        met(delay.p99 <= TARGET_P99_MS && delay.delivered >= delay.expected * 0.99),
      ],
      ['  post -> call:updated max', ms(delay.max), '', ''],
      ['  HTTP answer p50 / p99 at that rate', `${ms(delay.ackP50)} / ${ms(delay.ackP99)}`, '', ''],
      [
        '  deliveries received',
        `${((delay.delivered / Math.max(1, delay.expected)) * 100).toFixed(1)} %`,
        '100 %',
        '',
      ],
    );
  }
  await admin.signOut();
  console.log(`\nload average ${loadavg()[0].toFixed(2)} after the measures`);
  printTable(rows);
} finally {
  await platform?.stop();
  if (profileFile) rmSync(profileFile, { force: true });
  await database
    .drop()
    .catch((error) => console.error(`could not drop ${database.name}: ${error.message}`));
  await redis.clean().catch((error) => console.error(`could not clean Redis: ${error.message}`));
}
process.exit(0);
