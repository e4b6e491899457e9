import { sql } from 'drizzle-orm';

import { SIGNATURE_HEADER } from '@poscalls4u/contracts';
import { signatureHeader } from '@poscalls4u/server-integrations';

import { Call, createTeam, query, signInAll } from './support/calls';
import { DATABASES, TestApi, apiClient, startTestApi } from './support/test-api';

/** Access rules, validation, CSV export and breakdowns of the statistics routes. */
describe.each(DATABASES)('statistics on %s', (kind) => {
  let api: TestApi;
  let call: Call;
  let tokens: Record<string, string>;
  let ids: Record<string, string>;
  let teamA: string;
  let teamB: string;
  let integration: { id: string; secret: string };

  const get = (path: string, name: string, headers?: Record<string, string>) =>
    call('GET', path, { token: tokens[name], headers });

  /** Posts PBX events, signed; every one must be applied. */
  async function pbx(events: Record<string, unknown>[]): Promise<void> {
    const body = JSON.stringify(events);
    const response = await call('POST', `/api/integrations/${integration.id}/call-events`, {
      rawBody: body,
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: signatureHeader(integration.secret, body),
      },
    });
    expect(response.status).toBe(200);
    for (const result of response.body.data.results) expect(result.outcome).toBe('applied');
  }

  /** A PBX call of `teamId` that arrives at `at`, answered by `agent` after 10 s, talked 60 s. */
  const answered = (name: string, teamId: string, at: Date, agentEmail: string) => [
    { id: `${name}-q`, type: 'call.queued', callId: name, teamId, occurredAt: at.toISOString() },
    {
      id: `${name}-c`,
      type: 'call.connected',
      callId: name,
      agentEmail,
      occurredAt: new Date(at.getTime() + 10_000).toISOString(),
    },
    {
      id: `${name}-e`,
      type: 'call.ended',
      callId: name,
      occurredAt: new Date(at.getTime() + 70_000).toISOString(),
    },
  ];
  const abandoned = (name: string, teamId: string, at: Date, afterSeconds: number) => [
    { id: `${name}-q`, type: 'call.queued', callId: name, teamId, occurredAt: at.toISOString() },
    {
      id: `${name}-a`,
      type: 'call.abandoned',
      callId: name,
      occurredAt: new Date(at.getTime() + afterSeconds * 1000).toISOString(),
    },
  ];

  // Yesterday at 10:00 UTC (the organisation's zone is UTC here): a day with history.
  const day = new Date(Date.now() - 86_400_000);
  const dayStart = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()));
  const dayDate = dayStart.toISOString().slice(0, 10);
  const at = (hours: number, minutes = 0) =>
    new Date(dayStart.getTime() + (hours * 60 + minutes) * 60_000);

  beforeAll(async () => {
    api = await startTestApi(kind, { DEMO_SEED: 'true' });
    call = apiClient(api.baseUrl);
    ({ tokens, ids } = await signInAll(call, [
      'admin',
      'supervisor1',
      'supervisor2',
      'agent1',
      'agent2',
      'agent3',
    ]));
    teamA = await createTeam(call, tokens.supervisor1, 'Stats A', [ids.agent1, ids.agent2]);
    teamB = await createTeam(call, tokens.supervisor2, 'Stats B', [ids.agent3]);
    integration = (
      await call('POST', '/api/integrations', { token: tokens.admin, body: { name: 'Stats PBX' } })
    ).body.data.integration;
    await pbx([
      ...answered('a1', teamA, at(10), 'agent1@poscalls4u.test'),
      ...answered('a2', teamA, at(11), 'agent2@poscalls4u.test'),
      ...abandoned('a3', teamA, at(12), 30),
      ...answered('b1', teamB, at(10), 'agent3@poscalls4u.test'),
    ]);
    // The agents wrap their calls up (now): the calls are then handled.
    for (const [name, externalId] of [
      ['agent1', 'a1'],
      ['agent2', 'a2'],
      ['agent3', 'b1'],
    ] as const) {
      const [row] = await query<{ id: string }>(
        api,
        sql`select id from calls where external_id = ${externalId}`,
      );
      const done = await call('POST', `/api/calls/${row?.id}/wrap-up`, {
        token: tokens[name],
        body: { disposition: name === 'agent2' ? 'callback' : 'resolved' },
      });
      expect(done.status).toBe(200);
    }
  });
  afterAll(() => api?.close());

  describe('access', () => {
    const range = () => `from=${dayDate}&to=${dayDate}&interval=1h`;

    it('a team report: its supervisors and admins; others get 404', async () => {
      expect((await get(`/api/stats/teams/${teamA}?${range()}`, 'supervisor1')).status).toBe(200);
      expect((await get(`/api/stats/teams/${teamA}?${range()}`, 'admin')).status).toBe(200);
      for (const name of ['supervisor2', 'agent1']) {
        const refused = await get(`/api/stats/teams/${teamA}?${range()}`, name);
        expect(refused.status).toBe(404);
        expect(refused.body.error.code).toBe('NOT_FOUND');
      }
      const unknown = '00000000-0000-4000-8000-000000000000';
      expect((await get(`/api/stats/teams/${unknown}?${range()}`, 'admin')).status).toBe(404);
      expect((await get(`/api/stats/teams/nope?${range()}`, 'admin')).status).toBe(400);
    });

    it('an agent report: an agent only their own; a supervisor their teams’ agents', async () => {
      expect((await get(`/api/stats/agents/${ids.agent1}?${range()}`, 'agent1')).status).toBe(200);
      expect((await get(`/api/stats/agents/${ids.agent2}?${range()}`, 'agent1')).status).toBe(404);
      expect((await get(`/api/stats/agents/${ids.agent1}?${range()}`, 'supervisor1')).status).toBe(
        200,
      );
      expect((await get(`/api/stats/agents/${ids.agent1}?${range()}`, 'supervisor2')).status).toBe(
        404,
      );
      expect((await get(`/api/stats/agents/${ids.agent3}?${range()}`, 'admin')).status).toBe(200);
    });

    it('the dashboard: center for admins, own teams for supervisors, own figures for agents', async () => {
      const center = (await get('/api/stats/dashboard', 'admin')).body.data.dashboard;
      expect(center.scope).toBe('center');
      expect(center.teams.map((t: { teamId: string }) => t.teamId)).toEqual(
        expect.arrayContaining([teamA, teamB]),
      );
      const supervisor = (await get('/api/stats/dashboard', 'supervisor1')).body.data.dashboard;
      expect(supervisor.scope).toBe('teams');
      expect(supervisor.teams.map((t: { teamId: string }) => t.teamId)).toEqual([teamA]);
      expect(supervisor.agents.map((a: { userId: string }) => a.userId).sort()).toEqual(
        [ids.agent1, ids.agent2].sort(),
      );
      expect(supervisor.intervals.length).toBeGreaterThanOrEqual(92);
      const agent = (await get('/api/stats/dashboard', 'agent1')).body.data.dashboard;
      expect(agent.scope).toBe('agent');
      expect(agent.agents).toEqual([]);
      expect(agent.teams).toEqual([]);
      expect(agent.alerts).toEqual([]);
    });

    it('call statistics: filters are limited to what the caller may see', async () => {
      const base = `/api/stats/calls?${range()}`;
      expect((await get(`${base}&teamId=${teamA}`, 'supervisor2')).status).toBe(404);
      expect((await get(`${base}&agentId=${ids.agent2}`, 'agent1')).status).toBe(404);
      expect((await get(`${base}&teamId=${teamA}`, 'agent1')).status).toBe(404);
      const own = (await get(base, 'supervisor2')).body.data.report;
      expect(own.totals.offered).toBe(1);
      const agent = (await get(base, 'agent1')).body.data.report;
      // An agent's own figures: their answered call, no queue figures.
      expect(agent.totals).toMatchObject({ answered: 1, offered: 0, serviceLevelPercent: null });
    });

    it('alert thresholds: supervisors of the team and admins; agents refused', async () => {
      const path = `/api/teams/${teamA}/alert-thresholds`;
      const defaults = await call('GET', path, { token: tokens.supervisor1 });
      expect(defaults.status).toBe(200);
      expect(defaults.body.data.thresholds).toEqual({
        serviceLevelBelowPercent: 80,
        callWaitingLongerThanSeconds: 60,
        agentOnBreakLongerThanMinutes: 15,
      });
      const put = await call('PUT', path, {
        token: tokens.supervisor1,
        body: { callWaitingLongerThanSeconds: 90, agentOnBreakLongerThanMinutes: null },
      });
      expect(put.body.data.thresholds).toEqual({
        serviceLevelBelowPercent: 80,
        callWaitingLongerThanSeconds: 90,
        agentOnBreakLongerThanMinutes: null,
      });
      expect((await call('GET', path, { token: tokens.admin })).body.data).toEqual(put.body.data);
      expect(Object.keys(put.body.data)).toEqual(['thresholds']);
      expect((await call('GET', path, { token: tokens.supervisor2 })).status).toBe(404);
      expect((await call('GET', path, { token: tokens.agent1 })).status).toBe(403);
      const bad = await call('PUT', path, {
        token: tokens.supervisor1,
        body: { serviceLevelBelowPercent: 120 },
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details[0].field).toBe('serviceLevelBelowPercent');
    });
  });

  describe('no range: today so far', () => {
    it('answers 200 for today, by 15 minutes, and states the range used', async () => {
      const before = Date.now();
      const midnight = new Date(Math.floor(before / 86_400_000) * 86_400_000);
      for (const path of [
        `/api/stats/teams/${teamA}`,
        `/api/stats/agents/${ids.agent1}`,
        '/api/stats/calls',
      ]) {
        const response = await get(path, 'admin');
        expect([path, response.status]).toEqual([path, 200]);
        const report = response.body.data.report;
        expect(report).toMatchObject({
          timeZone: 'UTC',
          interval: '15m',
          from: midnight.toISOString().replace('.000Z', 'Z'),
        });
        // `to` is now, as the end of the current 15-minute interval.
        const to = new Date(report.to).getTime();
        expect(to).toBeGreaterThan(before);
        expect(to).toBeLessThanOrEqual(Date.now() + 15 * 60_000);
        expect(report.series).toHaveLength((to - midnight.getTime()) / (15 * 60_000));
        expect(report.totals).toEqual(expect.objectContaining({ offered: expect.any(Number) }));
      }
      // A range still works as before, and an interval alone applies to today.
      const hourly = (await get(`/api/stats/teams/${teamA}?interval=1h`, 'admin')).body.data.report;
      expect(hourly.interval).toBe('1h');
      expect(hourly.from).toBe(midnight.toISOString().replace('.000Z', 'Z'));
    });
  });

  describe('validation', () => {
    it.each([
      ['from after to', 'from=2026-03-10&to=2026-03-01', 'from'],
      ['more than 400 days', 'from=2025-01-01&to=2026-03-01', 'to'],
      ['an unknown interval', 'from=2026-03-01&to=2026-03-02&interval=2h', 'interval'],
      ['an unknown groupBy', 'from=2026-03-01&to=2026-03-02&groupBy=queue', 'groupBy'],
      ['a bad date', 'from=2026-02-30&to=2026-03-02', 'from'],
      ['not a date', 'from=yesterday&to=2026-03-02', 'from'],
      ['a local time without offset', 'from=2026-03-01T10:00&to=2026-03-02', 'from'],
      ['a from after now, without to (to is now)', 'from=2999-01-01', 'from'],
      ['a bad team id', 'from=2026-03-01&to=2026-03-02&teamId=x', 'teamId'],
      ['too many points', 'from=2025-03-01&to=2026-03-01&interval=15m', 'interval'],
    ])('refuses %s with 400 naming the field', async (_what, search, field) => {
      for (const path of ['/api/stats/calls', `/api/stats/teams/${teamA}`]) {
        if (path !== '/api/stats/calls' && /groupBy|teamId/.test(search)) continue;
        const response = await get(`${path}?${search}`, 'admin');
        expect(response.status).toBe(400);
        expect(response.body.success).toBe(false);
        expect(response.body.error.code).toBe('VALIDATION_ERROR');
        expect(response.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
      }
    });

    it('refuses a bad range for the CSV export too, in the envelope', async () => {
      const response = await get(
        '/api/stats/calls?from=2026-03-10&to=2026-03-01&format=csv',
        'admin',
      );
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_ERROR');
    });
  });

  describe('breakdowns', () => {
    const base = () => `/api/stats/calls?from=${dayDate}&to=${dayDate}&interval=1h`;

    it('by team: one row per team with its figures', async () => {
      const view = (await get(`${base()}&groupBy=team`, 'admin')).body.data.report;
      expect(view.groupBy).toBe('team');
      const byTeam = Object.fromEntries(
        view.breakdown.map((row: { key: string; figures: unknown }) => [row.key, row.figures]),
      );
      expect(byTeam[teamA]).toMatchObject({ offered: 3, answered: 2, abandoned: 1, handled: 2 });
      expect(byTeam[teamB]).toMatchObject({ offered: 1, answered: 1, abandoned: 0, handled: 1 });
      expect(view.series).toHaveLength(24);
      expect(view.totals.offered).toBeGreaterThanOrEqual(4);
    });

    it('by agent, by direction and by disposition', async () => {
      const byAgent = (await get(`${base()}&groupBy=agent&teamId=${teamA}`, 'supervisor1')).body
        .data.report.breakdown;
      expect(byAgent.map((row: { key: string }) => row.key).sort()).toEqual(
        [ids.agent1, ids.agent2].sort(),
      );
      for (const row of byAgent) expect(row.figures).toMatchObject({ answered: 1, handled: 1 });

      const byDirection = (await get(`${base()}&groupBy=direction&teamId=${teamA}`, 'supervisor1'))
        .body.data.report.breakdown;
      expect(byDirection).toEqual([
        expect.objectContaining({
          key: 'inbound',
          figures: expect.objectContaining({ offered: 3, answered: 2, abandoned: 1, handled: 2 }),
        }),
      ]);

      const byDisposition = (
        await get(`${base()}&groupBy=disposition&teamId=${teamA}`, 'supervisor1')
      ).body.data.report.breakdown;
      const handled = byDisposition.reduce(
        (sum: number, row: { figures: { handled: number } }) => sum + row.figures.handled,
        0,
      );
      expect(handled).toBe(2);
      expect(byDisposition.map((row: { key: string }) => row.key)).toEqual(
        expect.arrayContaining(['', 'callback', 'resolved']),
      );
    });
  });

  describe('CSV export', () => {
    it('streams one row per call with the documented columns, as an attachment', async () => {
      const path = `/api/stats/calls?from=${dayDate}&to=${dayDate}&format=csv&teamId=${teamA}`;
      const response = await fetch(`${api.baseUrl}${path}`, {
        headers: { authorization: `Bearer ${tokens.supervisor1}` },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="calls-/);
      const lines = (await response.text()).trim().split('\n');
      expect(lines[0]).toBe(
        'id,team,agent,direction,from,to,state,queued_at_local,queued_at,answered_at_local,answered_at,ended_at_local,ended_at,completed_at_local,completed_at,wait_seconds,ring_seconds,talk_seconds,hold_seconds,after_call_work_seconds,disposition,success,qa_average',
      );
      expect(lines).toHaveLength(4);
      const first = lines[1]?.split(',') ?? [];
      expect(first[1]).toBe('Stats A');
      expect(first[3]).toBe('inbound');
      expect(first[6]).toBe('completed');
      expect(first[8]).toBe(at(10).toISOString());
      expect(first[7]).toBe(at(10).toISOString().slice(0, 19).replace('T', ' '));
      expect(first[15]).toBe('10');
      expect(first[17]).toBe('60');
      expect(lines[3]?.split(',')[6]).toBe('abandoned');
    });

    it('answers Accept: text/csv the same way, and agents get only their own calls', async () => {
      const path = `/api/stats/calls?from=${dayDate}&to=${dayDate}`;
      const response = await fetch(`${api.baseUrl}${path}`, {
        headers: { authorization: `Bearer ${tokens.agent1}`, accept: 'text/csv' },
      });
      expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
      const lines = (await response.text()).trim().split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[1]).toContain('Amara Okafor');
    });

    it('streams a large range in pages, every call once, in arrival order', async () => {
      // 12,345 calls over 30 days, written straight into the table: the export reads calls.
      await query(
        api,
        sql`insert into calls (team_id, direction, state, from_number, to_number, queued_at, wait_ms)
            select ${teamB}::uuid, 'inbound', 'abandoned', '+1555' || n, '+15550199',
                   now() - interval '40 days' + n * interval '200 seconds', 1000
            from generate_series(1, 12345) n`,
      );
      const from = new Date(Date.now() - 41 * 86_400_000).toISOString().slice(0, 10);
      const to = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
      const response = await fetch(
        `${api.baseUrl}/api/stats/calls?from=${from}&to=${to}&format=csv&teamId=${teamB}`,
        { headers: { authorization: `Bearer ${tokens.admin}` } },
      );
      expect(response.status).toBe(200);
      const lines = (await response.text()).trim().split('\n').slice(1);
      expect(lines).toHaveLength(12_345);
      expect(new Set(lines.map((line) => line.split(',')[0])).size).toBe(12_345);
      const queued = lines.map((line) => line.split(',')[8] ?? '');
      expect([...queued].sort()).toEqual(queued);
    });
  });
});
