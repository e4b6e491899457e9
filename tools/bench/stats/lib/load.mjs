// Loads the synthetic organisation and its call history into a migrated PostgreSQL database:
// teams, agents and memberships, the calls (COPY), the events the rollup rebuild reads, QA
// reviews, presence intervals and each agent's current presence.
import { randomUUID } from 'node:crypto';
import pg from 'pg';

import { copyRows, dropSecondaryIndexes, openCopy } from './copy.mjs';
import {
  CALL_COLUMNS,
  EVENT_COLUMNS,
  PRESENCE_COLUMNS,
  QA_COLUMNS,
  agentPresence,
  arrivalSlots,
  createCallFactory,
  random,
} from './generate.mjs';

const DAY = 86_400_000;
const DEMO_AGENTS = 10;
/** The marker that says a database holds a finished load (`--database-url` re-runs skip it). */
export const LOAD_MARKER = 'bench.stats.load';

const iso = (ms) => new Date(ms).toISOString();
const tsv = (values) =>
  `${values.map((value) => (value === null || value === undefined ? '\\N' : String(value))).join('\t')}\n`;
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const perSecond = (count, ms) => Math.round(count / (ms / 1000)).toLocaleString('en-US');

/** The marker's value, or null when the database has not been loaded (completely). */
export async function loadedMarker(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT value FROM settings WHERE key = $1', [LOAD_MARKER]);
    return rows[0]?.value ?? null;
  } finally {
    await client.end();
  }
}

