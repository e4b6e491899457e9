// The soak run (issue 17): the production topology of the fault suite (two built API instances
// behind a balancer, the worker, a PostgreSQL cluster and a redis-server of its own, SMTP and a PBX
// receiver, all on 127.0.0.1), with supervisors' sockets connected and a steady stream of signed PBX
// call events, for a bounded time. Every window it samples each instance's resident memory and
// heap (from /proc and its /metrics), its event-loop lag, and the events' latency; at the end it
// prints how each drifted: the last windows against the first ones of the same run (the baseline),
// with the absolute figures and the load average beside them, and the memory's trend (a least-
// squares slope over the run).
//
//   npm run bench:soak                                # 5 min, 200 sockets, 10 calls/s
//   npm run bench:soak -- --minutes 10 --sockets 1000 # the figures
//
// The generator keeps at most `--max-in-flight` calls under way (default 4 s of traffic): when
// the API falls behind, it skips starts and prints how many, instead of stalling on a backlog.
//
// Bounded on purpose: at most 30 minutes and 2,000 sockets. Needs the built API and worker
// (`npx nx run-many -t build -p api worker`), PostgreSQL's binaries and redis-server; touches none
// of the shared servers.
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';

import { sleep, startTopology } from '../../faults/lib/topology.mjs';
import {
  PbxStream,
  SupervisorScreen,
  must,
  percentile,
  signIn,
} from '../../faults/lib/traffic.mjs';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '5' },
    sockets: { type: 'string', default: '200' },
    rate: { type: 'string', default: '10' },
    window: { type: 'string', default: '30' },
    // Calls under way at most (each is two posts retried until acknowledged): the generator skips
    // a start beyond it and counts the skips, rather than growing a backlog of its own.
    'max-in-flight': { type: 'string', default: '' },
  },
});
const MINUTES = Number(values.minutes);
const SOCKETS = Number(values.sockets);
const RATE = Number(values.rate);
const WINDOW_MS = Number(values.window) * 1000;
const MAX_IN_FLIGHT = values['max-in-flight'] ? Number(values['max-in-flight']) : RATE * 4;
if (!(MAX_IN_FLIGHT >= 1)) throw new Error('--max-in-flight must be at least 1');
if (!(MINUTES > 0 && MINUTES <= 30)) throw new Error('--minutes must be in (0, 30]');
if (!(SOCKETS >= 1 && SOCKETS <= 2000)) throw new Error('--sockets must be in [1, 2000]');
if (!(RATE > 0 && RATE <= 100)) throw new Error('--rate must be in (0, 100]');
if (!(WINDOW_MS >= 5_000 && WINDOW_MS * 4 <= MINUTES * 60_000))
  throw new Error('--window must be at least 5 s and a quarter of the run at most');

const metricsToken = randomBytes(16).toString('hex');

