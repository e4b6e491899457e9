import { sql } from 'drizzle-orm';

import { PbxCallEvent, PbxEventType } from '@poscalls4u/contracts';
import { DATABASE, Database } from '@poscalls4u/server-database';

import { PbxEventsService } from '../src/calls/telephony/pbx-events.service';
import { StatsRebuildService } from '../src/rollups/stats-rebuild.service';
import { StatsRollups } from '../src/rollups/stats-rollups';
import { Call, createTeam, query, signInAll, waitFor } from './support/calls';
import { DATABASES, TestApi, apiClient, startTestApi } from './support/test-api';

const AGENTS = ['agent1', 'agent2', 'agent3', 'agent4', 'agent5', 'agent6'];

type Row = Record<string, number | string>;

/** Both rollup tables, keyed and sorted, with bigint strings (node-postgres) as numbers. */
async function snapshot(api: TestApi): Promise<{ team: Row[]; agent: Row[] }> {
  const normalize = (rows: Record<string, unknown>[]) =>
    rows.map((row) =>
      Object.fromEntries(
        Object.entries(row).map(([key, value]) => [
          key,
          key === 'key' ? String(value) : Number(value),
        ]),
      ),
    );
  const team = await query<Record<string, unknown>>(
    api,
    sql`select team_id || ' ' || to_char(bucket_start at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI') as key,
               offered, answered, answered_within_threshold, abandoned, short_abandoned,
               answered_wait_ms, abandoned_wait_ms, max_wait_ms, handled, talk_ms, hold_ms,
               after_call_work_ms, outbound, successes, qa_reviews, qa_score_sum, transfers_in,
               transfers_out
        from team_interval_stats order by team_id, bucket_start`,
  );
  const agent = await query<Record<string, unknown>>(
    api,
    sql`select user_id || ' ' || to_char(bucket_start at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI') as key,
               answered, answered_wait_ms, handled, talk_ms, hold_ms, after_call_work_ms, outbound,
               successes, offers, missed, rejected, qa_reviews, qa_score_sum, available_ms,
               on_call_ms, wrap_up_ms, break_ms, transfers_in, transfers_out
        from agent_interval_stats order by user_id, bucket_start`,
  );
  return { team: normalize(team) as Row[], agent: normalize(agent) as Row[] };
}

/** The 15-minute UTC bucket of an instant, as the snapshot keys write it. */
function bucketKey(id: string, at: Date | string): string {
  const ms = Math.floor(new Date(at).getTime() / 900_000) * 900_000;
  return `${id} ${new Date(ms).toISOString().slice(0, 16)}`;
}

function rowOf(rows: Row[], key: string): Row {
  const row = rows.find((candidate) => candidate['key'] === key);
  if (!row) throw new Error(`no rollup row ${key}; rows: ${rows.map((r) => r['key']).join(', ')}`);
  return row;
}

