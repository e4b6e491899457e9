// tools/bench/failover: after kill -9 of one of two API instances, how soon are its sockets back
// and caught up (issue 17: "<= 5 s p99")? Two built API instances on a scratch PostgreSQL database
// (DATABASE_URL's server) and the shared Redis (REDIS_URL, a unique key prefix), both cleaned up
// afterwards; a TCP balancer in front that sends every connection to instance A while it accepts
// them, to B once A refuses (tools/faults/lib/topology.mjs, `preferFirst`). Only 127.0.0.1,
// bounded in sockets (at most 1,000) and time (about a minute of traffic).
//
//   npm run bench:failover [-- --help]
//
// `--sockets` supervisors' sockets (two supervisors of one team, the way several consoles share
// their users' sessions) connect through the balancer, so all of them land on A. A PBX posts that
// team's call events to B at `--rate` events/s (each call queued, then abandoned about half a second
// later), for `--before` seconds; then A is killed with SIGKILL (no shutdown of any kind) while the
// posts go on for `--after` seconds. Each socket reconnects with Socket.IO's default back-off (as
// the consoles do) and lands on B through the balancer.
//
// Per socket, "caught up" is the first moment after its reconnection at which it knows every event
// acknowledged (answered 2xx) before that reconnection: a call's state is known when its
// `call:updated` arrived over the socket, whether live or replayed by connection-state recovery,
// or when a re-read of the team's calls (`GET /api/calls?teamId=..&from=..`, what a console does
// on every reconnect) shows it; an abandoned call also counts as known queued. The bench prints
// the reconnection and caught-up times from the kill (p50 / p95 / p99 / max), how many sockets had
// their session recovered, how many had missed events over the socket and needed the re-read, how
// many never caught up, and, once the traffic has stopped, how many sockets lack any acknowledged
// event at all (against the posted set), and whether every acknowledged event is in the ledger
// (`integration_events`). The verdict follows the benchmarks' rule (tools/bench/lib/machine.mjs):
// "too loaded to judge" when other work took too much of the CPU, or the hypervisor stole it.
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { io } from 'socket.io-client';

import { startBalancer } from '../../faults/lib/topology.mjs';
import { Session, postCallEvents, request } from '../../simulate/lib/client.mjs';
import { CORES, describeMachine, verdict, watchMachine } from '../lib/machine.mjs';
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
    sockets: { type: 'string', default: '500' },
    rate: { type: 'string', default: '20' },
    before: { type: 'string', default: '10' },
    after: { type: 'string', default: '20' },
    reread: { type: 'string', default: 'always' },
    'socketio-backoff': { type: 'boolean' },
    'crash-safe-sessions': { type: 'boolean' },
    help: { type: 'boolean' },
  },
});
if (values.help) {
  console.log(`Usage: npm run bench:failover [-- options]
  --sockets N   supervisors' sockets on instance A, killed with SIGKILL      (500, at most 1000)
  --rate N      call events/s posted to instance B, before and after the kill (20, at most 200)
  --before S    seconds of traffic before the kill                          (10, at most 60)
  --after S     seconds of traffic after the kill                           (20, at most 60)
  --reread WHEN after a reconnection, the re-read of the team's calls:
                always (what the consoles do today), or unrecovered (only when the
                session was not recovered, its missed events replayed)     (always)
  --socketio-backoff  Socket.IO's default reconnection delay (0.5-1.5 s first), as the
                consoles had before issue 17, instead of theirs (0-1 s first)
  --crash-safe-sessions  REALTIME_CRASH_SAFE_SESSIONS=true: sessions kept in Redis while
                connected, so A's sockets resume them on B with a replay (off by default)
Environment: DATABASE_URL (${DEFAULT_DATABASE_URL}), REDIS_URL (${DEFAULT_REDIS_URL}).`);
  process.exit(0);
}
const SOCKETS = Number(values.sockets);
const RATE = Number(values.rate);
const BEFORE_S = Number(values.before);
const AFTER_S = Number(values.after);
if (!(SOCKETS >= 1 && SOCKETS <= 1000)) throw new Error('--sockets must be in [1, 1000]');
if (!(RATE > 0 && RATE <= 200)) throw new Error('--rate must be in (0, 200]');
if (!(BEFORE_S >= 2 && BEFORE_S <= 60)) throw new Error('--before must be in [2, 60]');
if (!(AFTER_S >= 5 && AFTER_S <= 60)) throw new Error('--after must be in [5, 60]');
const REREAD = values.reread;
if (!['always', 'unrecovered'].includes(REREAD))
  throw new Error('--reread must be always or unrecovered');

