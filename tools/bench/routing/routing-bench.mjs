// tools/bench/routing: the ACD's routing decision under skills (issue 16). Loads a floor into a
// scratch database on the PostgreSQL server of DATABASE_URL: `--agents` agents (500) in
// `--teams` teams, `--skills` skills (20) held at levels 1-5, each team requiring some by
// default and half the calls naming their own, and `--calls` calls (1,000) waiting, up to
// `--max-wait` seconds already (so some requirements have widened). Then, `--samples` times, an
// agent comes free and the API's own RoutingRepository (compiled from apps/api/src, see
// lib/api-code.mjs) makes the decision in a transaction: claimAgent (the longest-idle available
// agent with an eligible call) then claimCall (that agent's best eligible call); the offer is
// written and a new call joins a queue, so the floor keeps its size. Beside it, in the same run
// and interleaved, the baseline: the same transaction around a bare "longest-idle available
// agent" query (no teams, no skills). Target: decision p99 <= 20 ms.
// Then ingestion (needs the built API, dist/apps/api/main.js): the API on a second scratch
// database takes batches of 100 signed `call.queued` events, alternately (batch by batch) calls
// that name their skills (`requiredSkills`) and calls that do not; target: with skills >= 90 % of
// without, judged only when the machine was not too loaded (lib/machine.mjs); `--profile` counts
// the API's SQL statements per event of each kind, `--cpu-prof DIR` writes the API's CPU profile.
// The scratch database is dropped at the end unless --keep.
//
//   npm run bench:routing [-- --help]
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';

import { Session, postCallEvents } from '../../simulate/lib/client.mjs';
import { ensureDemoTeams } from '../../simulate/lib/floor.mjs';
import { loadApiCode } from '../lib/api-code.mjs';
import { describeMachine, verdict, watchMachine } from '../lib/machine.mjs';
import { BENCH_PASSWORD, startPlatform } from '../lib/platform.mjs';
import { DEFAULT_DATABASE_URL, scratchDatabase } from '../lib/scratch.mjs';
import { profilingEnv, sqlBetween, sqlSnapshot } from '../lib/sql-profile.mjs';
import { percentile, printTable } from '../lib/stats.mjs';

