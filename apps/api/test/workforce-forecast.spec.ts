import { SIGNATURE_HEADER } from '@poscalls4u/contracts';
import { signatureHeader } from '@poscalls4u/server-integrations';

import { requiredAgents } from '../src/workforce/staffing/erlang';
import { Call, createTeam, signInAll } from './support/calls';
import { DATABASES, TestApi, apiClient, startTestApi } from './support/test-api';

const kind = DATABASES[DATABASES.length - 1] ?? 'pglite';

/**
 * GET /api/workforce/forecast on calls seeded over several past weeks (the organisation's zone is
 * UTC here): the same-weekday average, the agents the staffing search needs for it, and the
 * forecast error of a past day.
 */
describe(`workforce forecast on ${kind}`, () => {
  let api: TestApi;
  let call: Call;
  let tokens: Record<string, string>;
  let ids: Record<string, string>;
  let team: string;

  // The planned day: a week ago, so it has actuals; its history the three weeks before it.
  const todayStart = Date.UTC(
    new Date().getUTCFullYear(),
    new Date().getUTCMonth(),
    new Date().getUTCDate(),
  );
  const weeksAgo = (weeks: number) => todayStart - weeks * 7 * 86_400_000;
  const date = new Date(weeksAgo(1)).toISOString().slice(0, 10);
  const at = (dayStart: number, hours: number, seconds: number) =>
    new Date(dayStart + hours * 3_600_000 + seconds * 1000);

  /** An inbound call queued at `when`, answered 5 s later, ended after `talkSeconds`. */
  const handled = (name: string, when: Date, talkSeconds: number) => [
    {
      id: `${name}-q`,
      type: 'call.queued',
      callId: name,
      teamId: team,
      occurredAt: when.toISOString(),
    },
    {
      id: `${name}-c`,
      type: 'call.connected',
      callId: name,
      occurredAt: new Date(when.getTime() + 5_000).toISOString(),
    },
    {
      id: `${name}-e`,
      type: 'call.ended',
      callId: name,
      occurredAt: new Date(when.getTime() + 5_000 + talkSeconds * 1000).toISOString(),
    },
  ];

  const forecastOf = async (query: string, name = 'supervisor1') => {
    const response = await call('GET', `/api/workforce/forecast?${query}`, { token: tokens[name] });
    return response;
  };

  beforeAll(async () => {
    api = await startTestApi(kind, { DEMO_SEED: 'true' });
    call = apiClient(api.baseUrl);
    ({ tokens, ids } = await signInAll(call, ['admin', 'supervisor1', 'supervisor2', 'agent1']));
    team = await createTeam(call, tokens.supervisor1, 'Forecast A', [ids.agent1]);

    // History at 10:00-10:15: 2 calls of 60 s three weeks before the planned day's week... and so
    // on: 2, 4 and 6 calls of 60, 120 and 180 s. The planned day: 3 calls at 10:00, 1 at 11:00.
    const events: unknown[] = [];
    const seed = (weeks: number, hour: number, count: number, talkSeconds: number) => {
      for (let n = 0; n < count; n++) {
        events.push(
          ...handled(`w${weeks}h${hour}n${n}`, at(weeksAgo(weeks), hour, n * 60), talkSeconds),
        );
      }
    };
    seed(2, 10, 2, 60);
    seed(3, 10, 4, 120);
    seed(4, 10, 6, 180);
    seed(1, 10, 3, 90);
    seed(1, 11, 1, 90);
    const integration = (
      await call('POST', '/api/integrations', {
        token: tokens.admin,
        body: { name: 'Forecast PBX' },
      })
    ).body.data.integration;
    const body = JSON.stringify(events);
    const posted = await call('POST', `/api/integrations/${integration.id}/call-events`, {
      rawBody: body,
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: signatureHeader(integration.secret, body),
      },
    });
    expect(posted.status).toBe(200);
  });
  afterAll(() => api?.close());

  it("forecasts the same weekday's average and the agents the staffing search needs", async () => {
    const response = await forecastOf(`teamId=${team}&date=${date}&weeks=3&shrinkage=0.3`);
    expect(response.status).toBe(200);
    expect(Object.keys(response.body.data)).toEqual(['forecast']);
    const forecast = response.body.data.forecast;
    expect(forecast.historyDates).toEqual(
      [2, 3, 4].map((w) => new Date(weeksAgo(w)).toISOString().slice(0, 10)),
    );
    expect(forecast.intervals).toHaveLength(96);
    const ten = forecast.intervals[40];
    expect(ten.start).toBe(`${date}T10:00:00Z`);
    // (2 + 4 + 6) / 3 calls; AHT (2·60 + 4·120 + 6·180) / 12 = 140 s.
    expect(ten.forecastArrivals).toBe(4);
    expect(ten.forecastAhtSeconds).toBe(140);
    const expected = requiredAgents(
      {
        trafficErlangs: (4 * 140) / 900,
        ahtSeconds: 140,
        targetAnswerSeconds: forecast.serviceLevelThresholdSeconds,
      },
      { serviceLevelTarget: forecast.serviceLevelTargetPercent / 100, maxAgents: 20_000 },
    );
    expect(expected?.agents).toBeGreaterThan(0);
    expect(ten.requiredAgents).toBe(expected?.agents);
    expect(ten.scheduledAgents).toBe(Math.ceil((expected?.agents ?? 0) / 0.7 - 1e-9));
    // No history, no forecast: no agent needed.
    expect(forecast.intervals[44]).toMatchObject({ forecastArrivals: 0, requiredAgents: 0 });
  });

  it('compares a past day with its forecast: actuals, MAPE and WAPE', async () => {
    const forecast = (await forecastOf(`teamId=${team}&date=${date}&weeks=3&intervalMinutes=30`))
      .body.data.forecast;
    expect(forecast.intervals).toHaveLength(48);
    expect(forecast.intervals[20]).toMatchObject({
      forecastArrivals: 4,
      actualArrivals: 3,
      actualAhtSeconds: 90,
    });
    expect(forecast.intervals[22]).toMatchObject({ forecastArrivals: 0, actualArrivals: 1 });
    // 10:00: |3 − 4| / 3; 11:00: |1 − 0| / 1 -> MAPE (33.33 + 100) / 2; WAPE (1 + 1) / 4.
    expect(forecast.accuracy).toEqual({ intervals: 48, mapePercent: 66.67, wapePercent: 50 });
  });

  it('plans a future day without actuals', async () => {
    const future = new Date(todayStart + 7 * 86_400_000).toISOString().slice(0, 10);
    const forecast = (await forecastOf(`teamId=${team}&date=${future}&weeks=5`)).body.data.forecast;
    expect(forecast.accuracy).toBeNull();
    // Weeks 1..4 ago are 2..5 weeks before the future day: (3 + 2 + 4 + 6) / 5 calls.
    expect(forecast.intervals[40]).toMatchObject({ forecastArrivals: 3, actualArrivals: null });
  });

  it('exports CSV, refuses bad input and keeps supervisors to their teams', async () => {
    const csv = await fetch(
      `${api.baseUrl}/api/workforce/forecast?teamId=${team}&date=${date}&weeks=3&format=csv`,
      { headers: { authorization: `Bearer ${tokens.supervisor1}` } },
    );
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trim().split('\n');
    expect(lines[0]).toBe(
      'team,start,end,forecast_arrivals,forecast_aht_seconds,required_agents,scheduled_agents,actual_arrivals,actual_aht_seconds',
    );
    expect(lines).toHaveLength(97);
    expect(lines[41]).toContain(`Forecast A,${date}T10:00:00Z,${date}T10:15:00Z,4,140,`);

    for (const query of [
      `teamId=${team}&date=2026-02-30`,
      `teamId=${team}&date=tomorrow`,
      `teamId=${team}&date=${date}&weeks=53`,
      `teamId=${team}&date=${date}&intervalMinutes=20`,
      `teamId=${team}&date=${date}&shrinkage=0.95`,
      `teamId=nope&date=${date}`,
    ]) {
      const refused = await forecastOf(query);
      expect([query, refused.status]).toEqual([query, 400]);
    }
    expect((await forecastOf(`teamId=${team}&date=${date}`, 'supervisor2')).status).toBe(404);
    expect((await forecastOf(`teamId=${team}&date=${date}`, 'admin')).status).toBe(200);
    expect((await forecastOf(`teamId=${team}&date=${date}`, 'agent1')).status).toBe(403);
  });
});
