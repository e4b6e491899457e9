import { sql } from 'drizzle-orm';

import { SIGNATURE_HEADER } from '@poscalls4u/contracts';
import { signatureHeader } from '@poscalls4u/server-integrations';

import { Call, createTeam, query, signInAll } from './support/calls';
import { DATABASES, TestApi, apiClient, startTestApi } from './support/test-api';

const kind = DATABASES[DATABASES.length - 1] ?? 'pglite';

interface Totals {
  handled: number;
  ahtSeconds: number | null;
  averageHoldSeconds: number | null;
  averageAfterCallWorkSeconds: number | null;
  successes: number;
  qaReviews: number;
  averageQaScore: number | null;
}

/**
 * GET /api/workforce/agents/me/figures: an agent's own figures for a period beside the average
 * of the agents of their team, checked against the statistics' per-agent reports of the same
 * period (calls per agent; the other figures over all the team's calls together).
 */
describe(`agent figures beside the team average on ${kind}`, () => {
  let api: TestApi;
  let call: Call;
  let tokens: Record<string, string>;
  let ids: Record<string, string>;

  beforeAll(async () => {
    api = await startTestApi(kind, { DEMO_SEED: 'true' });
    call = apiClient(api.baseUrl);
    ({ tokens, ids } = await signInAll(call, [
      'admin',
      'supervisor1',
      'agent1',
      'agent2',
      'agent3',
    ]));
    const teamA = await createTeam(call, tokens.supervisor1, 'Figures A', [ids.agent1, ids.agent2]);
    const teamB = await createTeam(call, tokens.admin, 'Figures B', [ids.agent3]);

    // Two days ago (UTC, the organisation's zone here): inside the last 7 days, not today.
    const day = new Date(Date.now() - 2 * 86_400_000);
    const dayStart = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate());
    const at = (hours: number, seconds = 0) =>
      new Date(dayStart + hours * 3_600_000 + seconds * 1000).toISOString();
    const answered = (
      id: string,
      teamId: string,
      hour: number,
      agentEmail: string,
      talk: number,
      hold = 0,
    ) => [
      { id: `${id}-q`, type: 'call.queued', callId: id, teamId, occurredAt: at(hour) },
      { id: `${id}-c`, type: 'call.connected', callId: id, agentEmail, occurredAt: at(hour, 5) },
      ...(hold > 0
        ? [
            { id: `${id}-h`, type: 'call.hold', callId: id, occurredAt: at(hour, 10) },
            { id: `${id}-r`, type: 'call.resumed', callId: id, occurredAt: at(hour, 10 + hold) },
          ]
        : []),
      { id: `${id}-e`, type: 'call.ended', callId: id, occurredAt: at(hour, 5 + talk + hold) },
    ];
    const integration = (
      await call('POST', '/api/integrations', { token: tokens.admin, body: { name: 'Fig PBX' } })
    ).body.data.integration;
    const body = JSON.stringify([
      ...answered('f1', teamA, 9, 'agent1@poscalls4u.test', 60, 20),
      ...answered('f2', teamA, 10, 'agent1@poscalls4u.test', 120),
      ...answered('f3', teamA, 11, 'agent2@poscalls4u.test', 30),
      // Another team's agent: not in agent1's team average.
      ...answered('f4', teamB, 9, 'agent3@poscalls4u.test', 600),
    ]);
    const posted = await call('POST', `/api/integrations/${integration.id}/call-events`, {
      rawBody: body,
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: signatureHeader(integration.secret, body),
      },
    });
    expect(posted.status).toBe(200);
    for (const [name, externalId, disposition] of [
      ['agent1', 'f1', 'resolved'],
      ['agent1', 'f2', 'not_resolved'],
      ['agent2', 'f3', 'resolved'],
      ['agent3', 'f4', 'resolved'],
    ] as const) {
      const [row] = await query<{ id: string }>(
        api,
        sql`select id from calls where external_id = ${externalId}`,
      );
      const done = await call('POST', `/api/calls/${row?.id}/wrap-up`, {
        token: tokens[name],
        body: { disposition },
      });
      expect(done.status).toBe(200);
      if (externalId === 'f1') {
        const review = await call('POST', `/api/calls/${row?.id}/qa-reviews`, {
          token: tokens.admin,
          body: { score: 80 },
        });
        expect(review.status).toBe(201);
      }
    }
  });
  afterAll(() => api?.close());

  /** An agent's totals for the period, from the statistics' own agent report (admin). */
  async function totalsOf(agentId: string, from: string, to: string): Promise<Totals> {
    const response = await call(
      'GET',
      `/api/stats/agents/${agentId}?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&interval=1d`,
      { token: tokens.admin },
    );
    expect(response.status).toBe(200);
    return response.body.data.report.totals;
  }

  it("gives the agent's own figures and the team's average per agent for the last 7 days", async () => {
    const response = await call('GET', '/api/workforce/agents/me/figures?period=last-7-days', {
      token: tokens.agent1,
    });
    expect(response.status).toBe(200);
    const figures = response.body.data.figures;
    expect(figures).toMatchObject({ period: 'last-7-days', timeZone: 'UTC', teamAgents: 2 });
    // Seven whole local days, today included.
    expect((Date.parse(figures.to) - Date.parse(figures.from)) / 86_400_000).toBe(7);

    const own = await totalsOf(ids.agent1, figures.from, figures.to);
    const other = await totalsOf(ids.agent2, figures.from, figures.to);
    expect(own.handled).toBe(2);
    expect(other.handled).toBe(1);
    expect(figures.own.handled).toBe(2);
    expect(figures.own.ahtSeconds).toBeCloseTo(own.ahtSeconds ?? NaN, 0);
    expect(figures.own.averageHoldSeconds).toBeCloseTo(10, 1); // 20 s of hold over 2 calls
    expect(figures.own.successRatePercent).toBe(50); // 1 resolved of 2
    expect(figures.own.averageQaScore).toBe(80);

    // The team: 3 calls over 2 agents; the ratios over the 3 calls together.
    const weighted = (pick: (t: Totals) => number | null) =>
      ((pick(own) ?? 0) * own.handled + (pick(other) ?? 0) * other.handled) /
      (own.handled + other.handled);
    expect(figures.teamAverage.handled).toBe(1.5);
    expect(figures.teamAverage.ahtSeconds).toBeCloseTo(
      weighted((t) => t.ahtSeconds),
      0,
    );
    expect(figures.teamAverage.averageHoldSeconds).toBeCloseTo(20 / 3, 1);
    expect(figures.teamAverage.averageAfterCallWorkSeconds).toBeCloseTo(
      weighted((t) => t.averageAfterCallWorkSeconds),
      0,
    );
    expect(figures.teamAverage.successRatePercent).toBeCloseTo(66.7, 1); // 2 resolved of 3
    expect(figures.teamAverage.averageQaScore).toBe(80);
  });

  it('defaults to today and refuses an unknown period', async () => {
    const today = await call('GET', '/api/workforce/agents/me/figures', { token: tokens.agent2 });
    expect(today.status).toBe(200);
    expect(today.body.data.figures).toMatchObject({
      period: 'today',
      own: { handled: 0 },
      teamAverage: { handled: 0 },
    });
    const bad = await call('GET', '/api/workforce/agents/me/figures?period=forever', {
      token: tokens.agent2,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_ERROR');
    expect((await call('GET', '/api/workforce/agents/me/figures')).status).toBe(401);
  });

  it('starts this week on Monday', async () => {
    const response = await call('GET', '/api/workforce/agents/me/figures?period=this-week', {
      token: tokens.agent1,
    });
    expect(response.status).toBe(200);
    const from = new Date(response.body.data.figures.from);
    expect(from.getUTCDay()).toBe(1);
    expect(from.getUTCHours()).toBe(0);
  });
});