describe.each(DATABASES)('statistics rollups on %s', (kind) => {
  let api: TestApi;
  let call: Call;
  let tokens: Record<string, string>;
  let ids: Record<string, string>;
  let integrationId: string;
  let eventSeq = 0;

  const pbx = async (event: Omit<PbxCallEvent, 'id'>) => {
    const [result] = await api.app
      .get(PbxEventsService)
      .ingest(integrationId, [{ id: `e${++eventSeq}`, ...event }]);
    if (!result) throw new Error('no result');
    if (result.outcome !== 'applied') {
      throw new Error(`PBX event ${JSON.stringify(event)} was ${result.outcome}: ${result.reason}`);
    }
    return result;
  };
  const act = (name: string, callId: string, action: string, body?: unknown) =>
    call('POST', `/api/calls/${callId}/${action}`, { token: tokens[name], body });
  const presence = (name: string, status: string, reason?: string) =>
    call('PUT', '/api/presence/me', { token: tokens[name], body: { status, reason } });
  const callRow = async (callId: string) =>
    (
      await query<Record<string, unknown>>(
        api,
        sql`select wait_ms, talk_ms, hold_ms, after_call_work_ms, created_at, queued_at
            from calls where id = ${callId}`,
      )
    )[0] as Record<string, unknown>;
  const rebuild = () => api.app.get(StatsRebuildService).rebuild();

  beforeAll(async () => {
    api = await startTestApi(kind, { DEMO_SEED: 'true', CALL_OFFER_TIMEOUT: '1s' });
    call = apiClient(api.baseUrl);
    ({ tokens, ids } = await signInAll(call, ['admin', 'supervisor1', ...AGENTS]));
    const created = await call('POST', '/api/integrations', {
      token: tokens.admin,
      body: { name: 'Stats PBX' },
    });
    integrationId = created.body.data.integration.id;
  });
  afterAll(() => api?.close());

  it('adds each event of a scripted history to the hand-expected rows', async () => {
    // A queue whose only agent member stays offline: the PBX routes its calls itself.
    const team = await createTeam(call, tokens.supervisor1, 'Rollups scripted', [ids.agent2]);
    const at = (time: string) => `2026-03-10T${time}Z`;
    const next = (time: string) => `2026-03-11T${time}Z`;

    // C1: waits 15 s (within 20 s), 45 s on hold, talks across midnight, wrapped up as resolved.
    const c1 = (
      await pbx({
        type: PbxEventType.Queued,
        occurredAt: at('23:44:50'),
        callId: 'c1',
        teamId: team,
      })
    ).callId as string;
    await pbx({
      type: PbxEventType.Connected,
      occurredAt: at('23:45:05'),
      callId: 'c1',
      agentEmail: 'agent1@poscalls4u.test',
    });
    await pbx({ type: PbxEventType.Hold, occurredAt: at('23:46:00'), callId: 'c1' });
    await pbx({ type: PbxEventType.Resumed, occurredAt: at('23:46:45'), callId: 'c1' });
    await pbx({ type: PbxEventType.Ended, occurredAt: next('00:05:05'), callId: 'c1' });
    expect((await act('agent1', c1, 'wrap-up', { disposition: 'resolved' })).status).toBe(200);
    const review = await call('POST', `/api/calls/${c1}/qa-reviews`, {
      token: tokens.supervisor1,
      body: { score: 80 },
    });
    expect(review.status).toBe(201);

    // C2: waits 30 s (over the threshold), no agent named, the PBX ends it: completed.
    await pbx({
      type: PbxEventType.Queued,
      occurredAt: at('23:46:00'),
      callId: 'c2',
      teamId: team,
    });
    await pbx({ type: PbxEventType.Connected, occurredAt: at('23:46:30'), callId: 'c2' });
    await pbx({ type: PbxEventType.Ended, occurredAt: at('23:50:30'), callId: 'c2' });
    // C3: a short abandon (3 s); C4: abandoned after 70 s, after midnight, in its arrival bucket.
    await pbx({
      type: PbxEventType.Queued,
      occurredAt: at('23:47:00'),
      callId: 'c3',
      teamId: team,
    });
    await pbx({ type: PbxEventType.Abandoned, occurredAt: at('23:47:03'), callId: 'c3' });
    await pbx({
      type: PbxEventType.Queued,
      occurredAt: at('23:59:50'),
      callId: 'c4',
      teamId: team,
    });
    await pbx({ type: PbxEventType.Abandoned, occurredAt: next('00:01:00'), callId: 'c4' });
    // C5: an outbound call the PBX reports, never connected.
    await pbx({
      type: PbxEventType.Queued,
      occurredAt: next('00:02:00'),
      callId: 'c5',
      teamId: team,
      direction: 'outbound',
    });
    await pbx({ type: PbxEventType.Ended, occurredAt: next('00:02:30'), callId: 'c5' });
    // C6: agent2 dials out; nobody picks up.
    const c6 = await call('POST', '/api/calls/outbound', {
      token: tokens.agent2,
      body: { teamId: team, to: '+15550123' },
    });
    expect(c6.status).toBe(201);
    expect((await act('agent2', c6.body.data.call.id, 'failed')).status).toBe(200);

    const c1Row = await callRow(c1);
    const c6Row = await callRow(c6.body.data.call.id);
    const { team: teamRows, agent: agentRows } = await snapshot(api);
    const zeroTeam = {
      offered: 0,
      answered: 0,
      answered_within_threshold: 0,
      abandoned: 0,
      short_abandoned: 0,
      answered_wait_ms: 0,
      abandoned_wait_ms: 0,
      max_wait_ms: 0,
      handled: 0,
      talk_ms: 0,
      hold_ms: 0,
      after_call_work_ms: 0,
      outbound: 0,
      successes: 0,
      qa_reviews: 0,
      qa_score_sum: 0,
      transfers_in: 0,
      transfers_out: 0,
    };
    const acw = Number(c1Row['after_call_work_ms']);
    expect(rowOf(teamRows, bucketKey(team, at('23:30')))).toEqual({
      ...zeroTeam,
      key: bucketKey(team, at('23:30')),
      offered: 1,
      answered: 1,
      answered_within_threshold: 1,
      answered_wait_ms: 15_000,
      max_wait_ms: 15_000,
      handled: 1,
      talk_ms: 20 * 60_000 - 45_000,
      hold_ms: 45_000,
      after_call_work_ms: acw,
      successes: 1,
      qa_reviews: 1,
      qa_score_sum: 80,
    });
    expect(rowOf(teamRows, bucketKey(team, at('23:45')))).toEqual({
      ...zeroTeam,
      key: bucketKey(team, at('23:45')),
      offered: 3,
      answered: 1,
      answered_wait_ms: 30_000,
      abandoned: 2,
      short_abandoned: 1,
      abandoned_wait_ms: 73_000,
      max_wait_ms: 70_000,
      handled: 1,
      talk_ms: 240_000,
    });
    expect(rowOf(teamRows, bucketKey(team, next('00:00')))).toEqual({
      ...zeroTeam,
      key: bucketKey(team, next('00:00')),
      outbound: 1,
    });
    const c6Bucket = bucketKey(team, c6Row['created_at'] as string);
    expect(rowOf(teamRows, c6Bucket)).toMatchObject({ outbound: 1, handled: 0 });
    expect(rowOf(agentRows, bucketKey(ids.agent1, at('23:30')))).toMatchObject({
      answered: 1,
      answered_wait_ms: 15_000,
      handled: 1,
      talk_ms: 20 * 60_000 - 45_000,
      hold_ms: 45_000,
      after_call_work_ms: acw,
      successes: 1,
      qa_reviews: 1,
      qa_score_sum: 80,
      offers: 0,
    });
    expect(rowOf(agentRows, bucketKey(ids.agent2, c6Row['created_at'] as string))).toMatchObject({
      outbound: 1,
      handled: 0,
    });

    // The rebuild finds the same rows.
    await rebuild();
    expect(await snapshot(api)).toEqual({ team: teamRows, agent: agentRows });
  });

  it('counts offers, rejects and missed offers on the agent it rang at', async () => {
    const team = await createTeam(call, tokens.supervisor1, 'Rollups offers', [ids.agent3]);
    expect((await presence('agent3', 'available')).status).toBe(200);
    const queued = await call('POST', '/api/calls', {
      token: tokens.supervisor1,
      body: { teamId: team, from: '+15550100', to: '+15550199' },
    });
    const callId = queued.body.data.call.id;
    expect(queued.body.data.call.state).toBe('offered');
    expect((await act('agent3', callId, 'reject')).status).toBe(200);
    // Offered again once the reject window (the offer timeout, 1 s) has passed; then missed.
    await waitFor(
      () =>
        query<{ n: number }>(
          api,
          sql`select count(*)::int as n from call_events
                                          where call_id = ${callId} and type = 'missed'`,
        ),
      (rows) => rows[0]?.n === 1,
      10_000,
      'a missed offer',
    );
    expect((await presence('agent3', 'available')).status).toBe(200);
    await waitFor(
      () => call('GET', `/api/calls/${callId}`, { token: tokens.admin }),
      (response) => response.body.data.call.state === 'offered',
      10_000,
      'the third offer',
    );
    expect((await act('agent3', callId, 'answer')).status).toBe(200);
    expect((await act('agent3', callId, 'end')).status).toBe(200);
    expect((await act('agent3', callId, 'wrap-up', { disposition: 'callback' })).status).toBe(200);
    const row = await callRow(callId);
    const { team: teamRows, agent: agentRows } = await snapshot(api);
    expect(rowOf(teamRows, bucketKey(team, row['queued_at'] as string))).toMatchObject({
      offered: 1,
      answered: 1,
      answered_wait_ms: Number(row['wait_ms']),
      handled: 1,
      successes: 0,
    });
    expect(rowOf(agentRows, bucketKey(ids.agent3, row['queued_at'] as string))).toMatchObject({
      offers: 3,
      rejected: 1,
      missed: 1,
      answered: 1,
      handled: 1,
    });
    await presence('agent3', 'offline');
  });

  it('rebuilds exactly the rows the incremental updates wrote, on a randomized history', async () => {
    const seed = Number(process.env.STATS_SEED ?? 20261125);
    const random = mulberry32(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
    // A non-default threshold: the incremental path and the rebuild must both read the setting.
    const settings = await call('PUT', '/api/settings/organization', {
      token: tokens.admin,
      body: { timeZone: 'Europe/Paris', shortAbandonSeconds: 7 },
    });
    expect(settings.status).toBe(200);

    const pbxTeam = await createTeam(call, tokens.supervisor1, 'Rollups PBX', []);
    const acdTeam = await createTeam(call, tokens.supervisor1, 'Rollups ACD', [
      ids.agent4,
      ids.agent5,
    ]);
    const dispositions = ['resolved', 'sale', 'callback', 'escalated', 'not_resolved'];
    const completed: string[] = [];

    // PBX calls with explicit times across bucket boundaries, midnight and the DST change of
    // Europe/Paris (2026-03-29 01:00 UTC).
    const base = Date.parse('2026-03-28T22:00:00Z');
    for (let n = 0; n < 40; n++) {
      const callId = `r${seed}-${n}`;
      let t = base + between(0, 5 * 3600) * 1000;
      const iso = () => new Date(t).toISOString();
      const outbound = random() < 0.15;
      const created = await pbx({
        type: PbxEventType.Queued,
        occurredAt: iso(),
        callId,
        teamId: pbxTeam,
        direction: outbound ? 'outbound' : 'inbound',
      });
      const ourId = created.callId as string;
      const scenario = random();
      if (scenario < 0.1) continue; // still waiting
      if (scenario < 0.35) {
        // Half of the abandons around the short-abandon threshold (7 s).
        t += (random() < 0.5 ? between(0, 10) : between(0, 90)) * 1000 + between(0, 999);
        await pbx({ type: PbxEventType.Abandoned, occurredAt: iso(), callId });
        continue;
      }
      t += between(0, 90) * 1000 + between(0, 999);
      const agent = pick(['agent1', 'agent6', null] as const);
      await pbx({
        type: PbxEventType.Connected,
        occurredAt: iso(),
        callId,
        ...(agent ? { agentEmail: `${agent}@poscalls4u.test` } : {}),
      });
      if (random() < 0.4) {
        t += between(5, 300) * 1000;
        await pbx({ type: PbxEventType.Hold, occurredAt: iso(), callId });
        t += between(5, 200) * 1000;
        await pbx({ type: PbxEventType.Resumed, occurredAt: iso(), callId });
      }
      if (random() < 0.1) continue; // still talking
      t += between(10, 1500) * 1000;
      await pbx({ type: PbxEventType.Ended, occurredAt: iso(), callId });
      if (!agent) {
        completed.push(ourId);
      } else if (random() < 0.8) {
        const done = await act(agent, ourId, 'wrap-up', { disposition: pick(dispositions) });
        expect(done.status).toBe(200);
        completed.push(ourId);
      }
    }

    // Calls through the ACD and agent actions, on the server's clock.
    const agents = ['agent4', 'agent5'] as const;
    const reasons = ['lunch', 'short_break', 'training'];
    /**
     * Where the call rings. With `restore`, a call left waiting brings back the agents an offer
     * timed out on (1 s, while the test was elsewhere: after a transfer, say) so that it rings again.
     */
    const ringingAt = async (callId: string, restore = false) => {
      const view = (await call('GET', `/api/calls/${callId}`, { token: tokens.admin })).body.data
        .call;
      if (restore && view.state === 'queued') {
        const everyone = (await call('GET', '/api/presence', { token: tokens.admin })).body.data
          .items as { userId: string; status: string }[];
        for (const name of agents) {
          const status = everyone.find((one) => one.userId === ids[name])?.status;
          if (status === 'break') await presence(name, 'available');
        }
      }
      const name = agents.find((candidate) => ids[candidate] === view.agent?.id);
      return { state: view.state as string, agent: name };
    };
    let misses = 0;
    for (let n = 0; n < 14; n++) {
      for (const name of agents) {
        if (random() < 0.2) await presence(name, 'break', pick(reasons));
        await presence(name, 'available');
      }
      if (n >= 2 && random() < 0.25) {
        const name = pick(agents);
        const dialed = await call('POST', '/api/calls/outbound', {
          token: tokens[name],
          body: { teamId: acdTeam, to: '+15550123' },
        });
        expect(dialed.status).toBe(201);
        const callId = dialed.body.data.call.id;
        if (random() < 0.4) {
          expect((await act(name, callId, 'failed')).status).toBe(200);
        } else {
          expect((await act(name, callId, 'connected')).status).toBe(200);
          expect((await act(name, callId, 'end')).status).toBe(200);
          await act(name, callId, 'wrap-up', { disposition: pick(dispositions) });
          completed.push(callId);
        }
        continue;
      }
      const queued = await call('POST', '/api/calls', {
        token: tokens.supervisor1,
        body: { teamId: acdTeam, from: '+15550100', to: '+15550199' },
      });
      const callId = queued.body.data.call.id;
      let rejects = 0;
      let transfers = 0;
      for (;;) {
        const { state, agent } = await waitFor(
          () => ringingAt(callId, true),
          (value) => value.state === 'offered' && value.agent !== undefined,
          15_000,
          'an offer',
        );
        if (state !== 'offered' || !agent) break;
        // The first two calls start with a reject and a missed offer, whatever the seed.
        const forced = n === 0 && rejects === 0 ? 0 : n === 1 && misses === 0 ? 0.25 : undefined;
        const choice = forced ?? random();
        if (choice < 0.2 && rejects < 2) {
          rejects++;
          await act(agent, callId, 'reject');
        } else if (choice < 0.3 && misses < 2) {
          misses++;
          await waitFor(
            () => ringingAt(callId),
            (value) => value.state !== 'offered' || value.agent !== agent,
            10_000,
            'a missed offer',
          );
          await presence(agent, 'available');
        } else {
          const answered = await act(agent, callId, 'answer');
          if (answered.status === 409) {
            // The 1 s offer ran out first (a missed offer): the agent is back, it rings again.
            await presence(agent, 'available');
            continue;
          }
          expect(answered.status).toBe(200);
          if (random() < 0.3) {
            await act(agent, callId, 'hold');
            await act(agent, callId, 'resume');
          }
          // Transfers: back to the team's queue (rings again), to the other agent, to the PBX
          // team's queue (nobody there: it waits), or out to a number. Calls 2-5 do one of each.
          const transfer = (target: unknown) => act(agent, callId, 'transfer', { target });
          const how = n >= 2 && n <= 5 && transfers === 0 ? (n - 2) / 4 + 0.01 : random();
          if (transfers < 2 && how < 0.25) {
            transfers++;
            expect((await transfer({ type: 'queue', teamId: acdTeam })).status).toBe(200);
            continue;
          }
          if (transfers < 2 && how < 0.5) {
            const other = agents.find((candidate) => candidate !== agent) as string;
            const moved = await transfer({ type: 'agent', agentId: ids[other] });
            expect([200, 409]).toContain(moved.status);
            if (moved.status === 200) {
              transfers++;
              continue;
            }
          } else if (how < 0.75 && transfers < 2) {
            expect((await transfer({ type: 'queue', teamId: pbxTeam })).status).toBe(200);
            break;
          } else if (how < 1 && transfers < 2) {
            expect((await transfer({ type: 'number', to: '+15550177' })).status).toBe(200);
            completed.push(callId);
            break;
          }
          expect((await act(agent, callId, 'end')).status).toBe(200);
          await act(agent, callId, 'wrap-up', { disposition: pick(dispositions) });
          completed.push(callId);
          break;
        }
      }
    }
    // Consults: one completed to the other agent (a transfer out of the first agent's segment
    // and into the second's), one cancelled (the first agent keeps the caller).
    for (const outcome of ['complete', 'cancel'] as const) {
      for (const name of agents) await presence(name, 'available');
      const queued = await call('POST', '/api/calls', {
        token: tokens.supervisor1,
        body: { teamId: acdTeam, from: '+15550100', to: '+15550199' },
      });
      const callId = queued.body.data.call.id;
      const { agent } = await waitFor(
        () => ringingAt(callId, true),
        (value) => value.state === 'offered' && value.agent !== undefined,
        15_000,
        'an offer',
      );
      if (!agent) throw new Error('no offer');
      expect((await act(agent, callId, 'answer')).status).toBe(200);
      const other = agents.find((candidate) => candidate !== agent) as string;
      const target = { type: 'agent', agentId: ids[other] };
      expect((await act(agent, callId, 'consult', { target })).status).toBe(200);
      expect((await act(agent, callId, `consult/${outcome}`)).status).toBe(200);
      const handler = outcome === 'complete' ? other : agent;
      expect((await act(handler, callId, 'end')).status).toBe(200);
      await act(handler, callId, 'wrap-up', { disposition: pick(dispositions) });
      completed.push(callId);
    }
    // Conferences: a consult merged, then the call's agent leaves. To the other agent on it: the
    // call passes to them (the leaver's segment closes as a transfer's); with only an outside
    // party on: the call leaves the platform (as a transfer to a number).
    for (const with_ of ['agent', 'number'] as const) {
      for (const name of agents) await presence(name, 'available');
      const queued = await call('POST', '/api/calls', {
        token: tokens.supervisor1,
        body: { teamId: acdTeam, from: '+15550100', to: '+15550199' },
      });
      const callId = queued.body.data.call.id;
      const { agent } = await waitFor(
        () => ringingAt(callId, true),
        (value) => value.state === 'offered' && value.agent !== undefined,
        15_000,
        'an offer',
      );
      if (!agent) throw new Error('no offer');
      expect((await act(agent, callId, 'answer')).status).toBe(200);
      const other = agents.find((candidate) => candidate !== agent) as string;
      const target =
        with_ === 'agent'
          ? { type: 'agent', agentId: ids[other] }
          : { type: 'number', to: '+15550177' };
      expect((await act(agent, callId, 'consult', { target })).status).toBe(200);
      expect((await act(agent, callId, 'conference')).status).toBe(200);
      expect((await act(agent, callId, 'conference/leave')).status).toBe(200);
      if (with_ === 'agent') {
        expect((await act(other, callId, 'end')).status).toBe(200);
        await act(other, callId, 'wrap-up', { disposition: pick(dispositions) });
      }
      completed.push(callId);
    }
    for (const callId of completed) {
      if (random() < 0.4) {
        const reviewed = await call('POST', `/api/calls/${callId}/qa-reviews`, {
          token: tokens.admin,
          body: { score: between(0, 100) },
        });
        expect(reviewed.status).toBe(201);
      }
    }

    // Quiet: nobody available, nothing ringing, so nothing moves between the snapshot and the rebuild.
    for (const name of agents) await presence(name, 'offline');
    await waitFor(
      () =>
        query<{ n: number }>(
          api,
          sql`select count(*)::int as n from calls where state = 'offered'`,
        ),
      (rows) => rows[0]?.n === 0,
      10_000,
      'no call ringing',
    );
    const incremental = await snapshot(api);
    // Spoil the rollups: the rebuild must recompute them from the raw data, not keep them.
    await query(api, sql`update team_interval_stats set offered = offered + 100`);
    await query(api, sql`delete from agent_interval_stats`);
    const summary = await rebuild();
    const rebuilt = await snapshot(api);
    expect(summary).toMatchObject({
      teamRows: rebuilt.team.length,
      agentRows: rebuilt.agent.length,
    });
    // Enough happened for the comparison to mean something.
    const total = (rows: Row[], column: string) =>
      rows.reduce((sum, row) => sum + Number(row[column] ?? 0), 0);
    for (const column of [
      'short_abandoned',
      'abandoned',
      'answered_within_threshold',
      'qa_reviews',
      'outbound',
      'successes',
      'hold_ms',
      'transfers_in',
      'transfers_out',
    ]) {
      expect({ column, total: total(incremental.team, column) > 0 }).toEqual({
        column,
        total: true,
      });
    }
    for (const column of [
      'offers',
      'rejected',
      'missed',
      'available_ms',
      'on_call_ms',
      'wrap_up_ms',
      'break_ms',
      'transfers_out',
    ]) {
      expect({ column, total: total(incremental.agent, column) > 0 }).toEqual({
        column,
        total: true,
      });
    }
    expect(rebuilt).toEqual(incremental);
  }, 120_000);

  it('keeps organisation settings for admins only, validated', async () => {
    const read = await call('GET', '/api/settings/organization', { token: tokens.admin });
    expect(read.status).toBe(200);
    expect(read.body.data.settings).toEqual({
      timeZone: expect.any(String),
      shortAbandonSeconds: expect.any(Number),
      showAssistToAgents: true,
      chatRetentionDays: null,
    });
    for (const name of ['supervisor1', 'agent1']) {
      const refused = await call('GET', '/api/settings/organization', { token: tokens[name] });
      expect(refused.status).toBe(403);
      const put = await call('PUT', '/api/settings/organization', {
        token: tokens[name],
        body: { timeZone: 'UTC', shortAbandonSeconds: 5 },
      });
      expect(put.status).toBe(403);
    }
    expect((await call('GET', '/api/settings/organization')).status).toBe(401);

    const bad = [
      { timeZone: 'Mars/Olympus_Mons', shortAbandonSeconds: 5 },
      { timeZone: '+01:00', shortAbandonSeconds: 5 },
      { timeZone: '', shortAbandonSeconds: 5 },
      { timeZone: 'UTC', shortAbandonSeconds: 61 },
      { timeZone: 'UTC', shortAbandonSeconds: -1 },
      { timeZone: 'UTC', shortAbandonSeconds: 2.5 },
      { timeZone: 'UTC' },
      { shortAbandonSeconds: 5 },
    ];
    for (const body of bad) {
      const refused = await call('PUT', '/api/settings/organization', {
        token: tokens.admin,
        body,
      });
      expect({ body, status: refused.status, code: refused.body.error?.code }).toEqual({
        body,
        status: 400,
        code: 'VALIDATION_ERROR',
      });
    }

    const saved = await call('PUT', '/api/settings/organization', {
      token: tokens.admin,
      body: { timeZone: 'america/new_york', shortAbandonSeconds: 0 },
    });
    expect(saved.status).toBe(200);
    // showAssistToAgents, left out, keeps its value (on by default).
    const stored = {
      timeZone: 'America/New_York',
      shortAbandonSeconds: 0,
      showAssistToAgents: true,
      chatRetentionDays: null,
    };
    expect(saved.body.data.settings).toEqual(stored);
    expect(
      (await call('GET', '/api/settings/organization', { token: tokens.admin })).body.data.settings,
    ).toEqual(stored);
    const refused = await call('PUT', '/api/settings/organization', {
      token: tokens.admin,
      body: { ...stored, showAssistToAgents: 'yes' },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0].field).toBe('showAssistToAgents');
  });

  it('splits a closed presence interval at the 15-minute boundaries', async () => {
    const db = api.app.get<Database>(DATABASE);
    const [interval] = await query<{ id: string }>(
      api,
      sql`insert into presence_intervals (user_id, status, started_at)
          values (${ids.agent6}, 'break', '2026-01-05T10:10:00.250Z') returning id`,
    );
    await api.app.get(StatsRollups).closePresenceInterval(
      db,
      sql`update presence_intervals set ended_at = '2026-01-05T10:40:00Z'
          where id = ${interval?.id} returning user_id, status, started_at, ended_at`,
    );
    const { agent } = await snapshot(api);
    const breakMs = (time: string) =>
      rowOf(agent, bucketKey(ids.agent6, `2026-01-05T${time}Z`))['break_ms'];
    expect([breakMs('10:00'), breakMs('10:15'), breakMs('10:30')]).toEqual([
      4 * 60_000 + 59_750,
      15 * 60_000,
      10 * 60_000,
    ]);
  });
});

/** A small seeded PRNG: the same seed drives the same history (STATS_SEED=<n> to try another). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
