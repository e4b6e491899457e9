// The fault-injection suite (issue 17, §2): `npm run test:faults` (all cases, a few minutes) or
// `npm run test:faults -- --quick` (kill -9 of one instance, for CI). Needs the built API and
// worker (`npx nx run-many -t build -p api worker`), PostgreSQL's binaries (initdb, pg_ctl) and
// redis-server; uses none of the shared servers.
//
// Each case runs on a topology of its own (tools/faults/lib/topology.mjs): two API instances
// behind a load balancer, the worker, PostgreSQL, Redis, SMTP and a PBX webhook receiver, with
// traffic flowing (tools/faults/lib/traffic.mjs); it breaks one part, then checks the invariants
// against the database and the receivers, and prints a line of the results table. With
// `--write-doc` the table replaces the one in docs/reliability.md.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';

import { sleep, startTopology } from './lib/topology.mjs';
import { PbxStream, SupervisorScreen, call, must, percentile, signIn } from './lib/traffic.mjs';

const root = resolve(import.meta.dirname, '../..');
const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    case: { type: 'string', multiple: true },
    'write-doc': { type: 'boolean', default: false },
    /** A folder to write each process's log to, per case (to look into a failure). */
    'keep-logs': { type: 'string' },
    rate: { type: 'string', default: '10' },
    backlog: { type: 'string', default: '20000' },
  },
});
const RATE = Number(values.rate);

/** Sets up what every case needs: the admin, a stream's team and integration, an agent. */
async function prepare(topology) {
  const base = topology.balancer.url;
  const admin = await signIn(base, 'admin@poscalls4u.test', topology.password);
  const { integration } = await must(base, 'POST', '/api/integrations', {
    token: admin.token,
    body: { name: 'Fault suite PBX', webhookUrl: topology.pbx.url },
  });
  topology.pbx.secret = integration.secret;
  const team = async (name) =>
    (await must(base, 'POST', '/api/teams', { token: admin.token, body: { name } })).team;
  const queueTeam = await team('Fault suite queue');
  const outboundTeam = await team('Fault suite outbound');
  const agent = await signIn(base, 'agent1@poscalls4u.test', topology.password);
  await must(base, 'POST', `/api/teams/${outboundTeam.id}/members`, {
    token: admin.token,
    body: { userId: agent.user.id, role: 'agent' },
  });
  // A pool, not a client: the PostgreSQL cases stop the server under it, and a pool reconnects.
  const db = new pg.Pool({ connectionString: topology.postgres.url, max: 2 });
  db.on('error', () => undefined);
  return { base, admin, integration, queueTeam, outboundTeam, agent, db, team };
}

/**
 * An agent placing outbound calls that fail at once: each makes a `dial` action the worker posts
 * to the PBX receiver (signed). Actions are retried until answered 2xx, like a person clicking
 * again; the webhooks are then checked against the outbox.
 */
function agentActions(ctx, ratePerSecond) {
  const state = { stopped: false, done: 0, failed: 0, errors: {} };
  const note = (what, answer) => {
    const key = `${what} ${answer.status} ${answer.body?.error?.code ?? answer.error?.message ?? ''}`;
    state.errors[key] = (state.errors[key] ?? 0) + 1;
  };
  state.loop = (async () => {
    while (!state.stopped) {
      const started = Date.now();
      const dial = await call(ctx.base, 'POST', '/api/calls/outbound', {
        token: ctx.agent.token,
        body: { teamId: ctx.outboundTeam.id, to: '+15550142', integrationId: ctx.integration.id },
      });
      if (dial.status === 201 || dial.status === 200) {
        const id = dial.body.data.call.id;
        for (let i = 0; i < 50; i++) {
          const failed = await call(ctx.base, 'POST', `/api/calls/${id}/failed`, {
            token: ctx.agent.token,
            body: {},
          });
          if (failed.status >= 200 && failed.status < 300) break;
          note('failed', failed);
          await sleep(200);
        }
        state.done += 1;
      } else {
        note('dial', dial);
        state.failed += 1;
      }
      await sleep(Math.max(0, 1000 / ratePerSecond - (Date.now() - started)));
    }
  })();
  state.stop = async () => {
    state.stopped = true;
    await state.loop;
  };
  return state;
}

/** Password resets for the demo agents: each answered 200 must give exactly one email. */
function resetRequests(ctx, ratePerSecond) {
  const state = { stopped: false, acknowledged: 0 };
  state.loop = (async () => {
    let n = 0;
    while (!state.stopped) {
      const email = `agent${(n++ % 10) + 1}@poscalls4u.test`;
      const answer = await call(ctx.base, 'POST', '/api/auth/forgot-password', { body: { email } });
      if (answer.status === 200) state.acknowledged += 1;
      await sleep(1000 / ratePerSecond);
    }
  })();
  state.stop = async () => {
    state.stopped = true;
    await state.loop;
  };
  return state;
}

