// tools/bench/stats: the statistics endpoints on a big history (issue 5). Loads `--calls` calls
// (10 million by default) over `--days` days into a scratch database on the PostgreSQL server of
// DATABASE_URL with COPY, rebuilds the 15-minute rollups (`npm run stats:rebuild`), then measures
// through HTTP, one request at a time after a warm-up, p50/p95 of
//   - GET /api/stats/dashboard (an admin: the whole center),
//   - a team's 30-day hourly report, GET /api/stats/teams/:id?interval=1h,
//   - an agent's 30-day daily report, GET /api/stats/agents/:id?interval=1d,
//   - a 30-day CSV export, GET /api/stats/calls?format=csv (rows/s, MB/s, memory of both ends),
//   - tomorrow's forecast from 52 weeks, GET /api/workforce/forecast?weeks=52 (issue 14),
// each beside the same figures computed by a plain aggregate over the raw rows in the same run
// (lib/baselines.mjs). Targets: dashboard and team report p95 <= 50 ms; CSV >= 50,000 rows/s;
// forecast p95 <= 200 ms (run with --days 365 for a year of history).
// Traffic goes to 127.0.0.1 only. The scratch database is dropped at the end unless --keep.
//
//   npm run bench:stats [-- --help]
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';

import { BENCH_PASSWORD, startPlatform } from '../lib/platform.mjs';
import { DEFAULT_DATABASE_URL, scratchDatabase } from '../lib/scratch.mjs';
import { profilingEnv, sqlSnapshot } from '../lib/sql-profile.mjs';
import { printTable } from '../lib/stats.mjs';
import {
  agentReportQueries,
  csvExportSql,
  dashboardQueries,
  forecastQueries,
  teamReportQueries,
  teamTotalsQuery,
} from './lib/baselines.mjs';
import { loadHistory, loadedMarker } from './lib/load.mjs';
import {
  apiPid,
  copyCsv,
  downloadCsv,
  getter,
  queryRunner,
  sequential,
  sqlPerRequest,
} from './lib/measure.mjs';

