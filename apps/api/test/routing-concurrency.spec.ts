import { sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { randomBytes, randomUUID } from 'node:crypto';

import { PbxEventsService } from '../src/calls/telephony/pbx-events.service';
import { Call, query, signInAll } from './support/calls';
import { TestApi, apiClient, startTestApi } from './support/test-api';

/**
 * The ACD under load: two API instances on one PostgreSQL database (and Redis when there is
 * one), 30 agents with skills and 200 calls arriving at once through both (a third requiring a
 * skill at a level, one team requiring one by default, requirements widening every 10 s), agents
 * answering, rejecting and wrapping up as offers come, callers hanging up. Afterwards the call
 * events must show that no call rang at two agents at once, no agent held two calls at once,
 * every offer went to an agent who had the skills the call required at that moment, and every
 * call ended.
 */
const AGENT_COUNT = 30;
const PBX_CALLS = 150;
const HTTP_CALLS = 50;
const ABANDONING_CALLERS = 30;
/** Calls still open after this long without one ending are stuck (offers time out in 5 s). */
const STALL_MS = 20_000;
const DEADLINE_MS = 150_000;
/** Requirements widen one step every this many seconds (30 by default): shorter, for a test. */
const WIDEN_AFTER_SECONDS = 10;
const SKILLS = ['Load Spanish', 'Load Billing', 'Load Premium'];

const databaseUrl = process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL;
const describeWithPostgres = databaseUrl ? describe : describe.skip;
if (!databaseUrl) {
  process.stderr.write('Routing concurrency suite skipped: it needs DATABASE_URL (PostgreSQL).\n');
}

interface EventRow {
  call_id: string;
  type: string;
  from_state: string | null;
  to_state: string | null;
  agent_id: string | null;
  occurred_at: Date;
  seq: string;
}

describeWithPostgres('routing under concurrency (two instances, PostgreSQL)', () => {
  const prefix = `test-${randomBytes(6).toString('hex')}`;
  let first: TestApi;
  let second: TestApi;
  let apis: TestApi[];

  beforeAll(async () => {
    const env: Record<string, string> = { DEMO_SEED: 'true', CALL_OFFER_TIMEOUT: '5s' };
    if (redisUrl) Object.assign(env, { REDIS_URL: redisUrl, QUEUE_PREFIX: prefix });
    first = await startTestApi('postgres', env);
    second = await startTestApi('postgres', env, { shareDatabaseOf: first });
    apis = [first, second];
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
    if (redisUrl) {
      const redis = new Redis(redisUrl);
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
    }
  });

  it('offers each call to one agent at a time, gives each agent one call at a time, and ends every call', async () => {
    const clients = apis.map((api) => apiClient(api.baseUrl));
    const clientOf = (index: number): Call => clients[index % 2] as Call;
    const { tokens } = await signInAll(clientOf(0), ['admin']);

    // 30 agents (the demo has 10), in two overlapping teams: 0-19 and 10-29.
    const [{ hash } = { hash: '' }] = await query<{ hash: string }>(
      first,
      sql`select password_hash as hash from users where email = 'agent1@poscalls4u.test'`,
    );
    const emails = Array.from({ length: AGENT_COUNT }, (_, i) => `load-agent-${i}@poscalls4u.test`);
    const agentIds: string[] = [];
    for (const email of emails) {
      const [row] = await query<{ id: string }>(
        first,
        sql`insert into users (email, name, password_hash, role, email_verified_at)
            values (${email}, ${email}, ${hash}, 'agent', now()) returning id`,
      );
      agentIds.push(row?.id as string);
    }
    const teamIds: string[] = [];
    for (const [name, from, to] of [
      ['Load North', 0, 20],
      ['Load South', 10, 30],
    ] as const) {
      const [team] = await query<{ id: string }>(
        first,
        sql`insert into teams (name) values (${name}) returning id`,
      );
      teamIds.push(team?.id as string);
      for (const userId of agentIds.slice(from, to)) {
        await query(
          first,
          sql`insert into team_members (team_id, user_id, role) values (${team?.id}, ${userId}, 'agent')`,
        );
      }
    }
    // Skills: each agent has one or two, at levels 1-5; North's calls require Spanish 2 by
    // default; a third of the PBX's calls require Billing 3 of their own.
    const skillIds: string[] = [];
    for (const name of SKILLS) {
      const [skill] = await query<{ id: string }>(
        first,
        sql`insert into skills (name) values (${name}) returning id`,
      );
      skillIds.push(skill?.id as string);
    }
    for (const [index, userId] of agentIds.entries()) {
      await query(
        first,
        sql`insert into agent_skills (user_id, skill_id, level)
            values (${userId}, ${skillIds[index % 3]}, ${(index % 5) + 1})`,
      );
      if (index % 4 === 0) {
        await query(
          first,
          sql`insert into agent_skills (user_id, skill_id, level)
              values (${userId}, ${skillIds[(index + 1) % 3]}, ${((index + 2) % 5) + 1})`,
        );
      }
    }
    for (const [index, teamId] of teamIds.entries()) {
      const required = index === 0 ? [{ skillId: skillIds[0], minLevel: 2 }] : [];
      await query(
        first,
        sql`insert into team_routing (team_id, required_skills, widen_after_seconds)
            values (${teamId}, ${JSON.stringify(required)}::jsonb, ${WIDEN_AFTER_SECONDS})`,
      );
    }

    const [integration] = await query<{ id: string }>(
      first,
      sql`insert into integrations (name, secret_encrypted) values ('Load PBX', 'x') returning id`,
    );
    const integrationId = integration?.id as string;

    const agentTokens: string[] = [];
    for (const [index, email] of emails.entries()) {
      const login = await clientOf(index)('POST', '/api/auth/login', {
        body: { email, password: 'poscalls4u-demo' },
      });
      agentTokens.push(login.body.data.token);
    }
    for (const [index, token] of agentTokens.entries()) {
      await clientOf(index)('PUT', '/api/presence/me', { token, body: { status: 'available' } });
    }

    // Agents work whatever rings at them until every call has ended.
    let finished = false;
    const unexpected: string[] = [];
    const agentLoop = async (index: number) => {
      const token = agentTokens[index] as string;
      const call = clientOf(index + 1); // an agent's actions land on both instances
      let lastAvailable = Date.now();
      while (!finished) {
        const current = (await call('GET', '/api/calls/current', { token })).body.data.call;
        if (current?.state === 'offered') {
          const choice = Math.random() < 0.05 ? 'reject' : 'answer';
          const answered = await call('POST', `/api/calls/${current.id}/${choice}`, { token });
          // The caller may hang up, or the offer expire, in between: that is a 409.
          if (![200, 409].includes(answered.status))
            unexpected.push(`${choice} ${answered.status}`);
          if (choice === 'answer' && answered.status === 200) {
            await sleep(Math.random() * 100);
          }
        } else if (current?.state === 'connected' || current?.state === 'on_hold') {
          const ended = await call('POST', `/api/calls/${current.id}/end`, { token });
          if (ended.status !== 200) unexpected.push(`end ${ended.status}`);
        } else if (current?.state === 'wrap_up') {
          const done = await call('POST', `/api/calls/${current.id}/wrap-up`, {
            token,
            body: { disposition: 'resolved' },
          });
          if (done.status !== 200) unexpected.push(`wrap-up ${done.status}`);
        } else if (!current && Date.now() - lastAvailable > 1_000) {
          // After a missed offer the agent is on a break: come back.
          await call('PUT', '/api/presence/me', { token, body: { status: 'available' } });
          lastAvailable = Date.now();
        } else {
          await sleep(60 + Math.random() * 60);
        }
      }
    };
    const agents = agentTokens.map((_, index) => agentLoop(index));

    // 200 callers at once, through both instances; some hang up while waiting.
    const started = Date.now();
    const pbxCallIds = Array.from({ length: PBX_CALLS }, () => `load-${randomUUID()}`);
    const arrivals = [
      ...pbxCallIds.map((callId, index) =>
        apis[index % 2]?.app.get(PbxEventsService).ingest(integrationId, [
          {
            id: randomUUID(),
            type: 'call.queued',
            occurredAt: new Date().toISOString(),
            callId,
            teamId: teamIds[index % 2],
            from: '+15550100',
            to: '+15550199',
            priority: index % 10 === 0 ? 5 : 0,
            ...(index % 3 === 0 ? { requiredSkills: [{ skill: SKILLS[1], minLevel: 3 }] } : {}),
          },
        ]),
      ),
      ...Array.from({ length: HTTP_CALLS }, (_, index) =>
        clientOf(index)('POST', '/api/calls', {
          token: tokens.admin,
          body: { teamId: teamIds[index % 2], from: '+15550101', to: '+15550199' },
        }),
      ),
    ];
    const hangUps = pbxCallIds.slice(0, ABANDONING_CALLERS).map(async (callId, index) => {
      await sleep(Math.random() * 1_500);
      return apis[index % 2]?.app.get(PbxEventsService).ingest(integrationId, [
        {
          id: randomUUID(),
          type: 'call.abandoned',
          occurredAt: new Date().toISOString(),
          callId,
        },
      ]);
    });
    await Promise.all([...arrivals, ...hangUps]);

    // Wait while calls keep ending: a slow (busy) machine gets more time, a stuck call does not.
    let open = Infinity;
    let lastProgress = Date.now();
    while (open > 0 && Date.now() - lastProgress < STALL_MS && Date.now() - started < DEADLINE_MS) {
      await sleep(250);
      const [row] = await query<{ n: number }>(
        first,
        sql`select count(*)::int as n from calls where state not in ('completed', 'abandoned')`,
      );
      if ((row?.n ?? 0) < open) lastProgress = Date.now();
      open = row?.n ?? 0;
    }
    finished = true;
    await Promise.all(agents);

    // Every call ended.
    const states = await query<{ state: string; n: number }>(
      first,
      sql`select state, count(*)::int as n from calls group by state order by state`,
    );
    const byState = Object.fromEntries(states.map((row) => [row.state, row.n]));
    expect(Object.keys(byState).sort()).toEqual(['abandoned', 'completed']);
    expect((byState.completed ?? 0) + (byState.abandoned ?? 0)).toBe(PBX_CALLS + HTTP_CALLS);
    expect(byState.completed).toBeGreaterThan(0);
    expect(unexpected).toEqual([]);

    const events = await query<EventRow>(
      first,
      sql`select call_id, type, from_state, to_state, agent_id, occurred_at, seq
          from call_events order by call_id, seq`,
    );
    const byCall = new Map<string, EventRow[]>();
    for (const event of events) {
      byCall.set(event.call_id, [...(byCall.get(event.call_id) ?? []), event]);
    }
    expect(byCall.size).toBe(PBX_CALLS + HTTP_CALLS);

    // Each call's events form one chain of legal moves: an offer only ever starts from `queued`,
    // so a call never rings at a second agent while it rings at a first.
    const intervals = new Map<string, { start: number; end: number; callId: string }[]>();
    for (const [callId, chain] of byCall) {
      let state: string | null = null;
      let holder: { agentId: string; start: number } | undefined;
      for (const event of chain) {
        expect([callId, event.type, event.from_state]).toEqual([callId, event.type, state]);
        state = event.to_state;
        const at = new Date(event.occurred_at).getTime();
        if (event.type === 'offered') {
          expect(holder).toBeUndefined();
          holder = { agentId: event.agent_id as string, start: at };
        } else if (holder && ['queued', 'abandoned', 'completed'].includes(state ?? '')) {
          // The call leaves the agent: rejected, missed, hung up while ringing, or wrapped up.
          expect(event.agent_id).toBe(holder.agentId);
          const list = intervals.get(holder.agentId) ?? [];
          list.push({ start: holder.start, end: at, callId });
          intervals.set(holder.agentId, list);
          holder = undefined;
        }
      }
      expect(['completed', 'abandoned']).toContain(state);
      expect(holder).toBeUndefined();
    }

    // Every offer went to an agent who had the skills the call required when it rang: its own
    // requirement, else its team's, each level lowered one step per WIDEN_AFTER_SECONDS waited.
    const callRows = await query<{
      id: string;
      team_id: string;
      queued_at: Date;
      required_skills: { skillId: string; minLevel: number }[] | null;
    }>(first, sql`select id, team_id, queued_at, required_skills from calls`);
    const teamRequired = new Map(
      (
        await query<{ team_id: string; required_skills: { skillId: string; minLevel: number }[] }>(
          first,
          sql`select team_id, required_skills from team_routing`,
        )
      ).map((row) => [row.team_id, row.required_skills]),
    );
    const agentLevels = new Map(
      (
        await query<{ user_id: string; skill_id: string; level: number }>(
          first,
          sql`select user_id, skill_id, level from agent_skills`,
        )
      ).map((row) => [`${row.user_id}:${row.skill_id}`, row.level]),
    );
    const callById = new Map(callRows.map((row) => [row.id, row]));
    let skilled = 0;
    for (const event of events.filter((row) => row.type === 'offered')) {
      const callRow = callById.get(event.call_id);
      const required = callRow?.required_skills ?? teamRequired.get(callRow?.team_id ?? '') ?? [];
      const waited =
        new Date(event.occurred_at).getTime() - new Date(callRow?.queued_at ?? 0).getTime();
      const steps = Math.floor(waited / 1000 / WIDEN_AFTER_SECONDS);
      for (const need of required) {
        const level = need.minLevel - steps;
        if (level < 1) continue;
        skilled += 1;
        expect([
          event.call_id,
          event.agent_id,
          need.skillId,
          level,
          (agentLevels.get(`${event.agent_id}:${need.skillId}`) ?? 0) >= level,
        ]).toEqual([event.call_id, event.agent_id, need.skillId, level, true]);
      }
    }
    expect(skilled).toBeGreaterThan(0);

    // No agent held two calls at once: their intervals, in time order, never overlap.
    let handled = 0;
    for (const [agentId, list] of intervals) {
      list.sort((a, b) => a.start - b.start);
      handled += list.length;
      for (let i = 1; i < list.length; i++) {
        const previous = list[i - 1] as { end: number; callId: string };
        const next = list[i] as { start: number; callId: string };
        expect([agentId, previous.callId, next.callId, next.start >= previous.end]).toEqual([
          agentId,
          previous.callId,
          next.callId,
          true,
        ]);
      }
    }
    expect(handled).toBeGreaterThanOrEqual(byState.completed ?? 0);

    // And nobody is left holding a call.
    const holding = await query<{ n: number }>(
      first,
      sql`select count(*)::int as n from agent_presence where current_call_id is not null`,
    );
    expect(holding[0]?.n).toBe(0);
    process.stdout.write(
      `routing: ${byState.completed} completed, ${byState.abandoned} abandoned, ${handled} offers worked, ${skilled} skill checks in ${Date.now() - started} ms\n`,
    );
  }, 200_000);
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