/** Acknowledged vs stored events of a stream, and events applied twice. */
async function streamFigures(ctx, stream) {
  const stored = await ctx.db.query(
    `select event_id from integration_events where integration_id = $1 and event_id like $2`,
    [ctx.integration.id, `${stream.prefix}-%`],
  );
  const storedIds = new Set(stored.rows.map((row) => row.event_id));
  const lost = [...stream.acknowledged].filter((id) => !storedIds.has(id)).length;
  const twice = await ctx.db.query(
    `select count(*)::int as n from (
       select ce.call_id, ce.to_state from call_events ce join calls c on c.id = ce.call_id
       where c.integration_id = $1 and c.external_id like $2
       group by ce.call_id, ce.to_state having count(*) > 1) t`,
    [ctx.integration.id, `${stream.prefix}-%`],
  );
  const callsTwice = await ctx.db.query(
    `select count(*)::int as n from (select external_id from calls where integration_id = $1
       and external_id like $2 group by external_id having count(*) > 1) t`,
    [ctx.integration.id, `${stream.prefix}-%`],
  );
  return {
    acknowledged: stream.acknowledged.size,
    stored: [...stream.acknowledged].filter((id) => storedIds.has(id)).length,
    lost,
    duplicated: twice.rows[0].n + callsTwice.rows[0].n,
  };
}

/** Every webhook and email the outbox holds must reach its receiver exactly once. */
async function jobFigures(ctx, topology) {
  const webhooks = await ctx.db.query(
    `select payload->'action'->>'id' as id, payload->>'requestId' as request_id
       from job_outbox where job_name = 'deliver-webhook'`,
  );
  const emails = await ctx.db.query(
    `select count(*)::int as n from job_outbox where job_name = 'send-email'`,
  );
  const delivered = topology.pbx.delivered;
  return {
    webhooks: webhooks.rows.length,
    webhooksDelivered: webhooks.rows.filter((row) => delivered.get(row.id) === 1).length,
    webhooksLost: webhooks.rows.filter((row) => !delivered.has(row.id)).length,
    webhooksTwice: webhooks.rows.filter((row) => (delivered.get(row.id) ?? 0) > 1).length,
    webhookRows: webhooks.rows,
    emails: emails.rows[0].n,
    emailsReceived: topology.smtp.messages.length,
  };
}

/**
 * The request id of each webhook's cause: in the outbox row, in the X-Request-Id the PBX received,
 * and in the worker's log line for the delivery.
 */
function requestIdsFollow(topology, jobs) {
  const logged = new Set(
    topology.worker
      .lines((line) => line.msg === 'Webhook action delivered')
      .map((line) => line.requestId),
  );
  const rows = jobs.webhookRows;
  const followed = rows.filter(
    (row) =>
      row.request_id &&
      topology.pbx.requestIds.get(row.id) === row.request_id &&
      logged.has(row.request_id),
  ).length;
  return [
    rows.length > 0 && followed === rows.length,
    `request ids: ${followed} of ${rows.length} webhooks carry their cause's id in the job, the worker's log and X-Request-Id`,
  ];
}

/** Waits until every outbox job reached its receiver (or the timeout); answers the wait. */
async function jobsSettled(ctx, topology, timeoutMs) {
  const started = Date.now();
  for (;;) {
    const jobs = await jobFigures(ctx, topology);
    if (jobs.webhooksLost === 0 && jobs.emailsReceived >= jobs.emails) return Date.now() - started;
    if (Date.now() - started > timeoutMs) return NaN;
    await sleep(250);
  }
}

/** The supervisor's dashboard figures for a team against the calls table. */
async function dashboardMatches(ctx, screen, teamId) {
  const dashboard = await screen.refresh();
  const team = dashboard.teams.find((entry) => entry.teamId === teamId);
  const truth = await ctx.db.query(
    `select count(*)::int as offered, count(*) filter (where state = 'abandoned')::int as abandoned
       from calls where team_id = $1 and direction = 'inbound'`,
    [teamId],
  );
  const { offered, abandoned } = truth.rows[0];
  return {
    ok: team?.today.offered === offered && team?.today.abandoned === abandoned,
    text: `dashboard ${team?.today.offered}/${team?.today.abandoned} vs database ${offered}/${abandoned} (offered/abandoned)`,
  };
}

/**
 * The PostgreSQL cases' timeouts (the defaults are 5 s and 30 s): a frozen server holds a request
 * at most the statement timeout + 1 s, so the bound the case checks is BOUND_MS.
 */
const DATABASE_TIMEOUTS = { DATABASE_CONNECT_TIMEOUT: '2s', DATABASE_STATEMENT_TIMEOUT: '5s' };
const BOUND_MS = 5_000 + 1_000 + 2_000; // statement timeout + the API's second + scheduling slack

/** Log lines of the API instances and the worker: the outage warnings, errors, stack traces. */
function logFigures(topology) {
  const count = (parts, predicate) =>
    parts.reduce((sum, part) => sum + part.lines(predicate).length, 0);
  // A stack trace in a JSON line is an escaped newline followed by "at ".
  const stack = (line) => /\\n\s+at /.test(JSON.stringify(line));
  return {
    outageWarnings: topology.apis.map(
      (api) => api.lines((line) => /database is unavailable/.test(line.msg ?? '')).length,
    ),
    apiErrors: count(topology.apis, (line) => line.level >= 50),
    apiStacks: count(topology.apis, stack),
    workerErrors: count([topology.worker], (line) => line.level >= 50),
    workerStacks: count([topology.worker], stack),
  };
}