const { values } = parseArgs({
  options: {
    calls: { type: 'string', default: '10000000' },
    days: { type: 'string', default: '90' },
    teams: { type: 'string', default: '20' },
    agents: { type: 'string', default: '400' },
    'timeline-days': { type: 'string', default: '2' },
    seed: { type: 'string', default: '5' },
    samples: { type: 'string', default: '200' },
    warmup: { type: 'string', default: '20' },
    'max-seconds': { type: 'string', default: '60' },
    'csv-runs': { type: 'string', default: '3' },
    'report-days': { type: 'string', default: '30' },
    keep: { type: 'boolean', default: false },
    'database-url': { type: 'string' },
    'skip-rebuild': { type: 'boolean', default: false },
    only: { type: 'string', default: 'dashboard,team,agent,forecast,csv' },
    profile: { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(`Usage: npm run bench:stats [-- options]
  --calls N            calls to load                                   (10000000)
  --days N             days of history, ending now                     (90)
  --teams N            teams (queues)                                  (20)
  --agents N           agents (the 10 demo agents first)               (400)
  --timeline-days N    calls of the last N days get their whole event timeline; older calls
                       only the events the rollup rebuild reads          (2)
  --seed N             random seed of the generated history            (5)
  --samples N          timed requests (and baseline queries) per measure (200)
  --warmup N           untimed requests first                          (20)
  --max-seconds S      stop a measure after S seconds (at least 5 samples) (60)
  --csv-runs N         CSV downloads (and baseline COPYs)              (3)
  --report-days N      length of the reports and the export            (30)
  --keep               keep the scratch database (its URL is printed)
  --database-url URL   use this database: loaded once, then re-used as it is
  --skip-rebuild       do not run npm run stats:rebuild (rollups as they are)
  --only LIST          measures to run, of dashboard,team,agent,forecast,csv (all)
  --profile            time the API's SQL (pg preload) and print the top statements per request
  --cpu-prof DIR       write the API's V8 CPU profile (.cpuprofile) into DIR
Environment: DATABASE_URL, the server for the scratch database (${DEFAULT_DATABASE_URL}).`);
  process.exit(0);
}

const root = resolve(import.meta.dirname, '../../..');
const DAY = 86_400_000;
const PASSWORD = BENCH_PASSWORD;
const TARGET_P95_MS = 50;
/** Issue 14: a one-day plan from one year of history. */
const FORECAST_TARGET_P95_MS = 200;
const TARGET_CSV_ROWS_PER_SECOND = 50_000;
const options = {
  calls: Number(values.calls),
  days: Number(values.days),
  teams: Number(values.teams),
  agents: Number(values.agents),
  timelineDays: Number(values['timeline-days']),
  seed: Number(values.seed),
};
const loop = {
  warmup: Number(values.warmup),
  samples: Number(values.samples),
  maxSeconds: Number(values['max-seconds']),
};
const benchStarted = performance.now();
const log = (text) =>
  console.log(`[${((performance.now() - benchStarted) / 1000).toFixed(0).padStart(5)} s] ${text}`);
const fixed = (value, digits = 1) =>
  value === null || value === undefined || Number.isNaN(value) ? '-' : value.toFixed(digits);
const count = (value) => Math.round(value).toLocaleString('en-US');

/** Runs `npm run stats:rebuild` on the database; its build step, if any, is not timed. */
async function rebuild(url) {
  const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts ?? {};
  const script = scripts['stats:rebuild'];
  if (!script) return { skipped: 'package.json has no stats:rebuild script yet' };
  // "build && node file args": run the node part directly (bench:stats has built the API).
  const direct = /(?:^|&&)\s*node\s+([^&|;]+)$/.exec(script);
  const [command, args] = direct
    ? [process.execPath, direct[1].trim().split(/\s+/)]
    : ['npm', ['run', '--silent', 'stats:rebuild']];
  const started = performance.now();
  const output = await new Promise((done, fail) => {
    const child = spawn(command, args, {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let text = '';
    child.stdout.on('data', (chunk) => (text += chunk));
    child.on('error', fail);
    child.on('exit', (code) =>
      code === 0 ? done(text) : fail(new Error(`stats:rebuild exited with ${code}: ${text}`)),
    );
  });
  return { ms: performance.now() - started, output: output.trim(), command: [command, ...args] };
}

async function signIn(baseUrl, email) {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (!response.ok)
    throw new Error(`sign-in of ${email}: ${response.status} ${await response.text()}`);
  return (await response.json()).data.token;
}

/** An endpoint measure, or why it could not run (an endpoint not there yet). */
async function measureEndpoint(get, path) {
  try {
    const body = await get(path);
    return { ...(await sequential(() => get(path), loop)), body };
  } catch (error) {
    return { error: error.message.slice(0, 200) };
  }
}

const serverUrl = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
const database = values['database-url']
  ? { url: values['database-url'], name: new URL(values['database-url']).pathname.slice(1) }
  : await scratchDatabase(serverUrl, 'bench_stats');
const only = new Set(values.only.split(','));
const profileFile = values.profile
  ? join(tmpdir(), `pg-profile-stats-${process.pid}.json`)
  : undefined;
const platformEnv = {
  DATABASE_URL: database.url,
  DEMO_SEED: 'true',
  DEMO_TEAMS: 'false',
  ...profilingEnv({ profileFile, cpuProfDir: values['cpu-prof'] }),
};
let platform;
let failed = false;
try {
  log(`database ${database.name} on ${new URL(database.url).host}; starting the API (migrations)`);
  platform = await startPlatform(platformEnv);
  let marker = await loadedMarker(database.url);
  let loadFigures = null;
  if (marker) {
    log(`already loaded: ${JSON.stringify(marker)}`);
  } else {
    // The API stays down during the load and the rebuild: nothing else writes meanwhile.
    await platform.stop();
    platform = undefined;
    log(
      `loading ${count(options.calls)} calls over ${options.days} days, ${options.teams} teams, ` +
        `${options.agents} agents`,
    );
    const started = performance.now();
    const loaded = await loadHistory(database.url, options, log);
    marker = loaded.marker;
    loadFigures = { ...loaded.phases, ms: performance.now() - started };
    log(
      `load done in ${fixed(loadFigures.ms / 1000)} s; calls ${loadFigures.size.calls}, events ` +
        `${loadFigures.size.events}, database ${loadFigures.size.database}`,
    );
  }

  let rebuilt = { skipped: '--skip-rebuild' };
  if (!values['skip-rebuild']) {
    if (platform) {
      await platform.stop();
      platform = undefined;
    }
    log('npm run stats:rebuild ...');
    rebuilt = await rebuild(database.url);
    if (rebuilt.skipped) log(`rebuild skipped: ${rebuilt.skipped}`);
    else log(`rebuild: ${fixed(rebuilt.ms / 1000)} s (${rebuilt.output.split('\n').at(-1)})`);
  }

  platform ??= await startPlatform(platformEnv);
  const serverPid = apiPid();
  const adminToken = await signIn(platform.baseUrl, 'admin@poscalls4u.test');
  const get = getter(platform.baseUrl, adminToken);
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  // The baselines' row estimates (generate_series) are far off, and JIT compiling for them costs
  // more than running them: without JIT the plain aggregates are faster, a stricter comparison.
  await client.query('SET jit = off');
  try {
    const { rows: picks } = await client.query(
      `SELECT (SELECT t.id FROM teams t JOIN calls c ON c.team_id = t.id
                WHERE c.created_at > now() - interval '1 day' GROUP BY t.id ORDER BY count(*) DESC LIMIT 1) AS team_id,
              (SELECT id FROM users WHERE email = 'agent1@poscalls4u.test') AS agent_id,
              (SELECT value->>'shortAbandonSeconds' FROM settings WHERE key = 'organization') AS short_abandon,
              (SELECT value->>'timeZone' FROM settings WHERE key = 'organization') AS time_zone`,
    );
    const { team_id: teamId, agent_id: agentId } = picks[0];
    const tz = picks[0].time_zone ?? process.env.ORG_TIME_ZONE ?? 'UTC';
    const shortMs = Number(picks[0].short_abandon ?? 5) * 1000;
    if (tz !== 'UTC') log(`organisation time zone ${tz}: UTC day boundaries used for the ranges`);
    const today = Math.floor(Date.now() / DAY) * DAY;
    const from = new Date(today - Number(values['report-days']) * DAY).toISOString();
    const to = new Date(today).toISOString();
    const range = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
    const day = {
      dayStart: new Date(today).toISOString(),
      dayEnd: new Date(today + DAY).toISOString(),
    };
    log(`range ${from} .. ${to}; team ${teamId}, agent ${agentId} (agent1)`);

    const measures = [];
    const measure = async (key, name, path, queries) => {
      if (!only.has(key)) return {};
      log(`${name}: ${path}`);
      const before = await sqlSnapshot(profileFile);
      const endpoint = await measureEndpoint(get, path);
      if (profileFile && !endpoint.error) {
        const requests = endpoint.count + loop.warmup + 1;
        const sqlRows = sqlPerRequest(before, await sqlSnapshot(profileFile), requests);
        const total = sqlRows.reduce((sum, row) => sum + row.msPerRequest, 0);
        log(`  the API's SQL: ${fixed(total)} ms per request (summed over its connections)`);
        for (const row of sqlRows.slice(0, 8))
          log(
            `    ${fixed(row.perRequest, 2)} x ${fixed(row.avgMs, 2)} ms  ${row.sql.slice(0, 160)}`,
          );
      }
      if (endpoint.error) log(`  endpoint: ${endpoint.error}`);
      else
        log(
          `  endpoint p50 ${fixed(endpoint.p50)} ms, p95 ${fixed(endpoint.p95)} ms (${endpoint.count})`,
        );
      const baseline = await sequential(queryRunner(client, queries), {
        ...loop,
        warmup: Math.min(loop.warmup, 3),
      });
      log(
        `  raw aggregate p50 ${fixed(baseline.p50)} ms, p95 ${fixed(baseline.p95)} ms (${baseline.count})`,
      );
      measures.push({ key, name, endpoint, baseline });
      return endpoint;
    };

    await measure(
      'dashboard',
      'dashboard (center, today)',
      '/api/stats/dashboard',
      dashboardQueries({ ...day, tz, shortMs }),
    );
    const teamReport = await measure(
      'team',
      `team report, ${values['report-days']} days by hour`,
      `/api/stats/teams/${teamId}?${range}&interval=1h`,
      teamReportQueries({ teamId, from, to, tz, unit: 'hour', shortMs }),
    );
    await measure(
      'agent',
      `agent report, ${values['report-days']} days by day`,
      `/api/stats/agents/${agentId}?${range}&interval=1d`,
      agentReportQueries({ agentId, from, to, tz, unit: 'day', shortMs }),
    );

    // Tomorrow's plan in 15-minute intervals from the same weekday of the 52 weeks before.
    const planned = new Date(today + DAY).toISOString().slice(0, 10);
    await measure(
      'forecast',
      'forecast, one day from 52 weeks',
      `/api/workforce/forecast?teamId=${teamId}&date=${planned}&weeks=52`,
      forecastQueries({ teamId, date: planned, weeks: 52, tz }),
    );

    // The endpoint and the raw aggregate must agree on the team's totals.
    let check = null;
    if (teamReport.body) {
      const totals = JSON.parse(teamReport.body).data?.report?.totals ?? {};
      const { rows } = await client.query(teamTotalsQuery({ teamId, from, to, shortMs }));
      check = ['offered', 'answered', 'abandoned', 'shortAbandoned', 'handled', 'outbound'].map(
        (key) => {
          const raw = Number(rows[0][key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)]);
          return { key, endpoint: totals[key], raw, same: totals[key] === raw };
        },
      );
      log(
        `team totals, endpoint vs raw: ${check.map((c) => `${c.key} ${c.endpoint}/${c.raw}`).join(', ')}`,
      );
    }

    const csvPath = `/api/stats/calls?${range}&format=csv`;
    const csvRuns = [];
    let csvError = null;
    const csvRunCount = only.has('csv') ? Number(values['csv-runs']) : 0;
    if (csvRunCount) log(`CSV export, ${values['report-days']} days: ${csvRunCount} downloads`);
    for (let run = 0; run < csvRunCount && !csvError; run += 1) {
      try {
        const figures = await downloadCsv(platform.baseUrl, adminToken, csvPath, serverPid);
        csvRuns.push(figures);
        log(
          `  ${count(figures.rows)} rows in ${fixed(figures.ms / 1000, 2)} s: ${count(figures.rowsPerSecond)} rows/s, ` +
            `${fixed(figures.mbPerSecond)} MB/s, first byte ${fixed(figures.firstByteMs)} ms, ` +
            `client RSS ${fixed(figures.clientRssStartMb)} -> max ${fixed(figures.clientRssMaxMb)} MB, ` +
            `API RSS ${fixed(figures.serverRssStartMb)} -> max ${fixed(figures.serverRssMaxMb)} MB`,
        );
      } catch (error) {
        csvError = error.message.slice(0, 200);
        log(`  endpoint: ${csvError}`);
      }
    }
    const copyRuns = [];
    for (let run = 0; run < csvRunCount; run += 1) {
      const figures = await copyCsv(client, csvExportSql({ from, to, tz }));
      copyRuns.push(figures);
      log(
        `  raw COPY: ${count(figures.rows)} rows in ${fixed(figures.ms / 1000, 2)} s: ` +
          `${count(figures.rowsPerSecond)} rows/s, ${fixed(figures.mbPerSecond)} MB/s`,
      );
    }

    // The table.
    const median = (runs, key) => {
      const sorted = runs.map((run) => run[key]).sort((a, b) => a - b);
      return sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : null;
    };
    const verdict = (value, ok) =>
      value === null || Number.isNaN(value) ? 'not measured' : ok ? 'met' : 'NOT MET';
    const rows = [
      [
        'measure',
        'endpoint p50',
        'endpoint p95',
        'n',
        'raw p50',
        'raw p95',
        'n',
        'target',
        'result',
      ],
    ];
    for (const { key, name, endpoint, baseline } of measures) {
      const targetMs =
        key === 'forecast'
          ? FORECAST_TARGET_P95_MS
          : key === 'dashboard' || key === 'team'
            ? TARGET_P95_MS
            : null;
      const targeted = targetMs !== null;
      const target = targeted ? `p95 <= ${targetMs} ms` : '-';
      rows.push([
        name,
        endpoint.error ? 'error' : `${fixed(endpoint.p50)} ms`,
        endpoint.error ? '' : `${fixed(endpoint.p95)} ms`,
        endpoint.count ?? 0,
        `${fixed(baseline.p50)} ms`,
        `${fixed(baseline.p95)} ms`,
        baseline.count,
        target,
        targeted ? verdict(endpoint.p95 ?? null, endpoint.p95 <= targetMs) : '-',
      ]);
    }
    const csvRate = median(csvRuns, 'rowsPerSecond');
    const durations = (runs) => runs.map((run) => run.ms).sort((a, b) => a - b);
    rows.push([
      `CSV export, ${values['report-days']} days (duration)`,
      csvRuns.length
        ? `${fixed(durations(csvRuns)[Math.floor((csvRuns.length - 1) / 2)] / 1000, 2)} s`
        : 'error',
      csvRuns.length ? `${fixed(durations(csvRuns).at(-1) / 1000, 2)} s` : '',
      csvRuns.length,
      `${fixed(durations(copyRuns)[Math.floor((copyRuns.length - 1) / 2)] / 1000, 2)} s`,
      `${fixed(durations(copyRuns).at(-1) / 1000, 2)} s`,
      copyRuns.length,
      '',
      '',
    ]);
    rows.push([
      'CSV export (rows/s, median run)',
      csvRate === null ? 'error' : count(csvRate),
      '',
      '',
      count(median(copyRuns, 'rowsPerSecond')),
      '',
      '',
      `>= ${count(TARGET_CSV_ROWS_PER_SECOND)} rows/s`,
      verdict(csvRate, csvRate >= TARGET_CSV_ROWS_PER_SECOND),
    ]);
    rows.push([
      'CSV export (MB/s, median run)',
      csvRate === null ? '' : fixed(median(csvRuns, 'mbPerSecond')),
      '',
      '',
      fixed(median(copyRuns, 'mbPerSecond')),
      '',
      '',
      '',
      '',
    ]);
    console.log('');
    console.log(
      `stats bench: ${count(marker.calls)} calls over ${marker.days} days, ${marker.teams} teams, ` +
        `${marker.agents} agents, loaded ${marker.loadedAt}; PostgreSQL ${new URL(database.url).host}; ` +
        `sequential requests as admin after ${loop.warmup} warm-up`,
    );
    if (loadFigures)
      console.log(
        `load: ${fixed(loadFigures.ms / 1000)} s in all; COPY of calls + events ` +
          `${fixed(loadFigures.calls.ms / 1000)} s (${count(loadFigures.calls.rows / (loadFigures.calls.ms / 1000))} calls/s, ` +
          `${count((loadFigures.calls.rows + loadFigures.calls.events) / (loadFigures.calls.ms / 1000))} rows/s), ` +
          `indexes ${fixed(loadFigures.indexes.ms / 1000)} s, vacuum/analyze ${fixed(loadFigures.vacuum.ms / 1000)} s; ` +
          `calls ${loadFigures.size.calls}, database ${loadFigures.size.database}`,
      );
    console.log(
      rebuilt.skipped
        ? `rollup rebuild: skipped (${rebuilt.skipped})`
        : `rollup rebuild (npm run stats:rebuild): ${fixed(rebuilt.ms / 1000)} s: ${rebuilt.output.split('\n').at(-1)}`,
    );
    printTable(rows);
    if (csvRuns.length) {
      const last = csvRuns.at(-1);
      console.log(
        `CSV memory (last run): client RSS ${fixed(last.clientRssStartMb)} -> max ${fixed(last.clientRssMaxMb)} MB; ` +
          `API RSS ${fixed(last.serverRssStartMb)} -> max ${fixed(last.serverRssMaxMb)} MB; ` +
          `${count(last.bytes / 2 ** 20)} MB, content-type ${last.contentType}`,
      );
    }
    if (check) {
      const differ = check.filter((c) => !c.same);
      console.log(
        differ.length
          ? `team totals DIFFER from the raw calls: ${differ.map((c) => `${c.key} ${c.endpoint} vs ${c.raw}`).join(', ')}`
          : `team totals match the raw calls (${check.map((c) => `${c.key} ${c.raw}`).join(', ')})`,
      );
    }
  } finally {
    await client.end();
  }
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  await platform?.stop();
  if (profileFile) rmSync(profileFile, { force: true });
  if (values.keep || values['database-url']) {
    log(`database kept: ${database.url}`);
  } else {
    await database.drop();
    log(`database ${database.name} dropped`);
  }
}
process.exitCode = failed ? 1 : 0;