const { values } = parseArgs({
  options: {
    agents: { type: 'string', default: '500' },
    skills: { type: 'string', default: '20' },
    calls: { type: 'string', default: '1000' },
    teams: { type: 'string', default: '10' },
    available: { type: 'string', default: '25' },
    'max-wait': { type: 'string', default: '150' },
    samples: { type: 'string', default: '1000' },
    warmup: { type: 'string', default: '50' },
    seed: { type: 'string', default: '16' },
    explain: { type: 'boolean', default: false },
    'ingest-rounds': { type: 'string', default: '6' },
    'ingest-batches': { type: 'string', default: '10' },
    only: { type: 'string' },
    profile: { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(`Usage: npm run bench:routing [-- options]
  --agents N      agents                                              (500)
  --skills N      skills in the catalogue                             (20)
  --calls N       calls waiting, kept at that number                  (1000)
  --teams N       teams (queues); each agent works in one or two       (10)
  --available N   agents available and free when the run starts       (25)
  --max-wait S    the calls loaded have waited 0 to S seconds         (150)
  --samples N     timed decisions (and as many baseline picks)        (1000)
  --warmup N      untimed decisions first                             (50)
  --seed N        random seed of the floor                            (16)
  --explain       print EXPLAIN ANALYZE of both statements
  --ingest-rounds N   ingestion: rounds, each posting both kinds of calls (6; 0 skips it)
  --ingest-batches N  ingestion: batches of 100 call.queued per kind and round, the kinds
                      alternating batch by batch (plain, skills, skills, plain...)  (10)
  --only decision|ingestion   run one of the two measures
  --profile       ingestion: count and time the API's SQL statements per event of each kind
  --cpu-prof DIR  ingestion: write the API's V8 CPU profile (.cpuprofile) into DIR
  --keep          keep the scratch database (its URL is printed)
Environment: DATABASE_URL, the server for the scratch database (${DEFAULT_DATABASE_URL}).`);
  process.exit(0);
}
if (values.only && !['decision', 'ingestion'].includes(values.only)) {
  console.error('--only is decision or ingestion');
  process.exit(2);
}

const root = resolve(import.meta.dirname, '../../..');
const TARGET_P99_MS = 20;
/** As the API: an agent who rejected a call is not offered it again within the offer timeout. */
const REJECT_WINDOW_MS = 30_000;
const WIDEN_AFTER_SECONDS = 30;
const options = {
  agents: Number(values.agents),
  skills: Number(values.skills),
  calls: Number(values.calls),
  teams: Number(values.teams),
  available: Number(values.available),
  maxWait: Number(values['max-wait']),
  samples: Number(values.samples),
  warmup: Number(values.warmup),
};

/** A small seeded generator (mulberry32), so every run loads the same floor. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = random(Number(values.seed));
const pick = (list) => list[Math.floor(rand() * list.length)];
const between = (low, high) => low + Math.floor(rand() * (high - low + 1));
/** `count` different items of `list`. */
function some(list, count) {
  const copy = [...list];
  const chosen = [];
  while (chosen.length < count && copy.length > 0)
    chosen.push(copy.splice(Math.floor(rand() * copy.length), 1)[0]);
  return chosen;
}

const benchStarted = performance.now();
const log = (text) =>
  console.log(`[${((performance.now() - benchStarted) / 1000).toFixed(0).padStart(4)} s] ${text}`);
const fixed = (value, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : '-');
const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

/** What one call requires: 1 or 2 skills, levels 1-5. */
function requirement(skillIds) {
  return some(skillIds, between(1, 2)).map((skillId) => ({ skillId, minLevel: between(1, 5) }));
}

/** Loads the floor with plain SQL (the set-up is not what is measured). */
async function loadFloor(client) {
  await client.query('begin');
  const skillIds = (
    await client.query(
      `insert into skills (name) select 'Skill ' || n from generate_series(1, $1) n returning id`,
      [options.skills],
    )
  ).rows.map((row) => row.id);
  const teamIds = (
    await client.query(
      `insert into teams (name) select 'Queue ' || n from generate_series(1, $1) n returning id`,
      [options.teams],
    )
  ).rows.map((row) => row.id);
  const agentIds = (
    await client.query(
      `insert into users (email, name, role, email_verified_at)
       select 'bench.agent' || n || '@poscalls4u.test', 'Agent ' || n, 'agent', now()
       from generate_series(1, $1) n returning id`,
      [options.agents],
    )
  ).rows.map((row) => row.id);

  const members = [];
  const held = [];
  for (const agentId of agentIds) {
    for (const teamId of some(teamIds, between(1, 2))) members.push([teamId, agentId]);
    for (const skillId of some(skillIds, between(1, 4)))
      held.push([agentId, skillId, between(1, 5)]);
  }
  await client.query(
    `insert into team_members (team_id, user_id, role)
     select t, u, 'agent' from unnest($1::uuid[], $2::uuid[]) as x(t, u)`,
    [members.map((row) => row[0]), members.map((row) => row[1])],
  );
  await client.query(
    `insert into agent_skills (user_id, skill_id, level)
     select u, s, l from unnest($1::uuid[], $2::uuid[], $3::int[]) as x(u, s, l)`,
    [held.map((row) => row[0]), held.map((row) => row[1]), held.map((row) => row[2])],
  );
  await client.query(
    `insert into team_routing (team_id, required_skills, widen_after_seconds)
     select t, r::jsonb, $3 from unnest($1::uuid[], $2::text[]) as x(t, r)`,
    [teamIds, teamIds.map(() => JSON.stringify(requirement(skillIds))), WIDEN_AFTER_SECONDS],
  );
  // Most agents are busy on a call; `available` of them wait, longest idle first.
  const available = new Set(some(agentIds, options.available));
  await client.query(
    `insert into agent_presence (user_id, status, since, current_call_id)
     select u, case when a then 'available' else 'on_call' end::agent_status,
            now() - make_interval(secs => s),
            case when a then null else gen_random_uuid() end
     from unnest($1::uuid[], $2::boolean[], $3::int[]) as x(u, a, s)`,
    [agentIds, agentIds.map((id) => available.has(id)), agentIds.map(() => between(1, 600))],
  );
  await client.query('commit');
  for (let i = 0; i < options.calls; i++)
    await queueCall(client, teamIds, skillIds, between(0, options.maxWait));
  await client.query('analyze');
  return { skillIds, teamIds, agentIds };
}

/** A call joins a queue, `waited` seconds ago; half name their own skills. */
async function queueCall(client, teamIds, skillIds, waited) {
  const own = rand() < 0.5 ? JSON.stringify(requirement(skillIds)) : null;
  await client.query(
    `insert into calls (team_id, direction, state, from_number, to_number, priority, queued_at,
                        required_skills)
     values ($1, 'inbound', 'queued', $2, '+15550000', $3, now() - make_interval(secs => $4), $5)`,
    [
      pick(teamIds),
      `+1555${String(between(1_000_000, 9_999_999))}`,
      rand() < 0.1 ? 10 : 0,
      waited,
      own,
    ],
  );
}

const INGEST_BATCH = 100;
const INGEST_TARGET_RATIO = 0.9;

/**
 * Ingestion with skills against without, through the API: events accepted per second posting
 * `--ingest-batches` batches of each kind per round, batch by batch alternately.
 * Agents stay offline, so no offer is made: what differs is the skills' resolution and storage.
 * The machine is watched over the measured rounds (both kinds, interleaved).
 */
async function measureIngestion(serverUrl) {
  const database = await scratchDatabase(serverUrl, 'bench_routing_ingest');
  const profileFile = values.profile
    ? join(tmpdir(), `pg-profile-routing-${randomBytes(4).toString('hex')}.json`)
    : undefined;
  let platform;
  try {
    platform = await startPlatform({
      DATABASE_URL: database.url,
      BCRYPT_COST: '10',
      ...profilingEnv({ profileFile, cpuProfDir: values['cpu-prof'] }),
    });
    const { baseUrl } = platform;
    const admin = await Session.signIn(baseUrl, 'admin@poscalls4u.test', BENCH_PASSWORD);
    const teams = await ensureDemoTeams(admin, () => undefined);
    const names = [];
    for (let n = 1; n <= options.skills; n++) {
      names.push(`Skill ${n}`);
      await admin.call('POST', '/api/skills', { name: `Skill ${n}` });
    }
    const { integration } = await admin.call('POST', '/api/integrations', {
      name: 'Routing bench',
    });
    const run = randomBytes(4).toString('hex');
    let sequence = 0;
    const batch = (withSkills) =>
      Array.from({ length: INGEST_BATCH }, (_, index) => {
        sequence += 1;
        const callId = `bench-${run}-${sequence}`;
        return {
          id: `${callId}:queued`,
          type: 'call.queued',
          occurredAt: new Date().toISOString(),
          callId,
          teamId: teams[index % teams.length].id,
          direction: 'inbound',
          from: `+1555${String(1_000_000 + sequence)}`,
          to: '+15550199',
          ...(withSkills
            ? {
                requiredSkills: some(names, between(1, 2)).map((skill) => ({
                  skill,
                  minLevel: between(1, 5),
                })),
              }
            : {}),
        };
      });
    const empty = () => ({ events: 0, ms: 0, rounds: [], sql: [] });
    const totals = { plain: empty(), skills: empty() };
    /** Posts one batch of a kind; answers its events accepted and milliseconds. */
    const post = async (kind) => {
      const before = await sqlSnapshot(profileFile);
      const body = batch(kind === 'skills');
      const started = performance.now();
      const { results } = await postCallEvents(baseUrl, integration, body);
      const ms = performance.now() - started;
      const events = results.filter((result) => result.outcome === 'applied').length;
      const after = await sqlSnapshot(profileFile);
      if (after) totals[kind].sql.push(...sqlBetween(before, after));
      return { events, ms };
    };
    for (let b = 0; b < Number(values['ingest-batches']); b++) await post('plain'); // warm-up
    const watch = watchMachine();
    // The kinds alternate batch by batch, in pairs whose order alternates too (plain, skills,
    // skills, plain, ...): on a machine whose load moves from one second to the next, both
    // kinds see the same machine, and neither always goes first.
    for (let round = 0; round < Number(values['ingest-rounds']); round++) {
      const inRound = { plain: { events: 0, ms: 0 }, skills: { events: 0, ms: 0 } };
      for (let b = 0; b < Number(values['ingest-batches']); b++) {
        for (const kind of b % 2 === 0 ? ['plain', 'skills'] : ['skills', 'plain']) {
          const { events, ms } = await post(kind);
          inRound[kind].events += events;
          inRound[kind].ms += ms;
        }
      }
      for (const kind of ['plain', 'skills']) {
        totals[kind].events += inRound[kind].events;
        totals[kind].ms += inRound[kind].ms;
        totals[kind].rounds.push((inRound[kind].events / inRound[kind].ms) * 1000);
      }
    }
    const machine = watch.end();
    await admin.signOut();
    const rate = (kind) => (totals[kind].events / totals[kind].ms) * 1000;
    return { plain: rate('plain'), skills: rate('skills'), events: totals, machine };
  } finally {
    await platform?.stop();
    await database.drop();
    if (profileFile) rmSync(profileFile, { force: true });
  }
}

/** The API's SQL statements of one kind's posts, per event accepted (`--profile`). */
function printSql(label, rows, events) {
  const byStatement = new Map();
  for (const row of rows) {
    const entry = byStatement.get(row.sql) ?? { sql: row.sql, count: 0, totalMs: 0 };
    entry.count += row.count;
    entry.totalMs += row.totalMs;
    byStatement.set(row.sql, entry);
  }
  const statements = [...byStatement.values()].sort((a, b) => b.totalMs - a.totalMs);
  const count = statements.reduce((sum, row) => sum + row.count, 0);
  const totalMs = statements.reduce((sum, row) => sum + row.totalMs, 0);
  console.log(
    `\n  SQL ${label}: ${(count / events).toFixed(2)} statements and ` +
      `${(totalMs / events).toFixed(2)} ms of query time per event`,
  );
  printTable(
    [
      ['per event', 'avg ms', 'statement'],
      ...statements
        .slice(0, 10)
        .map((row) => [
          (row.count / events).toFixed(2),
          (row.totalMs / row.count).toFixed(2),
          row.sql.slice(0, 140),
        ]),
    ],
    (line) => console.log(`  ${line}`),
  );
}

const serverUrl = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
const database = await scratchDatabase(serverUrl, 'bench_routing');
const loadCode = loadApiCode([
  'apps/api/src/calls/core/call-rows.ts',
  'apps/api/src/calls/routing/routing.repository.ts',
]);
const { connectDatabase } = loadCode('libs/server/database/src/bench-index.ts');
const { RoutingRepository } = loadCode('apps/api/src/calls/routing/routing.repository.ts');
const { sql } = await import('drizzle-orm');

let connection;
const client = new pg.Client({ connectionString: database.url });
let failed = false;
try {
  log(
    `database ${database.name} on ${new URL(database.url).host}; ${cpus().length} cores; ` +
      `load average ${load()}`,
  );
  connection = await connectDatabase({
    url: database.url,
    pgliteDir: 'memory://',
    migrationsFolder: join(root, 'libs/server/database/migrations'),
    poolSize: 2,
  });
  await connection.migrate();
  await client.connect();
  if (values.only !== 'ingestion') {
    log(
      `loading ${options.agents} agents in ${options.teams} teams, ${options.skills} skills, ` +
        `${options.calls} waiting calls`,
    );
    const floor = await loadFloor(client);
    const { db } = connection;
    const repository = new RoutingRepository(db);

    /** One decision, as RoutingService.offerOne makes it: times the claims, then writes the offer. */
    async function decide() {
      let ms = 0;
      let agentMs = 0;
      const outcome = await db.transaction(async (tx) => {
        const started = performance.now();
        const agentId = await repository.claimAgent(tx, REJECT_WINDOW_MS);
        agentMs = performance.now() - started;
        const call = agentId
          ? await repository.claimCall(tx, agentId, REJECT_WINDOW_MS)
          : undefined;
        ms = performance.now() - started;
        if (!agentId) return 'none';
        if (!call) return 'missed';
        await tx.execute(sql`update calls set state = 'offered', agent_id = ${agentId},
                               offered_at = now(), offer_expires_at = now() + interval '30 seconds'
                             where id = ${call.id}`);
        await tx.execute(sql`update agent_presence set current_call_id = ${call.id}, status = 'on_call'
                             where user_id = ${agentId}`);
        return 'offered';
      });
      return { ms, agentMs, outcome };
    }

    /** The baseline: the longest-idle available agent, locked, in the same kind of transaction. */
    async function baseline() {
      let ms = 0;
      await db.transaction(async (tx) => {
        const started = performance.now();
        await tx.execute(sql`select p.user_id from agent_presence p
                             where p.status = 'available' and p.current_call_id is null
                             order by p.since asc, p.user_id limit 1
                             for update of p skip locked`);
        ms = performance.now() - started;
      });
      return ms;
    }

    /** Between decisions (not timed): a busy agent comes free, and a new call keeps the floor full. */
    async function nextMoment(offered) {
      await client.query(
        `update agent_presence set status = 'available', current_call_id = null, since = now()
         where user_id = (select user_id from agent_presence where status = 'on_call'
                          order by random() limit 1)`,
      );
      if (offered)
        await queueCall(client, floor.teamIds, floor.skillIds, between(0, options.maxWait));
    }

    const decisions = [];
    const agentPicks = [];
    const callPicks = [];
    const baselines = [];
    const outcomes = { offered: 0, none: 0, missed: 0 };
    const loadBefore = load();
    for (let i = 0; i < options.warmup + options.samples; i++) {
      const timed = i >= options.warmup;
      const base = await baseline();
      const { ms, agentMs, outcome } = await decide();
      if (timed) {
        baselines.push(base);
        decisions.push(ms);
        agentPicks.push(agentMs);
        callPicks.push(ms - agentMs);
        outcomes[outcome] += 1;
      }
      await nextMoment(outcome === 'offered');
      if (timed && (i - options.warmup + 1) % 250 === 0)
        log(`${i - options.warmup + 1} decisions; load average ${load()}`);
    }
    const loadAfter = load();
    const waiting = (
      await client.query(`select count(*)::int as n from calls where state = 'queued'`)
    ).rows[0].n;
    const free = (
      await client.query(
        `select count(*)::int as n from agent_presence where status = 'available' and current_call_id is null`,
      )
    ).rows[0].n;

    const p = (list, q) => percentile(list, q);
    const decisionP99 = p(decisions, 99);
    const baselineP99 = p(baselines, 99);
    console.log('');
    console.log(
      `Routing decision, ${options.agents} agents, ${options.skills} skills, ${options.teams} teams, ` +
        `${options.calls} calls waiting (${waiting} at the end, ${free} agents free and unmatched)`,
    );
    console.log(
      `load average before ${loadBefore}, after ${loadAfter} (${cpus().length} cores); ` +
        `outcomes: ${outcomes.offered} offered, ${outcomes.none} nobody to route, ${outcomes.missed} missed`,
    );
    printTable([
      ['measure', 'samples', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'p99 vs baseline', 'target'],
      [
        'routing decision (claimAgent + claimCall)',
        decisions.length,
        fixed(p(decisions, 50)),
        fixed(p(decisions, 95)),
        fixed(decisionP99),
        fixed(Math.max(...decisions)),
        `${fixed(decisionP99 / baselineP99, 1)}x`,
        `p99 <= ${TARGET_P99_MS} ms`,
      ],
      ...[
        ['  of which claimAgent', agentPicks],
        ['  of which claimCall', callPicks],
      ].map(([name, list]) => [
        name,
        list.length,
        fixed(p(list, 50)),
        fixed(p(list, 95)),
        fixed(p(list, 99)),
        fixed(Math.max(...list)),
        `${fixed(p(list, 99) / baselineP99, 1)}x`,
        '',
      ]),
      [
        'baseline: longest-idle agent, no skills',
        baselines.length,
        fixed(p(baselines, 50)),
        fixed(p(baselines, 95)),
        fixed(baselineP99),
        fixed(Math.max(...baselines)),
        '1.0x',
        '',
      ],
    ]);
    const met = decisionP99 <= TARGET_P99_MS;
    console.log(
      `\n${met ? 'MET' : 'MISSED'}: decision p99 ${fixed(decisionP99)} ms ` +
        `(${fixed(decisionP99 / baselineP99, 1)}x the baseline's ${fixed(baselineP99)} ms), ` +
        `target ${TARGET_P99_MS} ms; load average ${loadAfter}`,
    );
    if (!met) process.exitCode = 1;

    if (values.explain) {
      // The decision's two statements, as the planner runs them now (rolled back).
      const { PgDialect } = await import('drizzle-orm/pg-core');
      const captured = [];
      await db
        .transaction(async (tx) => {
          const spy = {
            execute: async (query) => {
              captured.push(new PgDialect().sqlToQuery(query));
              return tx.execute(query);
            },
            select: (...args) => tx.select(...args),
          };
          const agentId = await repository.claimAgent(spy, REJECT_WINDOW_MS);
          if (agentId) await repository.claimCall(spy, agentId, REJECT_WINDOW_MS);
          throw new Error('rollback');
        })
        .catch(() => undefined);
      for (const [index, query] of captured.entries()) {
        const plan = await client.query(`explain (analyze, buffers) ${query.sql}`, query.params);
        console.log(
          `\n${index === 0 ? 'claimAgent' : 'claimCall'}:\n` +
            plan.rows.map((row) => row['QUERY PLAN']).join('\n'),
        );
      }
    }
  }

  if (Number(values['ingest-rounds']) > 0 && values.only !== 'decision') {
    log(`ingestion: call.queued in batches of ${INGEST_BATCH}, with and without skills`);
    const ingest = await measureIngestion(serverUrl);
    const ratio = ingest.skills / ingest.plain;
    const { machine } = ingest;
    console.log('');
    printTable([
      ['ingestion (events accepted/s)', 'events', 'events/s', 'vs without skills', 'target'],
      [
        'without skills (baseline)',
        ingest.events.plain.events,
        fixed(ingest.plain, 0),
        '100 %',
        '',
      ],
      [
        'with 1-2 required skills',
        ingest.events.skills.events,
        fixed(ingest.skills, 0),
        `${fixed(ratio * 100, 1)} %`,
        `>= ${INGEST_TARGET_RATIO * 100} %`,
      ],
    ]);
    // Each round's pair, to see how much the machine moved the figure during the run.
    const pairs = ingest.events.skills.rounds.map(
      (skills, round) => `${fixed((skills / ingest.events.plain.rounds[round]) * 100, 0)} %`,
    );
    console.log(`with / without, round by round: ${pairs.join(', ')}`);
    if (values.profile) {
      printSql('without skills', ingest.events.plain.sql, ingest.events.plain.events);
      printSql('with skills', ingest.events.skills.sql, ingest.events.skills.events);
    }
    const ingestMet = ratio >= INGEST_TARGET_RATIO;
    const judged = verdict(ingestMet, machine);
    console.log(
      `\n${judged.startsWith('too loaded') ? judged : ingestMet ? 'MET' : 'MISSED'}: ingestion ` +
        `with skills ${fixed(ratio * 100, 1)} % of without (${fixed(ingest.skills, 0)} vs ` +
        `${fixed(ingest.plain, 0)} events/s); load average ${load()} (${describeMachine(machine)})`,
    );
    if (!ingestMet && !machine.tooLoaded) process.exitCode = 1;
  }
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  await client.end().catch(() => undefined);
  await connection?.close().catch(() => undefined);
  if (values.keep) log(`kept ${database.url}`);
  else await database.drop();
}
if (failed) process.exitCode = 1;