/** Waits until both instances answer `/health/ready` 200; answers the time it took. */
async function bothReady(topology, timeoutMs) {
  const started = Date.now();
  for (;;) {
    const answers = await Promise.all(
      topology.apis.map((api) => call(api.url, 'GET', '/health/ready', { timeoutMs: 2_000 })),
    );
    if (answers.every((answer) => answer.status === 200)) return Date.now() - started;
    if (Date.now() - started > timeoutMs) return NaN;
    await sleep(100);
  }
}

/**
 * PostgreSQL broken under traffic (`outage` breaks it, `repair` mends it): answers during the
 * outage are 503 + Retry-After within BOUND_MS (never a 500), the log says it once per instance,
 * the instances recover by themselves, and nothing acknowledged is lost.
 */
async function databaseOutage(topology, ctx, { label, prefix, outageMs, outage, repair }) {
  const stream = new PbxStream({
    baseUrl: ctx.base,
    integration: ctx.integration,
    teamId: ctx.queueTeam.id,
    rate: RATE,
    prefix,
  });
  const actions = agentActions(ctx, 1);
  const resets = resetRequests(ctx, 1);
  stream.start();
  await sleep(3_000);
  const brokenAt = Date.now();
  outage();
  await sleep(outageMs / 2);
  const ready = await call(topology.apis[0].url, 'GET', '/health/ready', { timeoutMs: 5_000 });
  await sleep(outageMs / 2);
  const repairedAt = Date.now();
  repair();
  const readyMs = await bothReady(topology, 60_000);
  const dead = [...topology.apis, topology.worker].filter((part) => !part.running);
  if (dead.length) {
    stream.stopped = true;
    await Promise.all([actions.stop(), resets.stop()]);
    throw new Error(
      `${dead.map((part) => part.name).join(', ')} exited during the outage:\n${dead
        .map((part) => part.log.slice(-15).join('\n'))
        .join('\n')}`,
    );
  }
  await sleep(3_000);
  await Promise.all([stream.stop(), actions.stop(), resets.stop()]);
  const settleMs = await jobsSettled(ctx, topology, 90_000);
  const events = await streamFigures(ctx, stream);
  const jobs = await jobFigures(ctx, topology);
  const logs = logFigures(topology);
  // Answers to requests sent while the database was away (and until the instances were ready).
  const during = stream.answers.filter(
    (a) => a.at - a.ms >= brokenAt && a.at - a.ms <= repairedAt + readyMs,
  );
  const unavailable = during.filter((a) => a.status === 503);
  const slowest = Math.max(0, ...during.map((a) => a.ms));
  const fivehundred = stream.answers.filter((a) => a.status === 500).length;
  return {
    fault: label,
    load: `${RATE} calls/s (2 signed PBX events each), agent actions 1/s, password resets 1/s`,
    ...events,
    recovery: `${unavailable.length} posts answered 503 during the outage, all with Retry-After, slowest answer ${(slowest / 1000).toFixed(1)} s; both instances ready ${seconds(readyMs)} after ${label.startsWith('PostgreSQL frozen') ? 'the thaw' : 'the restart'}; one outage warning per instance (${logs.outageWarnings.join(', ')}), ${logs.apiStacks} stack traces; ${jobs.webhooks} webhooks and ${jobs.emails} emails delivered once`,
    checks: [
      [events.lost === 0 && events.duplicated === 0, 'every acknowledged event stored once'],
      [fivehundred === 0, `no 500 (answers: ${JSON.stringify(stream.statuses)})`],
      [
        unavailable.length > 0,
        `${unavailable.length} of ${during.length} answers during the outage were 503`,
      ],
      [
        unavailable.every((a) => a.retryAfter === '5'),
        `every 503 carries Retry-After (${unavailable.filter((a) => a.retryAfter).length} of ${unavailable.length})`,
      ],
      [
        slowest <= BOUND_MS,
        `slowest answer during the outage ${slowest.toFixed(0)} ms (bound ${BOUND_MS} ms: statement timeout + 1 s + slack)`,
      ],
      [
        ready.status === 503 && ready.body?.details?.database?.status === 'down',
        `readiness during the outage: ${ready.status} database ${ready.body?.details?.database?.status ?? ready.error?.message}`,
      ],
      [
        logs.outageWarnings.every((n) => n === 1),
        `log: outage warnings per instance ${logs.outageWarnings.join(', ')} (the recovery line is info, below the suite's LOG_LEVEL=warn)`,
      ],
      [
        logs.apiStacks === 0,
        `API log: ${logs.apiStacks} stack traces, ${logs.apiErrors} error lines (background sweeps failing once a second, one line each) (worker: ${logs.workerErrors} error lines, ${logs.workerStacks} stack traces)`,
      ],
      [
        Number.isFinite(readyMs),
        `both instances ready ${seconds(readyMs)} after the repair, no restart`,
      ],
      [
        jobs.webhooksLost === 0 && jobs.webhooksTwice === 0,
        `webhooks: ${jobs.webhooks} in the outbox, ${jobs.webhooksDelivered} delivered once (${seconds(settleMs)} to settle)`,
      ],
      [
        jobs.emailsReceived === jobs.emails,
        `emails: ${jobs.emails} queued (${resets.acknowledged} resets answered), ${jobs.emailsReceived} received`,
      ],
      [true, `agent actions: ${actions.done} done, errors ${JSON.stringify(actions.errors)}`],
      [Date.now() - brokenAt > outageMs, 'outage lasted as planned'],
    ],
  };
}