/** One value of a Prometheus text answer (the first series of that name). */
function metric(text, name) {
  const line = text.split('\n').find((entry) => entry.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : NaN;
}

async function sampleInstance(api) {
  const text = await fetch(`${api.url}/metrics`, {
    headers: { authorization: `Bearer ${metricsToken}` },
    signal: AbortSignal.timeout(5_000),
  })
    .then((response) => (response.ok ? response.text() : ''))
    .catch(() => '');
  return {
    rssMb: api.residentMb,
    heapMb: metric(text, 'poscalls_nodejs_heap_size_used_bytes') / 2 ** 20,
    lagP99Ms: metric(text, 'poscalls_nodejs_eventloop_lag_p99_seconds') * 1000,
    sockets: metric(text, 'poscalls_socketio_connections'),
  };
}

/** Least-squares slope of y over x. */
function slope(points) {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const num = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const den = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return den ? num / den : 0;
}

const mean = (list) => list.reduce((s, v) => s + v, 0) / list.length;
const fixed = (value, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

console.log(
  `soak: ${MINUTES} min, ${SOCKETS} sockets, ${RATE} calls/s (2 signed PBX events each), windows of ${WINDOW_MS / 1000} s; ${cpus().length} cores, load average ${loadavg()[0].toFixed(2)} at the start`,
);
const topology = await startTopology({ extraEnv: { METRICS_TOKEN: metricsToken } });
const screens = [];
let db;
try {
  const base = topology.balancer.url;
  const admin = await signIn(base, 'admin@poscalls4u.test', topology.password);
  const { integration } = await must(base, 'POST', '/api/integrations', {
    token: admin.token,
    body: { name: 'Soak PBX', webhookUrl: topology.pbx.url },
  });
  topology.pbx.secret = integration.secret;
  const { team } = await must(base, 'POST', '/api/teams', {
    token: admin.token,
    body: { name: 'Soak queue' },
  });
  for (let i = 0; i < SOCKETS; i++) {
    const screen = new SupervisorScreen(base, admin.token);
    await screen.open();
    screens.push(screen);
  }
  console.log(`${screens.length} sockets connected; traffic starts`);

  const stream = new PbxStream({
    baseUrl: base,
    integration,
    teamId: team.id,
    rate: RATE,
    prefix: 'soak',
    maxInFlight: MAX_IN_FLIGHT,
  });
  const started = Date.now();
  stream.start();
  const windows = [];
  for (let w = 0; Date.now() - started < MINUTES * 60_000; w++) {
    const from = Date.now();
    const skippedBefore = stream.skipped;
    await sleep(Math.min(WINDOW_MS, MINUTES * 60_000 - (from - started)));
    const to = Date.now();
    const answers = stream.answers.filter((a) => a.at >= from && a.at < to && a.status === 200);
    const instances = await Promise.all(topology.apis.map(sampleInstance));
    const window = {
      minute: (to - started) / 60_000,
      skipped: stream.skipped - skippedBefore,
      p50: percentile(
        answers.map((a) => a.ms),
        50,
      ),
      p99: percentile(
        answers.map((a) => a.ms),
        99,
      ),
      posts: answers.length,
      rssMb: mean(instances.map((i) => i.rssMb)),
      heapMb: mean(instances.map((i) => i.heapMb)),
      lagP99Ms: Math.max(...instances.map((i) => i.lagP99Ms)),
      sockets: instances.reduce((s, i) => s + (i.sockets || 0), 0),
      load: loadavg()[0],
    };
    windows.push(window);
    console.log(
      `  ${fixed(window.minute)} min: ${window.posts} posts (${window.skipped} calls skipped at the cap), latency p50 ${fixed(window.p50)} / p99 ${fixed(window.p99, 0)} ms, RSS ${fixed(window.rssMb, 0)} MB, heap ${fixed(window.heapMb, 0)} MB (mean per instance), event-loop lag p99 ${fixed(window.lagP99Ms)} ms, ${window.sockets} sockets, load average ${window.load.toFixed(2)}`,
    );
  }
  await stream.stop();

  // The first quarter of the windows is the baseline, the last quarter what it drifted to. The
  // very first window (sockets just connected, caches cold) is left out of the baseline.
  const quarter = Math.max(1, Math.floor(windows.length / 4));
  const first = windows.slice(1, 1 + quarter);
  const last = windows.slice(-quarter);
  const drift = (key) => {
    const a = mean(first.map((w) => w[key]));
    const b = mean(last.map((w) => w[key]));
    return `${fixed(b / a, 2)}x (${fixed(a)} -> ${fixed(b)})`;
  };
  const rssSlope = slope(windows.slice(1).map((w) => ({ x: w.minute, y: w.rssMb })));
  const heapSlope = slope(windows.slice(1).map((w) => ({ x: w.minute, y: w.heapMb })));
  db = new pg.Pool({ connectionString: topology.postgres.url, max: 1 });
  const stored = await db.query(
    `select count(*)::int as n from integration_events where integration_id = $1`,
    [integration.id],
  );
  const lost = stream.acknowledged.size - stored.rows[0].n;
  const loads = windows.map((w) => w.load);
  console.log(`
soak over ${fixed((Date.now() - started) / 60_000)} min, ${SOCKETS} sockets, ${RATE} calls/s; load average ${fixed(Math.min(...loads), 2)} to ${fixed(Math.max(...loads), 2)} (${cpus().length} cores)
  last quarter against the first (baseline: windows 2 to ${quarter + 1} of this run):
    latency p50         ${drift('p50')} ms
    latency p99         ${drift('p99')} ms
    resident memory     ${drift('rssMb')} MB per instance; trend ${fixed(rssSlope, 2)} MB/min
    heap used           ${drift('heapMb')} MB per instance; trend ${fixed(heapSlope, 2)} MB/min
    event-loop lag p99  ${drift('lagP99Ms')} ms
  calls started: ${stream.sequence}; skipped at the cap of ${MAX_IN_FLIGHT} under way: ${stream.skipped}
  events: ${stream.acknowledged.size} acknowledged, ${stored.rows[0].n} stored (${lost} lost); sockets still connected: ${windows.at(-1).sockets} of ${SOCKETS}`);
  if (Math.max(...loads) > cpus().length * 2)
    console.log(
      `  The load average reached ${fixed(Math.max(...loads), 2)} on ${cpus().length} cores: latency and lag figures are the machine's as much as the platform's.`,
    );
  process.exitCode = lost === 0 ? 0 : 1;
} finally {
  for (const screen of screens) screen.close();
  await db?.end().catch(() => undefined);
  await topology.destroy();
}