/** Writes the marker (a finished load, and later when its rollups were rebuilt). */
export async function saveMarker(url, marker) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO settings (key, value) VALUES ($1, $2)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()`,
      [LOAD_MARKER, JSON.stringify(marker)],
    );
  } finally {
    await client.end();
  }
}

/**
 * Builds the organisation: `teams` teams with a service-level threshold of 20 s (every fifth
 * 30 s), `agents` agents (the ten demo agents first, so the bench can sign in as one), each in
 * team `index % teams`, the demo supervisors supervising every other team.
 */
async function organisation(client, teamCount, agentCount, now) {
  const { rows } = await client.query(
    `SELECT id, email FROM users WHERE email LIKE '%@poscalls4u.test'`,
  );
  const byEmail = new Map(rows.map((row) => [row.email, row.id]));
  const demo = (email) => {
    const id = byEmail.get(email);
    if (!id) throw new Error(`demo user ${email} is missing: did the API seed (DEMO_SEED)?`);
    return id;
  };
  const supervisors = [demo('supervisor1@poscalls4u.test'), demo('supervisor2@poscalls4u.test')];
  const teams = Array.from({ length: teamCount }, (_, index) => ({
    id: randomUUID(),
    name: `Bench queue ${String(index + 1).padStart(2, '0')}`,
    // Team 1 is the busiest (about 1.5 times the average), the last the quietest.
    weight: 1.5 - index / teamCount,
    thresholdSeconds: index % 5 === 4 ? 30 : 20,
    supervisorId: supervisors[index % 2],
    did: `+1800555${String(index).padStart(4, '0')}`,
    agents: [],
  }));
  const users = [];
  const agents = Array.from({ length: agentCount }, (_, index) => {
    if (index < DEMO_AGENTS) return { id: demo(`agent${index + 1}@poscalls4u.test`), index };
    const id = randomUUID();
    users.push(
      tsv([
        id,
        `bench-agent-${index + 1}@poscalls4u.test`,
        `Bench Agent ${index + 1}`,
        'agent',
        iso(now - 400 * DAY),
      ]),
    );
    return { id, index };
  });
  for (const agent of agents) teams[agent.index % teamCount].agents.push(agent.id);
  const members = [];
  for (const team of teams) {
    members.push(tsv([team.id, team.supervisorId, 'supervisor']));
    for (const agentId of team.agents) members.push(tsv([team.id, agentId, 'agent']));
  }
  return { teams, agents, users, members };
}

/**
 * Loads everything; answers the figures of each phase. `log` prints progress lines.
 */
export async function loadHistory(url, options, log) {
  const { calls: total, days, teams: teamCount, agents: agentCount, timelineDays, seed } = options;
  const now = Date.now();
  const rng = random(seed);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const phases = {};
  try {
    const { rows: roles } = await client.query(
      'SELECT rolsuper FROM pg_roles WHERE rolname = current_user',
    );
    const skipForeignKeys = roles[0]?.rolsuper === true;
    if (!skipForeignKeys) log('not a superuser: foreign keys are checked row by row (slower)');
    const copyOptions = { skipForeignKeys };

    const org = await organisation(client, teamCount, agentCount, now);
    await copyRows(
      url,
      'teams',
      ['id', 'name', 'description', 'service_level_threshold_seconds', 'created_at'],
      org.teams.map((team) =>
        tsv([team.id, team.name, 'Stats bench queue', team.thresholdSeconds, iso(now - 400 * DAY)]),
      ),
    );
    const newUsers = await copyRows(
      url,
      'users',
      ['id', 'email', 'name', 'role', 'email_verified_at'],
      org.users,
    );
    await copyRows(url, 'team_members', ['team_id', 'user_id', 'role'], org.members);
    log(`organisation: ${teamCount} teams, ${agentCount} agents (${newUsers} new users)`);

    const tables = ['calls', 'call_events', 'qa_reviews', 'presence_intervals'];
    const indexes = await dropSecondaryIndexes(client, tables);
    log(`dropped ${indexes.dropped.length} secondary indexes for the load (rebuilt after)`);

    // Calls and their events, in arrival order, on two concurrent COPY streams.
    const callsCopy = await openCopy(url, 'calls', CALL_COLUMNS, copyOptions);
    const eventsCopy = await openCopy(url, 'call_events', EVENT_COLUMNS, copyOptions);
    const factory = createCallFactory({
      rng,
      teams: org.teams,
      now,
      timelineFrom: now - timelineDays * DAY,
    });
    const out = { calls: [], events: [], reviews: [], inProgress: [] };
    const started = Date.now();
    let lastReport = started;
    for (const slot of arrivalSlots(total, days, now)) {
      const times = Float64Array.from({ length: slot.count }, () =>
        Math.floor(slot.start + rng.next() * slot.length),
      ).sort();
      for (const at of times) factory.call(at, out);
      callsCopy.push(out.calls);
      eventsCopy.push(out.events);
      await callsCopy.flush();
      await eventsCopy.flush();
      if (Date.now() - lastReport >= 10_000) {
        lastReport = Date.now();
        const done = factory.stats.calls;
        const elapsed = lastReport - started;
        log(
          `  ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} calls, ` +
            `${perSecond(done, elapsed)} calls/s, about ${seconds(((total - done) * elapsed) / done)} left`,
        );
      }
    }
    const callRows = await callsCopy.end();
    const eventRows = await eventsCopy.end();
    phases.calls = { rows: callRows, events: eventRows, ms: Date.now() - started };
    log(
      `COPY calls: ${callRows.toLocaleString('en-US')} rows and ${eventRows.toLocaleString('en-US')} ` +
        `events in ${seconds(phases.calls.ms)} (${perSecond(callRows, phases.calls.ms)} calls/s, ` +
        `${perSecond(callRows + eventRows, phases.calls.ms)} rows/s); ` +
        `${factory.stats.abandoned.toLocaleString('en-US')} abandoned, ` +
        `${factory.stats.outbound.toLocaleString('en-US')} outbound, ${factory.stats.inProgress} in progress`,
    );

    let phaseStart = Date.now();
    const reviews = await copyRows(url, 'qa_reviews', QA_COLUMNS, out.reviews, copyOptions);
    const presenceCopy = await openCopy(url, 'presence_intervals', PRESENCE_COLUMNS, copyOptions);
    const current = new Map();
    for (const agent of org.agents) {
      const state = agentPresence({
        rng,
        agentId: agent.id,
        agentIndex: agent.index,
        from: now - days * DAY,
        now,
        push: (text) => presenceCopy.push([text]),
      });
      current.set(agent.id, { ...state, callId: null });
      await presenceCopy.flush();
    }
    const presenceRows = await presenceCopy.end();
    // Agents with a call in progress hold it (the ACD's invariant: one call per agent).
    for (const call of out.inProgress) {
      const state = current.get(call.agentId);
      if (!call.agentId || !state || state.callId) continue;
      state.callId = call.id;
      state.status = { wrap_up: 'wrap_up', offered: 'available' }[call.state] ?? 'on_call';
      state.reason = null;
    }
    await copyRows(
      url,
      'agent_presence',
      ['user_id', 'status', 'reason_code', 'since', 'current_call_id'],
      [...current].map(([userId, state]) =>
        tsv([userId, state.status, state.reason, iso(state.since), state.callId]),
      ),
    );
    phases.rest = { reviews, presence: presenceRows, ms: Date.now() - phaseStart };
    log(
      `COPY ${reviews.toLocaleString('en-US')} QA reviews, ${presenceRows.toLocaleString('en-US')} ` +
        `presence intervals, ${current.size} agent states in ${seconds(phases.rest.ms)}`,
    );

    phaseStart = Date.now();
    await client.query(`SET maintenance_work_mem = '512MB'`);
    await indexes.recreate((row, ms) => log(`  index ${row.indexname}: ${seconds(ms)}`));
    phases.indexes = { ms: Date.now() - phaseStart };
    log(`indexes rebuilt in ${seconds(phases.indexes.ms)}`);

    phaseStart = Date.now();
    for (const table of tables) await client.query(`VACUUM (ANALYZE) ${table}`);
    await client.query('ANALYZE');
    try {
      await client.query('CHECKPOINT');
    } catch {
      // Not allowed for this role: the next timed checkpoint will write the load out instead.
    }
    phases.vacuum = { ms: Date.now() - phaseStart };
    log(`VACUUM (ANALYZE) and CHECKPOINT in ${seconds(phases.vacuum.ms)}`);

    const { rows: size } = await client.query(
      `SELECT pg_size_pretty(pg_total_relation_size('calls')) AS calls,
              pg_size_pretty(pg_total_relation_size('call_events')) AS events,
              pg_size_pretty(pg_database_size(current_database())) AS database`,
    );
    phases.size = size[0];
    const marker = {
      calls: callRows,
      events: eventRows,
      days,
      teams: teamCount,
      agents: agentCount,
      seed,
      loadedAt: iso(now),
    };
    await client.query(
      `INSERT INTO settings (key, value) VALUES ($1, $2)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()`,
      [LOAD_MARKER, JSON.stringify(marker)],
    );
    return { phases, marker };
  } finally {
    await client.end();
  }
}
