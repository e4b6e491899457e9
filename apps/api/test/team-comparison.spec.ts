import { sql } from 'drizzle-orm';

import { Permission, SIGNATURE_HEADER } from '@poscalls4u/contracts';
import { signatureHeader } from '@poscalls4u/server-integrations';

import { Call, createTeam, query, signInAll } from './support/calls';
import { DATABASES, TestApi, apiClient, startTestApi } from './support/test-api';

const kind = DATABASES[DATABASES.length - 1] ?? 'pglite';

/**
 * GET /api/stats/teams/compare: it wins over GET /api/stats/teams/:id, ranks the teams and sets
 * them against their average, keeps supervisors to their teams, and exports CSV.
 */
describe(`team comparison on ${kind}`, () => {
  let api: TestApi;
  let call: Call;
  let tokens: Record<string, string>;
  let ids: Record<string, string>;
  let teamA: string;
  let teamB: string;
  let teamW: string;

  const get = (path: string, name: string, headers?: Record<string, string>) =>
    call('GET', path, { token: tokens[name], headers });

  // Yesterday (the organisation's zone is UTC here): a day with history.
  const day = new Date(Date.now() - 86_400_000);
  const dayStart = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()));
  const dayDate = dayStart.toISOString().slice(0, 10);
  const at = (hours: number) => new Date(dayStart.getTime() + hours * 3_600_000);
  const range = `from=${dayDate}&to=${dayDate}`;

  const answered = (name: string, teamId: string, when: Date, agentEmail: string) => [
    { id: `${name}-q`, type: 'call.queued', callId: name, teamId, occurredAt: when.toISOString() },
    {
      id: `${name}-c`,
      type: 'call.connected',
      callId: name,
      agentEmail,
      occurredAt: new Date(when.getTime() + 10_000).toISOString(),
    },
    {
      id: `${name}-e`,
      type: 'call.ended',
      callId: name,
      occurredAt: new Date(when.getTime() + 70_000).toISOString(),
    },
  ];

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
    teamA = await createTeam(call, tokens.supervisor1, 'Compare A', [ids.agent1, ids.agent2]);
    teamB = await createTeam(call, tokens.supervisor2, 'Compare B', [ids.agent3]);
    // W: supervisor1 supervises it too, but its profile withholds the statistics from supervisors.
    teamW = await createTeam(call, tokens.admin, 'Compare W', []);
    const member = await call('POST', `/api/teams/${teamW}/members`, {
      token: tokens.admin,
      body: { userId: ids.supervisor1, role: 'supervisor' },
    });
    expect(member.status).toBe(201);
    const profile = await call('PUT', `/api/teams/${teamW}/security-profile`, {
      token: tokens.admin,
      body: {
        agents: { grant: [], withhold: [] },
        supervisors: { grant: [], withhold: [Permission.StatsTeam] },
      },
    });
    expect(profile.status).toBe(200);

    const integration = (
      await call('POST', '/api/integrations', {
        token: tokens.admin,
        body: { name: 'Compare PBX' },
      })
    ).body.data.integration;
    // A: 2 answered, 1 abandoned after 30 s; B: 1 answered.
    const events = [
      ...answered('ca1', teamA, at(10), 'agent1@poscalls4u.test'),
      ...answered('ca2', teamA, at(11), 'agent2@poscalls4u.test'),
      {
        id: 'ca3-q',
        type: 'call.queued',
        callId: 'ca3',
        teamId: teamA,
        occurredAt: at(12).toISOString(),
      },
      {
        id: 'ca3-a',
        type: 'call.abandoned',
        callId: 'ca3',
        occurredAt: new Date(at(12).getTime() + 30_000).toISOString(),
      },
      ...answered('cb1', teamB, at(10), 'agent3@poscalls4u.test'),
    ];
    const body = JSON.stringify(events);
    const posted = await call('POST', `/api/integrations/${integration.id}/call-events`, {
      rawBody: body,
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: signatureHeader(integration.secret, body),
      },
    });
    expect(posted.status).toBe(200);
    for (const [name, externalId] of [
      ['agent1', 'ca1'],
      ['agent2', 'ca2'],
      ['agent3', 'cb1'],
    ] as const) {
      const [row] = await query<{ id: string }>(
        api,
        sql`select id from calls where external_id = ${externalId}`,
      );
      const done = await call('POST', `/api/calls/${row?.id}/wrap-up`, {
        token: tokens[name],
        body: { disposition: 'resolved' },
      });
      expect(done.status).toBe(200);
    }
  });
  afterAll(() => api?.close());

  it('wins over /api/stats/teams/:id, which still answers a team report', async () => {
    const compared = await get(`/api/stats/teams/compare?teamIds=${teamA}&${range}`, 'supervisor1');
    expect(compared.status).toBe(200);
    expect(Object.keys(compared.body.data)).toEqual(['comparison']);
    const report = await get(`/api/stats/teams/${teamA}?${range}`, 'supervisor1');
    expect(report.status).toBe(200);
    expect(report.body.data.report.totals.offered).toBe(3);
  });

  it('ranks the teams per KPI and sets them against the average (admin, any teams)', async () => {
    const response = await get(
      `/api/stats/teams/compare?teamIds=${teamB},${teamA}&${range}`,
      'admin',
    );
    expect(response.status).toBe(200);
    const comparison = response.body.data.comparison;
    expect(comparison.timeZone).toBe('UTC');
    expect(comparison.from).toContain(dayDate);
    // In the order asked.
    expect(comparison.teams.map((t: { teamId: string }) => t.teamId)).toEqual([teamB, teamA]);
    const [b, a] = comparison.teams;
    expect(a.name).toBe('Compare A');
    expect(a.kpis.offered).toEqual({ value: 3, rank: 1, differenceFromAverage: 1 });
    expect(b.kpis.offered).toEqual({ value: 1, rank: 2, differenceFromAverage: -1 });
    expect(comparison.averages.offered).toBe(2);
    // Lower is better for abandonment: B (0 %) first, A (33.33 %) second.
    expect(a.kpis.abandonmentRatePercent).toMatchObject({ value: 33.33, rank: 2 });
    expect(b.kpis.abandonmentRatePercent).toMatchObject({ value: 0, rank: 1 });
    expect(a.kpis.abandonmentRatePercent.differenceFromAverage).toBeCloseTo(16.67, 1);
    // Equal ASA (10 s each): a shared rank.
    expect(a.kpis.asaSeconds).toEqual({ value: 10, rank: 1, differenceFromAverage: 0 });
    expect(b.kpis.asaSeconds).toEqual({ value: 10, rank: 1, differenceFromAverage: 0 });
    // No QA review: no value, no rank.
    expect(a.kpis.averageQaScore).toEqual({ value: null, rank: null, differenceFromAverage: null });
    expect(a.figures.answered).toBe(2);
    expect(comparison.kpis).toContainEqual({ key: 'ahtSeconds', better: 'lower' });
  });

  it('keeps a supervisor to the teams they supervise: 404 another team, 403 a withheld one', async () => {
    const other = await get(
      `/api/stats/teams/compare?teamIds=${teamA},${teamB}&${range}`,
      'supervisor1',
    );
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('NOT_FOUND');
    const withheld = await get(
      `/api/stats/teams/compare?teamIds=${teamA},${teamW}&${range}`,
      'supervisor1',
    );
    expect(withheld.status).toBe(403);
    expect(withheld.body.error.code).toBe('FORBIDDEN');
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await get(`/api/stats/teams/compare?teamIds=${unknown}`, 'admin')).status).toBe(404);
    expect((await get(`/api/stats/teams/compare?teamIds=${teamA}`, 'agent1')).status).toBe(403);
    expect((await call('GET', `/api/stats/teams/compare?teamIds=${teamA}`)).status).toBe(401);
  });

  it('refuses bad input with a 400 naming the field', async () => {
    const many = Array.from({ length: 21 }, () => teamA).join(',');
    for (const [path, field] of [
      ['/api/stats/teams/compare', 'teamIds'],
      ['/api/stats/teams/compare?teamIds=nope', 'teamIds'],
      [`/api/stats/teams/compare?teamIds=${many}`, 'teamIds'],
      [`/api/stats/teams/compare?teamIds=${teamA}&from=yesterday`, 'from'],
      [`/api/stats/teams/compare?teamIds=${teamA}&format=xml`, 'format'],
    ] as const) {
      const response = await get(path, 'admin');
      expect({ path, status: response.status }).toEqual({ path, status: 400 });
      expect(response.body.error.code).toBe('VALIDATION_ERROR');
      expect(JSON.stringify(response.body.error)).toContain(field);
    }
  });

  it('defaults to today so far', async () => {
    const response = await get(`/api/stats/teams/compare?teamIds=${teamA}`, 'supervisor1');
    expect(response.status).toBe(200);
    const today = new Date().toISOString().slice(0, 10);
    expect(response.body.data.comparison.from.slice(0, 10)).toBe(today);
    expect(response.body.data.comparison.teams[0].kpis.offered.value).toBe(0);
  });

  it('exports CSV with format=csv or Accept: text/csv', async () => {
    for (const [suffix, headers] of [
      ['&format=csv', undefined],
      ['', { accept: 'text/csv' }],
    ] as const) {
      const response = await get(
        `/api/stats/teams/compare?teamIds=${teamA},${teamB}&${range}${suffix}`,
        'admin',
        headers,
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/csv');
      expect(response.headers.get('content-disposition')).toContain('team-comparison-');
      const lines = String(response.body).trim().split('\n');
      expect(lines).toHaveLength(4);
      expect(lines[0]).toMatch(/^team_id,team,offered,offered_rank,offered_vs_average,/);
      expect(lines[1]).toMatch(new RegExp(`^${teamA},Compare A,3,1,1,`));
      expect(lines[2]).toMatch(new RegExp(`^${teamB},Compare B,1,2,-1,`));
      expect(lines[3]).toMatch(/^,Average,2,,,/);
    }
  });

  it('writes a team name that looks like a formula as text in the CSV', async () => {
    const formula = await createTeam(call, tokens.admin, '=1+1 Team', []);
    const response = await get(
      `/api/stats/teams/compare?teamIds=${formula}&${range}&format=csv`,
      'admin',
    );
    expect(response.status).toBe(200);
    const lines = String(response.body).trim().split('\n');
    expect(lines[1]).toContain(`${formula},'=1+1 Team,`);
  });
});