const seconds = (ms) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : 'not recovered');

// --- cases ---------------------------------------------------------------------------------------

const CASES = {
  /** kill -9 of one API instance mid-stream, started again 5 s later. */
  async 'kill-api'(topology, ctx, { quick }) {
    const runMs = quick ? 10_000 : 20_000;
    const stream = new PbxStream({
      baseUrl: ctx.base,
      integration: ctx.integration,
      teamId: ctx.queueTeam.id,
      rate: RATE,
      prefix: 'kill-api',
    });
    const screens = [];
    for (let i = 0; i < 4; i++) {
      const screen = new SupervisorScreen(ctx.base, ctx.admin.token);
      await screen.open();
      screens.push(screen);
    }
    const actions = agentActions(ctx, 2);
    const resets = resetRequests(ctx, 1);
    stream.start();
    await sleep(runMs / 3);
    const killedAt = Date.now();
    await topology.apis[0].kill9();
    await sleep(5_000);
    await topology.apis[0].startAndWait();
    const restartedMs = Date.now() - killedAt;
    await sleep(Math.max(0, runMs - (Date.now() - killedAt) - runMs / 3));
    await Promise.all([stream.stop(), actions.stop(), resets.stop()]);
    const settleMs = await jobsSettled(ctx, topology, 60_000);
    const events = await streamFigures(ctx, stream);
    const jobs = await jobFigures(ctx, topology);
    const moved = screens.filter((screen) => screen.reconnectMs.length > 0);
    const dashboard = await dashboardMatches(ctx, screens[0], ctx.queueTeam.id);
    for (const screen of screens) screen.close();
    return {
      fault: 'kill -9 of one of two API instances, started again after 5 s',
      load: `${RATE} calls/s (2 signed PBX events each), agent actions 2/s, password resets 1/s, 4 supervisor sockets`,
      ...events,
      recovery: `sockets back on the other instance in ${percentile(
        moved.flatMap((s) => s.reconnectMs),
        100,
      )} ms (worst); instance ready again ${seconds(restartedMs)} after the kill`,
      checks: [
        [events.lost === 0 && events.duplicated === 0, 'every acknowledged event stored once'],
        [
          jobs.webhooksLost === 0 && jobs.webhooksTwice === 0,
          `webhooks: ${jobs.webhooks} in the outbox, ${jobs.webhooksDelivered} delivered once (${seconds(settleMs)} to settle)`,
        ],
        [
          jobs.emailsReceived === jobs.emails,
          `emails: ${jobs.emails} queued, ${jobs.emailsReceived} received`,
        ],
        [true, `agent actions: ${actions.done} done, errors ${JSON.stringify(actions.errors)}`],
        requestIdsFollow(topology, jobs),
        [
          moved.length > 0,
          `${moved.length} of 4 sockets were on the killed instance and reconnected`,
        ],
        [dashboard.ok, dashboard.text],
        [(stream.statuses[500] ?? 0) === 0, `no 500 (answers: ${JSON.stringify(stream.statuses)})`],
      ],
    };
  },

  /** kill -9 of the worker while it posts a webhook; started again at once. */
  async 'kill-worker'(topology, ctx) {
    const receiver = topology.pbx;
    receiver.delayMs = 3_000;
    const attemptsBefore = receiver.attempts;
    const actions = agentActions(ctx, 1);
    const deadline = Date.now() + 20_000;
    while (receiver.attempts === attemptsBefore && Date.now() < deadline) await sleep(20);
    await sleep(500);
    const killedAt = Date.now();
    await topology.worker.kill9();
    receiver.delayMs = 0;
    await topology.worker.startAndWait();
    await sleep(3_000);
    await actions.stop();
    // BullMQ gives a job back once its lock expired (30 s) and the stalled check ran.
    const settleMs = await jobsSettled(ctx, topology, 90_000);
    const jobs = await jobFigures(ctx, topology);
    const retried = topology.worker.lines((line) => /stalled/i.test(line.msg ?? '')).length;
    return {
      fault: 'kill -9 of the worker mid-job (a webhook post held 3 s by the PBX), started again',
      load: 'agent actions 1/s (each a signed webhook)',
      acknowledged: jobs.webhooks,
      stored: jobs.webhooksDelivered,
      lost: jobs.webhooksLost,
      duplicated: jobs.webhooksTwice,
      recovery: `every webhook delivered ${seconds(Date.now() - killedAt - (Number.isFinite(settleMs) ? 0 : NaN))} after the kill`,
      checks: [
        [jobs.webhooksLost === 0, `${jobs.webhooks} webhooks, none lost`],
        [jobs.webhooksTwice === 0, 'none delivered twice (the killed attempt was never answered)'],
        [
          actions.failed === 0,
          `agent actions: ${actions.done} done, errors ${JSON.stringify(actions.errors)}`,
        ],
        [retried > 0, `the restarted worker logged ${retried} stalled job(s) given back`],
      ],
    };
  },

  /** Redis killed (its AOF kept) for 30 s, then started again. */
  async 'stop-redis'(topology, ctx, { quick }) {
    const outageMs = quick ? 10_000 : 30_000;
    const stream = new PbxStream({
      baseUrl: ctx.base,
      integration: ctx.integration,
      teamId: ctx.queueTeam.id,
      rate: RATE,
      prefix: 'stop-redis',
    });
    const actions = agentActions(ctx, 1);
    const resets = resetRequests(ctx, 1);
    stream.start();
    await sleep(3_000);
    await topology.redis.stop();
    const stoppedAt = Date.now();
    await sleep(outageMs / 2);
    const ready = await call(ctx.base, 'GET', '/health/ready');
    const profile = await call(ctx.base, 'GET', '/api/auth/profile', { token: ctx.admin.token });
    await sleep(outageMs / 2);
    await topology.redis.start();
    const startedAt = Date.now();
    await sleep(3_000);
    await Promise.all([stream.stop(), actions.stop(), resets.stop()]);
    const settleMs = await jobsSettled(ctx, topology, 90_000);
    const events = await streamFigures(ctx, stream);
    const jobs = await jobFigures(ctx, topology);
    return {
      fault: `Redis killed for ${outageMs / 1000} s (append-only file kept), then started`,
      load: `${RATE} calls/s, agent actions 1/s, password resets 1/s`,
      ...events,
      recovery: `jobs and webhooks all delivered ${seconds(Date.now() - startedAt)} after Redis returned (${seconds(settleMs)} after the traffic stopped)`,
      checks: [
        [events.lost === 0 && events.duplicated === 0, 'every acknowledged event stored once'],
        [
          ready.status === 200 && ready.body?.status === 'degraded',
          `readiness during the outage: ${ready.status} ${ready.body?.status}`,
        ],
        [profile.status === 200, `the API kept serving (profile ${profile.status})`],
        [
          jobs.webhooksLost === 0 && jobs.webhooksTwice === 0,
          `webhooks: ${jobs.webhooks}, ${jobs.webhooksDelivered} delivered once`,
        ],
        [
          jobs.emailsReceived === jobs.emails,
          `emails: ${jobs.emails} queued (${resets.acknowledged} resets answered), ${jobs.emailsReceived} received`,
        ],
        [Date.now() - stoppedAt > outageMs, 'outage lasted as planned'],
      ],
    };
  },

  /** SIGTERM of each instance in turn, started again before the next, under traffic. */
  async 'rolling-restart'(topology, ctx) {
    const stream = new PbxStream({
      baseUrl: ctx.base,
      integration: ctx.integration,
      teamId: ctx.queueTeam.id,
      rate: RATE,
      prefix: 'rolling',
    });
    const screen = new SupervisorScreen(ctx.base, ctx.admin.token);
    await screen.open();
    const actions = agentActions(ctx, 1);
    const resets = resetRequests(ctx, 1);
    stream.start();
    await sleep(3_000);
    const started = Date.now();
    const exits = [];
    for (const api of topology.apis) {
      exits.push(await api.terminate());
      await api.startAndWait();
      await sleep(2_000);
    }
    const rolledMs = Date.now() - started;
    await Promise.all([stream.stop(), actions.stop(), resets.stop()]);
    const settleMs = await jobsSettled(ctx, topology, 60_000);
    const events = await streamFigures(ctx, stream);
    const jobs = await jobFigures(ctx, topology);
    const dashboard = await dashboardMatches(ctx, screen, ctx.queueTeam.id);
    screen.close();
    const fivexx = Object.entries(stream.statuses)
      .filter(([status]) => Number(status) >= 500)
      .reduce((sum, [, n]) => sum + n, 0);
    return {
      fault: 'rolling restart: SIGTERM of each instance in turn, started again before the next',
      load: `${RATE} calls/s, agent actions 1/s, password resets 1/s, 1 supervisor socket`,
      ...events,
      recovery: `both instances replaced in ${seconds(rolledMs)}; the socket reconnected ${screen.reconnectMs.length} time(s), worst ${percentile(screen.reconnectMs, 100)} ms`,
      checks: [
        [events.lost === 0 && events.duplicated === 0, 'every acknowledged event stored once'],
        [
          fivexx === 0,
          `no 5xx (answers: ${JSON.stringify(stream.statuses)}; 0 = connection refused, retried)`,
        ],
        [exits.every((code) => code === 0), `exit codes ${exits.join(', ')}`],
        [
          jobs.webhooksLost === 0 && jobs.webhooksTwice === 0,
          `webhooks: ${jobs.webhooks}, ${jobs.webhooksDelivered} delivered once (${seconds(settleMs)} to settle)`,
        ],
        [
          jobs.emailsReceived === jobs.emails,
          `emails: ${jobs.emails} queued, ${jobs.emailsReceived} received`,
        ],
        [dashboard.ok, dashboard.text],
      ],
    };
  },

  /** PostgreSQL stopped as in a crash (`pg_ctl stop -m immediate`) for 10 s, then started. */
  async 'restart-postgres'(topology, ctx, { quick }) {
    return databaseOutage(topology, ctx, {
      label: `PostgreSQL stopped (\`pg_ctl stop -m immediate\`) for ${quick ? 5 : 10} s, then started`,
      prefix: 'pg-restart',
      outageMs: quick ? 5_000 : 10_000,
      outage: () => topology.postgres.stop(),
      repair: () => topology.postgres.start(),
    });
  },

  /** PostgreSQL frozen (SIGSTOP of the postmaster and every backend) for 15 s, then thawed. */
  async 'freeze-postgres'(topology, ctx, { quick }) {
    return databaseOutage(topology, ctx, {
      label: `PostgreSQL frozen (SIGSTOP of the postmaster and every backend) for ${quick ? 5 : 15} s, then thawed`,
      prefix: 'pg-freeze',
      outageMs: quick ? 5_000 : 15_000,
      outage: () => topology.postgres.freeze(),
      repair: () => topology.postgres.thaw(),
    });
  },

  /**
   * Ten times the normal traffic for 10 s on top of it: the API must answer (2xx, or shed with
   * 429/503 that the PBX retries), lose nothing, keep its memory bounded, and be back to its normal
   * latency once the burst is over.
   */
  async burst(topology, ctx, { quick }) {
    const burstMs = quick ? 5_000 : 10_000;
    const normal = new PbxStream({
      baseUrl: ctx.base,
      integration: ctx.integration,
      teamId: ctx.queueTeam.id,
      rate: RATE,
      prefix: 'burst-normal',
    });
    const extra = new PbxStream({
      baseUrl: ctx.base,
      integration: ctx.integration,
      teamId: ctx.queueTeam.id,
      rate: RATE * 9,
      prefix: 'burst-extra',
    });
    const memory = [];
    const sampler = setInterval(
      () => memory.push({ at: Date.now(), mb: topology.apis.map((api) => api.residentMb) }),
      500,
    );
    normal.start();
    await sleep(8_000);
    const burstAt = Date.now();
    extra.start();
    await sleep(burstMs);
    await extra.stop();
    const drainedAt = Date.now();
    await sleep(10_000);
    await normal.stop();
    clearInterval(sampler);
    const settleMs = await jobsSettled(ctx, topology, 60_000);
    const figures = [await streamFigures(ctx, normal), await streamFigures(ctx, extra)];
    const all = {
      acknowledged: figures[0].acknowledged + figures[1].acknowledged,
      stored: figures[0].stored + figures[1].stored,
      lost: figures[0].lost + figures[1].lost,
      duplicated: figures[0].duplicated + figures[1].duplicated,
    };
    // The normal stream's latency (acknowledged posts) before, during and after the burst.
    const window = (from, to) =>
      normal.answers.filter((a) => a.status === 200 && a.at - a.ms >= from && a.at - a.ms < to);
    const p50 = (answers) =>
      percentile(
        answers.map((a) => a.ms),
        50,
      );
    const before = window(0, burstAt);
    const during = window(burstAt, drainedAt);
    const after = window(drainedAt + 2_000, Infinity);
    // Recovery: from the end of the burst to the first second whose median is within 2x again.
    let recoveredMs = NaN;
    for (let t = burstAt + burstMs; t < drainedAt + 10_000; t += 1_000) {
      const second = window(t, t + 1_000);
      if (second.length && p50(second) <= 2 * p50(before)) {
        recoveredMs = t - (burstAt + burstMs);
        break;
      }
    }
    const peak = (from, to) =>
      Math.max(...memory.filter((m) => m.at >= from && m.at < to).flatMap((m) => m.mb));
    const mbBefore = peak(0, burstAt);
    const mbDuring = peak(burstAt, drainedAt);
    const mbEnd = Math.max(...memory.at(-1).mb);
    const statuses = {};
    for (const stream of [normal, extra])
      for (const [status, n] of Object.entries(stream.statuses))
        statuses[status] = (statuses[status] ?? 0) + n;
    const shed = (statuses[429] ?? 0) + (statuses[503] ?? 0);
    const errors = Object.entries(statuses)
      .filter(([status]) => Number(status) >= 500 && Number(status) !== 503)
      .reduce((sum, [, n]) => sum + n, 0);
    const posted = extra.answers.filter((a) => a.at - a.ms < burstAt + burstMs).length;
    return {
      fault: `a burst of 10x the traffic (${RATE * 10} calls/s) for ${burstMs / 1000} s`,
      load: `${RATE} calls/s throughout, ${RATE * 9} calls/s more during the burst (2 events each)`,
      ...all,
      recovery: `median latency ${p50(before).toFixed(0)} ms before, ${p50(during).toFixed(0)} ms during, ${p50(after).toFixed(0)} ms after; back within 2x ${seconds(recoveredMs)} after the burst; ${shed} posts shed (429/503) and retried; API memory ${mbBefore.toFixed(0)} MB before, ${mbDuring.toFixed(0)} MB at the peak, ${mbEnd.toFixed(0)} MB at the end`,
      checks: [
        [all.lost === 0 && all.duplicated === 0, 'every acknowledged event stored once'],
        [
          errors === 0,
          `no 5xx other than 503 (answers: ${JSON.stringify(statuses)}; 0 = timed out at 15 s)`,
        ],
        [(statuses[0] ?? 0) === 0, `no post left unanswered for 15 s (${statuses[0] ?? 0})`],
        [
          p50(after) <= 2 * p50(before),
          `median latency after the burst ${p50(after).toFixed(1)} ms, within 2x of before (${p50(before).toFixed(1)} ms)`,
        ],
        [
          mbEnd <= 1.5 * mbBefore,
          `memory bounded: ${mbEnd.toFixed(0)} MB at the end against ${mbBefore.toFixed(0)} MB before (peak ${mbDuring.toFixed(0)} MB)`,
        ],
        [
          true,
          `burst: ${posted} posts sent in ${burstMs / 1000} s; drained ${seconds(drainedAt - burstAt - burstMs)} after it ended; jobs settled in ${seconds(settleMs)}`,
        ],
      ],
    };
  },

  /** Event latency with 20,000 calls waiting in a queue, against the same without. */
  async backlog(topology, ctx) {
    const target = Number(values.backlog);
    const measure = async (prefix) => {
      const stream = new PbxStream({
        baseUrl: ctx.base,
        integration: ctx.integration,
        teamId: ctx.queueTeam.id,
        rate: RATE,
        prefix,
      });
      for (let i = 0; i < 150; i++) await stream.oneCall(0);
      return {
        stream,
        p50: percentile(stream.latenciesMs, 50),
        p99: percentile(stream.latenciesMs, 99),
      };
    };
    const before = await measure('backlog-before');
    const backlogTeam = await ctx.team('Fault suite backlog');
    const filler = new PbxStream({
      baseUrl: ctx.base,
      integration: ctx.integration,
      teamId: backlogTeam.id,
      rate: 1,
      prefix: 'backlog-wait',
    });
    const fillStarted = Date.now();
    for (let n = 0; n < target; n += 100) {
      const batch = Array.from({ length: Math.min(100, target - n) }, (_, i) =>
        filler.event('call.queued', `backlog-wait-${n + i}`),
      );
      await filler.deliver(batch);
    }
    const fillMs = Date.now() - fillStarted;
    const waiting = await ctx.db.query(
      `select count(*)::int as n from calls where team_id = $1 and state = 'queued'`,
      [backlogTeam.id],
    );
    const after = await measure('backlog-after');
    const ratio = after.p50 / before.p50;
    const events = await streamFigures(ctx, after.stream);
    return {
      fault: `a backlog of ${waiting.rows[0].n} waiting calls in another team's queue`,
      load: '150 calls one after the other (2 events each), before and with the backlog',
      ...events,
      recovery: `median event latency ${before.p50.toFixed(1)} ms without, ${after.p50.toFixed(1)} ms with (${ratio.toFixed(2)}x; p99 ${before.p99.toFixed(0)} / ${after.p99.toFixed(0)} ms); backlog posted in ${seconds(fillMs)}`,
      checks: [
        [waiting.rows[0].n === target, `${waiting.rows[0].n} calls waiting`],
        [ratio <= 2, `latency with the backlog within 2x of without (${ratio.toFixed(2)}x)`],
        [events.lost === 0 && events.duplicated === 0, 'every acknowledged event stored once'],
      ],
    };
  },

  /** A PBX clock 4 min early and one 4 min late (the signature window is 5 min), and reordering. */
  async 'clock-skew'(topology, ctx) {
    const skewTeam = await ctx.team('Fault suite clock skew');
    const early = new PbxStream({
      baseUrl: ctx.base,
      integration: ctx.integration,
      teamId: skewTeam.id,
      rate: RATE,
      prefix: 'skew-early',
      skewMs: -240_000,
    });
    const late = new PbxStream({
      baseUrl: ctx.base,
      integration: ctx.integration,
      teamId: skewTeam.id,
      rate: RATE,
      prefix: 'skew-late',
      skewMs: 240_000,
    });
    for (let i = 0; i < 30; i++) await Promise.all([early.oneCall(50), late.oneCall(50)]);
    // Reordered: a call's abandonment posted with the queueing in one batch, latest first, and
    // the same batch posted twice.
    const reordered = new PbxStream({
      baseUrl: ctx.base,
      integration: ctx.integration,
      teamId: skewTeam.id,
      rate: RATE,
      prefix: 'skew-reordered',
    });
    for (let i = 0; i < 30; i++) {
      const id = `skew-reordered-${i}`;
      reordered.calls.add(id);
      const queued = reordered.event('call.queued', id);
      const abandoned = {
        ...reordered.event('call.abandoned', id),
        occurredAt: new Date(Date.now() + 20_000).toISOString(),
      };
      await reordered.deliver([queued, abandoned].reverse());
      await reordered.deliver([queued, abandoned]);
    }
    const figures = [];
    for (const stream of [early, late, reordered]) figures.push(await streamFigures(ctx, stream));
    const all = figures.reduce(
      (sum, f) => ({
        acknowledged: sum.acknowledged + f.acknowledged,
        stored: sum.stored + f.stored,
        lost: sum.lost + f.lost,
        duplicated: sum.duplicated + f.duplicated,
      }),
      { acknowledged: 0, stored: 0, lost: 0, duplicated: 0 },
    );
    const screen = new SupervisorScreen(ctx.base, ctx.admin.token);
    const dashboard = await dashboardMatches(ctx, screen, skewTeam.id);
    const negative = await ctx.db.query(
      `select count(*)::int as n from calls where team_id = $1 and (wait_ms < 0 or talk_ms < 0)`,
      [skewTeam.id],
    );
    const stuck = await ctx.db.query(
      `select count(*)::int as n from calls
       where team_id = $1 and external_id like 'skew-reordered-%' and state in ('queued', 'offered')`,
      [skewTeam.id],
    );
    return {
      fault:
        'PBX clock 4 min early / 4 min late; events of a call posted in reverse order and twice',
      load: '60 skewed calls, 30 reordered calls',
      ...all,
      recovery: 'n/a',
      checks: [
        [all.lost === 0 && all.duplicated === 0, 'every acknowledged event stored once'],
        [dashboard.ok, dashboard.text],
        [negative.rows[0].n === 0, `${negative.rows[0].n} calls with a negative duration`],
        [
          stuck.rows[0].n === 0,
          `${stuck.rows[0].n} of 30 reordered calls still waiting although the PBX abandoned them`,
        ],
      ],
    };
  },
};