/** Issue 17's target: back and caught up within 5 s of the kill, p99. */
const TARGET_MS = 5_000;
/** After the traffic stops: how long the stragglers get to catch up before the count. */
const SETTLE_MS = 10_000;
/**
 * How far before a socket's last news its re-read starts: a call is abandoned HOLD_MS after it was
 * queued, plus the abandon's post, which takes seconds on a loaded machine.
 */
const REREAD_MARGIN_MS = 15_000;
/** A call's states in order: knowing the later one covers the earlier. */
const RANK = { queued: 1, abandoned: 2 };
const HOLD_MS = 500;

const runId = randomBytes(3).toString('hex');
const callPrefix = `fo-${runId}-`;
const now = () => performance.now();

/** The events acknowledged by the API: `{ callId, rank, ackAt }`, in order of acknowledgement. */
const acknowledged = [];

/**
 * One console's socket: the call states it knows, and, once it reconnected after the kill, the
 * acknowledged events it still lacked (`pending`, call id -> rank) until it caught up.
 */
class Watcher {
  constructor(url, session, teamId) {
    Object.assign(this, { url, session, teamId });
    this.known = new Map();
    this.lastNewsAt = now();
    this.killedAt = undefined;
  }

  open() {
    // The consoles' reconnection settings (libs/web/realtime, realtime-client.ts): the first try
    // at a random moment within a second of the drop, then Socket.IO's back-off up to 5 s.
    this.socket = io(this.url, {
      auth: { token: this.session.token },
      transports: ['websocket'],
      forceNew: true,
      ...(values['socketio-backoff'] ? {} : { reconnectionDelay: 500, randomizationFactor: 1 }),
    });
    this.socket.on('call:updated', ({ call }) => {
      if (!call.externalId?.startsWith(callPrefix)) return;
      this.lastNewsAt = now();
      this.learn(call.externalId, RANK[call.state] ?? 0, 'socket');
    });
    this.socket.on('disconnect', () => {
      if (this.killedAt !== undefined && this.disconnectedAt === undefined)
        this.disconnectedAt = now();
    });
    this.socket.on('connect_error', (error) => (this.connectError = error.message));
    // The phases of the way back (issue 17): the Manager's reconnection attempts and failures.
    this.attempts = 0;
    this.socket.io.on('reconnect_attempt', () => {
      if (this.killedAt === undefined) return;
      this.attempts += 1;
      this.firstAttemptAt ??= now();
    });
    this.socket.io.on('reconnect_error', (error) => {
      if (this.killedAt === undefined) return;
      this.attemptErrors = (this.attemptErrors ?? 0) + 1;
      this.attemptError ??= error.message;
    });
    this.socket.on('connect', () => {
      if (this.killedAt !== undefined && this.reconnectedAt === undefined) this.reconnected();
    });
    return new Promise((resolve, reject) => {
      this.socket.once('connect', resolve);
      this.socket.once('connect_error', reject);
    });
  }

  learn(callId, rank, source) {
    if (rank > (this.known.get(callId) ?? 0)) this.known.set(callId, rank);
    const wanted = this.pending?.get(callId);
    if (wanted === undefined || rank < wanted) return;
    this.pending.delete(callId);
    if (this.pending.size === 0 && this.caughtUpAt === undefined) {
      this.caughtUpAt = now();
      this.caughtUpBy = source;
    }
  }

  reconnected() {
    this.reconnectedAt = now();
    this.recovered = this.socket.recovered;
    // Every event acknowledged so far that this socket does not know yet.
    this.pending = new Map();
    for (const event of acknowledged)
      if ((this.known.get(event.callId) ?? 0) < event.rank)
        this.pending.set(event.callId, Math.max(event.rank, this.pending.get(event.callId) ?? 0));
    this.missedAtReconnect = this.pending.size;
    if (this.pending.size === 0) {
      this.caughtUpAt = this.reconnectedAt;
      this.caughtUpBy = 'nothing missed';
    }
    if (REREAD === 'always' || !this.recovered)
      this.reread().catch((error) => (this.rereadError = error.message));
  }

