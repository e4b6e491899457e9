import { sql } from 'drizzle-orm';

import { PbxCallEvent, PbxEventType } from '@poscalls4u/contracts';
import { DATABASE, Database } from '@poscalls4u/server-database';

import { CallsService } from '../src/calls/calls.service';
import { StatsRebuildService } from '../src/stats/rollups/stats-rebuild.service';
import { StatsRollups } from '../src/stats/rollups/stats-rollups';
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
               after_call_work_ms, outbound, successes, qa_reviews, qa_score_sum
        from team_interval_stats order by team_id, bucket_start`,
  );
  const agent = await query<Record<string, unknown>>(
    api,
    sql`select user_id || ' ' || to_char(bucket_start at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI') as key,
               answered, answered_wait_ms, handled, talk_ms, hold_ms, after_call_work_ms, outbound,
               successes, offers, missed, rejected, qa_reviews, qa_score_sum, available_ms,
               on_call_ms, wrap_up_ms, break_ms
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
    const result = await api.app
      .get(CallsService)
      .ingestPbxEvent(integrationId, { id: `e${++eventSeq}`, ...event });
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
    integrationId = created.body.data.id;
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
    expect((await act('agent2', c6.body.data.id, 'failed')).status).toBe(200);

    const c1Row = await callRow(c1);
    const c6Row = await callRow(c6.body.data.id);
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
    const callId = queued.body.data.id;
    expect(queued.body.data.state).toBe('offered');
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
      (response) => response.body.data.state === 'offered',
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