/** Settings a case runs its topology with, on top of the suite's. */
const CASE_ENV = {
  'restart-postgres': DATABASE_TIMEOUTS,
  'freeze-postgres': DATABASE_TIMEOUTS,
};

// --- runner --------------------------------------------------------------------------------------

const selected = values.quick ? ['kill-api'] : (values.case ?? Object.keys(CASES));
const rows = [];
let failures = 0;
console.log(
  `fault suite: ${selected.join(', ')}; ${cpus().length} cores, load average ${loadavg()[0].toFixed(2)} at the start`,
);
for (const name of selected) {
  const run = CASES[name];
  if (!run) throw new Error(`Unknown case ${name}: ${Object.keys(CASES).join(', ')}`);
  const started = Date.now();
  let topology;
  let ctx;
  try {
    topology = await startTopology({ extraEnv: CASE_ENV[name] ?? {} });
    ctx = await prepare(topology);
    console.log(`\n[${name}] topology up in ${seconds(Date.now() - started)}`);
    const result = await run(topology, ctx, { quick: values.quick });
    const ok = result.checks.every(([passed]) => passed);
    if (!ok) failures += 1;
    for (const [passed, text] of result.checks)
      console.log(`  ${passed ? 'ok  ' : 'FAIL'} ${text}`);
    const row = [
      result.fault,
      result.load,
      result.acknowledged,
      result.stored,
      result.lost,
      result.duplicated,
      result.recovery,
      ok ? 'passes' : 'FAILS',
    ];
    rows.push(row);
    console.log(`| ${row.join(' | ')} |`);
    console.log(
      `  load average ${loadavg()[0].toFixed(2)}; case took ${seconds(Date.now() - started)}`,
    );
  } catch (error) {
    failures += 1;
    console.error(`[${name}] FAILED: ${error.stack ?? error}`);
    for (const part of [...(topology?.apis ?? []), topology?.worker].filter(Boolean))
      console.error(
        `${part.name}: ${part.log
          .slice(-5)
          .map((line) => line.slice(0, 300))
          .join('\n')}`,
      );
    rows.push([name, '', '', '', '', '', '', `FAILS: ${String(error.message).split('\n')[0]}`]);
  } finally {
    if (values['keep-logs'] && topology) {
      mkdirSync(values['keep-logs'], { recursive: true });
      for (const part of [...topology.apis, topology.worker])
        writeFileSync(join(values['keep-logs'], `${name}.${part.name}.log`), part.log.join('\n'));
    }
    await ctx?.db.end().catch(() => undefined);
    await topology?.destroy();
  }
}

const header = [
  'Fault',
  'Load',
  'Acknowledged',
  'Stored',
  'Lost',
  'Duplicated',
  'Recovery',
  'Result',
];
const table = [header, header.map(() => '---'), ...rows]
  .map((row) => `| ${row.join(' | ')} |`)
  .join('\n');
console.log(`\n${table}`);
if (values['write-doc']) {
  const file = join(root, 'docs/reliability.md');
  const doc = readFileSync(file, 'utf8');
  const start = '<!-- fault-suite:start -->';
  const end = '<!-- fault-suite:end -->';
  const stamp = `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpus().length} cores (load average ${loadavg()[0].toFixed(2)} at the end), \`npm run test:faults\`.`;
  writeFileSync(
    file,
    doc.replace(new RegExp(`${start}[\\s\\S]*${end}`), `${start}\n${stamp}\n\n${table}\n${end}`),
  );
}
process.exitCode = failures ? 1 : 0;