  /** What a console does on every (re)connect: read the state again, here the team's calls. */
  async reread() {
    this.rereadStartedAt = now();
    const from = new Date(
      Date.now() - (now() - Math.min(this.lastNewsAt, this.killedAt)) - REREAD_MARGIN_MS,
    ).toISOString();
    let cursor;
    for (let page = 0; page < 50; page++) {
      const query = new URLSearchParams({ teamId: this.teamId, from, pageSize: '100' });
      if (cursor) query.set('cursor', cursor);
      const answer = await withRetries(() =>
        request(this.url, 'GET', `/api/calls?${query}`, { token: this.session.token }),
      );
      for (const call of answer.items)
        if (call.externalId?.startsWith(callPrefix))
          this.learn(call.externalId, RANK[call.state] ?? 0, 're-read');
      this.rereadFirstPageAt ??= now();
      cursor = answer.nextCursor;
      if (!cursor) break;
    }
    this.rereadAt = now();
  }

  /** Acknowledged events this socket never learnt, by any path. */
  lacking() {
    return acknowledged.filter((event) => (this.known.get(event.callId) ?? 0) < event.rank).length;
  }

  close() {
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
  }
}

/** A request retried while the instance it reaches answers 5xx or not at all (at most ~10 s). */
async function withRetries(work) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const retriable = error.status === undefined || error.status >= 500;
      if (!retriable || attempt >= 20) throw error;
      await sleep(500);
    }
  }
}

/** Opens the sockets 50 at a time (a burst of a thousand handshakes is its own benchmark). */
async function openAll(watchers) {
  for (let i = 0; i < watchers.length; i += 50)
    await Promise.all(watchers.slice(i, i + 50).map((watcher) => watcher.open()));
}

/**
 * The PBX: `RATE` events/s to `baseUrl`, open loop (every 10 ms the events due by then), each call
 * queued and then abandoned HOLD_MS later; an event is retried until acknowledged, as a PBX does.
 */
function startPbx(baseUrl, integration, teamId) {
  const state = { posted: 0, failures: 0, stopped: false, inFlight: new Set(), calls: 0 };
  const post = async (callId, type) => {
    const event = {
      id: `${callId}:${type}`,
      type,
      occurredAt: new Date().toISOString(),
      callId,
      ...(type === 'call.queued'
        ? { teamId, direction: 'inbound', from: '+15550100', to: '+15550199' }
        : {}),
    };
    for (let attempt = 0; attempt < 20; attempt++) {
      try {
        await postCallEvents(baseUrl, integration, event);
        acknowledged.push({
          callId,
          rank: type === 'call.queued' ? RANK.queued : RANK.abandoned,
          ackAt: now(),
        });
        return;
      } catch (error) {
        state.failures += 1;
        state.firstError ??= error.message;
        await sleep(200);
      }
    }
  };
  const track = (work) => {
    state.inFlight.add(work);
    work.finally(() => state.inFlight.delete(work));
  };
  const started = now();
  state.loop = (async () => {
    while (!state.stopped) {
      const due = Math.floor(((now() - started) / 1000) * RATE);
      while (state.posted < due) {
        // Half the events queue a call, half abandon one queued HOLD_MS earlier.
        if (state.posted % 2 === 0) {
          const callId = `${callPrefix}${(state.calls += 1)}`;
          track(
            (async () => {
              await post(callId, 'call.queued');
              await sleep(HOLD_MS);
              await post(callId, 'call.abandoned');
            })(),
          );
        }
        state.posted += 1;
      }
      await sleep(10);
    }
  })();
  state.stop = async () => {
    state.stopped = true;
    await state.loop;
    while (state.inFlight.size) await Promise.all([...state.inFlight]);
  };
  return state;
}

const databaseServer = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
const redisUrl = process.env.REDIS_URL || DEFAULT_REDIS_URL;
const database = await scratchDatabase(databaseServer, 'poscalls4u_bench_fo');
const redis = scratchRedisPrefix(redisUrl, 'poscalls4u-bench-fo');
const apiEnv = {
  DATABASE_URL: database.url,
  REDIS_URL: redisUrl,
  QUEUE_PREFIX: redis.prefix,
  REALTIME_CRASH_SAFE_SESSIONS: values['crash-safe-sessions'] ? 'true' : 'false',
  // One deployment: B accepts A's tokens and decrypts the integration's secret A stored.
  JWT_SECRET: randomBytes(48).toString('base64'),
  MFA_ENCRYPTION_KEY: randomBytes(48).toString('base64'),
  // Two supervisors and an admin sign in; their bcrypt cost is not what this measures.
  BCRYPT_COST: '10',
};
const cleanups = [];
const watchers = [];
let exitCode = 0;
try {
  console.log(
    `failover bench: ${SOCKETS} sockets on A, ${RATE} events/s to B, ${BEFORE_S} s before and ${AFTER_S} s after the kill, re-read ${REREAD}, ${values['socketio-backoff'] ? "Socket.IO's default back-off" : "the consoles' back-off"}; ${CORES} cores, load average ${loadavg()
      .map((v) => v.toFixed(1))
      .join(' / ')} at the start`,
  );
  // A first: it migrates and seeds the demo organisation; then B on the same database and prefix.
  const a = await startPlatform(apiEnv);
  cleanups.push(() => a.stop());
  // BENCH_CPU_PROF_DIR: a CPU profile of B (the survivor that takes the herd), written at its stop.
  const b = await startPlatform({
    ...apiEnv,
    ...(process.env.BENCH_CPU_PROF_DIR
      ? { BENCH_NODE_ARGS: `--cpu-prof --cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}` }
      : {}),
  });
  cleanups.push(() => b.stop());
  const balancer = await startBalancer([a.port, b.port], { preferFirst: true });
  cleanups.push(() => balancer.close());

  const admin = await Session.signIn(a.baseUrl, 'admin@poscalls4u.test', BENCH_PASSWORD);
  const { team } = await admin.call('POST', '/api/teams', { name: `Failover ${runId}` });
  const users = await admin.all('/api/users');
  const supervisors = [];
  for (const email of ['supervisor1@poscalls4u.test', 'supervisor2@poscalls4u.test']) {
    await admin.call('POST', `/api/teams/${team.id}/members`, {
      userId: users.find((user) => user.email === email).id,
      role: 'supervisor',
    });
    supervisors.push(await Session.signIn(a.baseUrl, email, BENCH_PASSWORD));
  }
  const { integration } = await admin.call('POST', '/api/integrations', {
    name: `Failover ${runId}`,
  });

  for (let i = 0; i < SOCKETS; i++)
    watchers.push(new Watcher(balancer.url, supervisors[i % supervisors.length], team.id));
  const connectStarted = now();
  await openAll(watchers);
  console.log(
    `  ${watchers.length} sockets connected in ${((now() - connectStarted) / 1000).toFixed(1)} s; connections open to A / B: ${balancer.open.join(' / ')}`,
  );

  const pbx = startPbx(b.baseUrl, integration, team.id);
  await sleep(BEFORE_S * 1000);
  const machine = watchMachine();
  const killedAt = now();
  for (const watcher of watchers) watcher.killedAt = killedAt;
  await a.kill9();
  console.log(
    `  A killed (SIGKILL) after ${BEFORE_S} s of traffic; ${acknowledged.length} events acknowledged by then`,
  );
  await sleep(AFTER_S * 1000);
  await pbx.stop();
  // The stragglers: until every socket caught up and knows every event, or SETTLE_MS.
  const settleUntil = now() + SETTLE_MS;
  while (now() < settleUntil && watchers.some((w) => w.caughtUpAt === undefined || w.lacking()))
    await sleep(250);
  const figures = machine.end();

  const sinceKill = (at) => (at === undefined ? Number.NaN : at - killedAt);
  const reconnectMs = watchers.map((w) => sinceKill(w.reconnectedAt)).filter(Number.isFinite);
  const caughtUpMs = watchers.map((w) => sinceKill(w.caughtUpAt)).filter(Number.isFinite);
  const neverCaughtUp = watchers.filter((w) => w.caughtUpAt === undefined).length;
  const recovered = watchers.filter((w) => w.recovered).length;
  const missedOverSocket = watchers.filter(
    (w) => w.missedAtReconnect > 0 && w.caughtUpBy !== 'socket',
  ).length;
  const byReread = watchers.filter((w) => w.caughtUpBy === 're-read').length;
  const lacking = watchers.filter((w) => w.lacking() > 0);
  const rereadErrors = watchers.filter((w) => w.rereadError);
  const missedAtReconnect = watchers.map((w) => w.missedAtReconnect ?? 0);

  // The posted set against the database: every acknowledged event is stored.
  const db = new pg.Pool({ connectionString: database.url, max: 1 });
  const stored = await db
    .query(`select count(*)::int as n from integration_events where integration_id = $1`, [
      integration.id,
    ])
    .finally(() => db.end());
  const storedEvents = stored.rows[0].n;

  const ms = (value) => (Number.isFinite(value) ? `${(value / 1000).toFixed(2)} s` : 'n/a');
  const spread = (list) =>
    `${ms(percentile(list, 50))} / ${ms(percentile(list, 95))} / ${ms(percentile(list, 99))} / ${ms(percentile(list, 100))}`;
  const p99 = percentile(caughtUpMs, 99);
  const complete = neverCaughtUp === 0 && lacking.length === 0;
  // Every socket must have caught up for the p99 to stand: a missing one counts as not met.
  const ok = complete && caughtUpMs.length === watchers.length && p99 <= TARGET_MS;
  console.log('');
  printTable([
    ['after kill -9 of A (from the kill)', 'figure', 'target', 'verdict'],
    ['reconnected, p50 / p95 / p99 / max', spread(reconnectMs), '', ''],
    [
      'back and caught up, p50 / p95 / p99 / max',
      spread(caughtUpMs),
      `p99 <= ${TARGET_MS / 1000} s`,
      verdict(ok, figures),
    ],
    ['sockets reconnected', `${reconnectMs.length} of ${watchers.length}`, 'all', ''],
    ['sockets whose session was recovered (replay)', `${recovered}`, '', ''],
    [
      'sockets that missed events over the socket',
      `${missedOverSocket} (missed per socket p50 ${percentile(missedAtReconnect, 50)}, max ${percentile(missedAtReconnect, 100)})`,
      '',
      '',
    ],
    ['  of which caught up by the re-read', `${byReread}`, '', ''],
    ['sockets never caught up', `${neverCaughtUp}`, '0', ''],
    [
      'sockets lacking an event at the end',
      `${lacking.length}`,
      '0',
      lacking.length === 0 ? 'met' : 'NOT MET',
    ],
    [
      'events acknowledged -> stored',
      `${acknowledged.length} -> ${storedEvents} (${pbx.failures} posts retried)`,
      'none lost',
      storedEvents >= acknowledged.length ? 'met' : 'NOT MET',
    ],
    ['machine (kill to end)', describeMachine(figures), '', ''],
  ]);
  // Where the time goes, per socket and phase (each from the kill, p50 / p95 / p99 / max).
  const phase = (pick) => spread(watchers.map((w) => sinceKill(pick(w))).filter(Number.isFinite));
  const attempts = watchers.map((w) => w.attempts);
  console.log('');
  printTable([
    ['timeline from the kill', 'p50 / p95 / p99 / max'],
    ['disconnect seen by the client', phase((w) => w.disconnectedAt)],
    ['first reconnection attempt', phase((w) => w.firstAttemptAt)],
    ['reconnected (handshake done)', phase((w) => w.reconnectedAt)],
    ['re-read: first page answered', phase((w) => w.rereadFirstPageAt)],
    ['re-read: done', phase((w) => w.rereadAt)],
    ['caught up', phase((w) => w.caughtUpAt)],
    [
      'reconnection attempts per socket',
      `p50 ${percentile(attempts, 50)}, p99 ${percentile(attempts, 99)}, max ${percentile(attempts, 100)}; failed attempts ${watchers.reduce((n, w) => n + (w.attemptErrors ?? 0), 0)}${watchers.find((w) => w.attemptError) ? ` (e.g. ${watchers.find((w) => w.attemptError).attemptError})` : ''}`,
    ],
    [
      'caught up by',
      Object.entries(
        watchers.reduce((by, w) => ({ ...by, [w.caughtUpBy]: (by[w.caughtUpBy] ?? 0) + 1 }), {}),
      )
        .map(([how, n]) => `${how} ${n}`)
        .join(', '),
    ],
  ]);
  if (pbx.firstError) console.log(`\n  posts retried, e.g.: ${pbx.firstError}`);
  const refused = watchers.filter((w) => w.connectError && w.reconnectedAt === undefined);
  if (refused.length)
    console.log(
      `\n  ${refused.length} sockets refused when reconnecting, e.g.: ${refused[0].connectError}`,
    );
  if (rereadErrors.length)
    console.log(`\n  ${rereadErrors.length} re-reads failed, e.g.: ${rereadErrors[0].rereadError}`);
  if (!ok || storedEvents < acknowledged.length) exitCode = 1;
  for (const session of [...supervisors, admin]) await session.signOut().catch(() => undefined);
} finally {
  for (const watcher of watchers) watcher.close();
  for (const cleanup of cleanups.reverse())
    await cleanup().catch((error) => console.error(`cleanup: ${error.message}`));
  await database
    .drop()
    .catch((error) => console.error(`could not drop ${database.name}: ${error.message}`));
  await redis.clean().catch((error) => console.error(`could not clean Redis: ${error.message}`));
}
process.exit(exitCode);
