import { sql } from 'drizzle-orm';

import { SIGNATURE_HEADER } from '@poscalls4u/contracts';
import { signatureHeader } from '@poscalls4u/server-integrations';

import { Call, query, signInAll } from './support/calls';
import { DATABASES, TestApi, apiClient, startTestApi } from './support/test-api';

/**
 * KPIs on a fixed, hand-computed history in Europe/Paris, placed in the past through the signed
 * PBX route. The calls are connected by the PBX without an agent, so the PBX's hang-up completes
 * them (handled, no after-call work) and every duration is fixed by the events' times.
 *
 * 2026-03-29 is the day daylight saving starts in Paris (02:00 CET -> 03:00 CEST): 23 hours, from
 * 2026-03-28T23:00Z to 2026-03-29T22:00Z. 2026-10-25 is the day it ends: 25 hours.
 * Team threshold 20 s (the default); short abandons under 5 s (the default).
 *
 * | call | arrival (UTC)       | local        | what happens                                              |
 * | C1   | 03-29 08:00:00      | 10:00 CEST   | answered after 12 s, hold 30 s, hang-up at +132 s (talk 90) |
 * | C2   | 03-29 08:05:00      | 10:05        | answered after 25 s (over 20 s), talk 60 s                  |
 * | C3   | 03-29 08:10:00      | 10:10        | abandoned after 3 s (short)                                 |
 * | C4   | 03-29 08:12:00      | 10:12        | abandoned after 40 s                                        |
 * | C5   | 03-29 08:20:00      | 10:20        | outbound, connected after 8 s, talk 60 s                    |
 * | C6   | 03-29 21:59:50      | 23:59:50     | answered after 15 s (at 00:00:05 the next day), talk 60 s   |
 * | C7   | 03-29 00:30:00      | 01:30 CET    | abandoned after 10 s                                        |
 * | C8   | 10-25 00:30:00      | 02:30 CEST   | abandoned after 10 s (first 02:00 hour)                     |
 * | C9   | 10-25 01:30:00      | 02:30 CET    | abandoned after 10 s (second 02:00 hour)                    |
 * QA reviews: C1 85, C2 70.
 */
describe.each(DATABASES)('KPIs on a hand-computed history on %s', (kind) => {
  let api: TestApi;
  let call: Call;
  let tokens: Record<string, string>;
  let teamId: string;
  let integration: { id: string; secret: string };

  const t = (iso: string, plusSeconds = 0) =>
    new Date(new Date(iso).getTime() + plusSeconds * 1000).toISOString();

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
    for (const result of response.body.data.results)
      expect(result).toMatchObject({ outcome: 'applied' });
  }

  const queued = (id: string, at: string, direction = 'inbound') => ({
    id: `${id}-queued`,
    type: 'call.queued',
    callId: id,
    teamId,
    direction,
    from: '+15550100',
    to: '+15550199',
    occurredAt: at,
  });
  const event = (id: string, type: string, at: string) => ({
    id: `${id}-${type}-${at}`,
    type,
    callId: id,
    occurredAt: at,
  });

  const report = async (path: string) => {
    const response = await call('GET', path, { token: tokens.admin });
    expect(response.status).toBe(200);
    return response.body.data.report;
  };

  beforeAll(async () => {
    api = await startTestApi(kind, { DEMO_SEED: 'true' });
    call = apiClient(api.baseUrl);
    ({ tokens } = await signInAll(call, ['admin']));
    const settings = await call('PUT', '/api/settings/organization', {
      token: tokens.admin,
      body: { timeZone: 'Europe/Paris', shortAbandonSeconds: 5 },
    });
    expect(settings.status).toBe(200);
    teamId = (await call('POST', '/api/teams', { token: tokens.admin, body: { name: 'KPI' } })).body
      .data.team.id;
    integration = (
      await call('POST', '/api/integrations', { token: tokens.admin, body: { name: 'KPI PBX' } })
    ).body.data.integration;

    const c1 = '2026-03-29T08:00:00Z';
    const c2 = '2026-03-29T08:05:00Z';
    const c3 = '2026-03-29T08:10:00Z';
    const c4 = '2026-03-29T08:12:00Z';
    const c5 = '2026-03-29T08:20:00Z';
    const c6 = '2026-03-29T21:59:50Z';
    const c7 = '2026-03-29T00:30:00Z';
    const c8 = '2026-10-25T00:30:00Z';
    const c9 = '2026-10-25T01:30:00Z';
    await pbx([
      queued('C1', t(c1)),
      event('C1', 'call.connected', t(c1, 12)),
      event('C1', 'call.hold', t(c1, 40)),
      event('C1', 'call.resumed', t(c1, 70)),
      event('C1', 'call.ended', t(c1, 132)),
      queued('C2', t(c2)),
      event('C2', 'call.connected', t(c2, 25)),
      event('C2', 'call.ended', t(c2, 85)),
      queued('C3', t(c3)),
      event('C3', 'call.abandoned', t(c3, 3)),
      queued('C4', t(c4)),
      event('C4', 'call.abandoned', t(c4, 40)),
      queued('C5', t(c5), 'outbound'),
      event('C5', 'call.connected', t(c5, 8)),
      event('C5', 'call.ended', t(c5, 68)),
      queued('C6', t(c6)),
      event('C6', 'call.connected', t(c6, 15)),
      event('C6', 'call.ended', t(c6, 75)),
      queued('C7', t(c7)),
      event('C7', 'call.abandoned', t(c7, 10)),
      queued('C8', t(c8)),
      event('C8', 'call.abandoned', t(c8, 10)),
      queued('C9', t(c9)),
      event('C9', 'call.abandoned', t(c9, 10)),
    ]);
    for (const [externalId, score] of [
      ['C1', 85],
      ['C2', 70],
    ] as const) {
      const [row] = await query<{ id: string }>(
        api,
        sql`select id from calls where external_id = ${externalId}`,
      );
      const review = await call('POST', `/api/calls/${row?.id}/qa-reviews`, {
        token: tokens.admin,
        body: { score },
      });
      expect(review.status).toBe(201);
    }
  });
  afterAll(() => api?.close());

  it('computes the DST day to the second and the hundredth of a percent', async () => {
    const day = await report(
      `/api/stats/teams/${teamId}?from=2026-03-29&to=2026-03-29&interval=1d`,
    );
    expect(day.timeZone).toBe('Europe/Paris');
    expect(day.from).toBe('2026-03-29T00:00:00+01:00');
    expect(day.to).toBe('2026-03-30T00:00:00+02:00');
    expect(day.series).toHaveLength(1);
    expect(day.totals).toMatchObject({
      // Inbound arrivals: C1 C2 C3 C4 C6 C7 (C5 is outbound).
      offered: 6,
      answered: 3, // C1 C2 C6
      answeredWithinThreshold: 2, // C1 (12 s) and C6 (15 s); C2 waited 25 s
      abandoned: 3, // C3 C4 C7
      shortAbandoned: 1, // C3 (3 s < 5 s)
      // 2 / (6 - 1) = 40 %
      serviceLevelPercent: 40,
      // (3 - 1) / (6 - 1) = 40 %
      abandonmentRatePercent: 40,
      // (12 + 25 + 15) / 3 = 17.333 s
      asaSeconds: 17.33,
      // (12 + 25 + 15 + 3 + 40 + 10) / 6 = 105 / 6 = 17.5 s
      averageWaitSeconds: 17.5,
      longestWaitSeconds: 40, // C4
      handled: 4, // C1 C2 C5 C6
      // talk: C1 120 - 30 on hold = 90, C2 60, C5 60, C6 60 = 270; hold 30; no after-call work.
      // (270 + 30 + 0) / 4 = 75 s
      ahtSeconds: 75,
      averageTalkSeconds: 67.5, // 270 / 4
      averageHoldSeconds: 7.5, // 30 / 4
      averageAfterCallWorkSeconds: 0,
      outbound: 1, // C5
      successes: 0, // no disposition
      successRatePercent: 0, // 0 / 4
      qaReviews: 2,
      averageQaScore: 77.5, // (85 + 70) / 2
      // No agent worked: no staffed time.
      occupancyPercent: null,
    });
  });

  it('shows the 23-hour day in a daily series and the calls in their local hours', async () => {
    const days = await report(
      `/api/stats/teams/${teamId}?from=2026-03-28&to=2026-03-30&interval=1d`,
    );
    expect(days.series.map((p: { start: string; end: string }) => [p.start, p.end])).toEqual([
      ['2026-03-28T00:00:00+01:00', '2026-03-29T00:00:00+01:00'],
      ['2026-03-29T00:00:00+01:00', '2026-03-30T00:00:00+02:00'],
      ['2026-03-30T00:00:00+02:00', '2026-03-31T00:00:00+02:00'],
    ]);
    const hours = (Date.parse(days.series[1].end) - Date.parse(days.series[1].start)) / 3_600_000;
    expect(hours).toBe(23);
    expect(days.series.map((p: { figures: { offered: number } }) => p.figures.offered)).toEqual([
      0, 6, 0,
    ]);
    // C6 arrived at 23:59:50 and was answered at 00:00:05 the next day: it stays on the 29th.
    expect(days.series[2].figures).toMatchObject({ answered: 0, handled: 0, asaSeconds: null });

    const hourly = await report(
      `/api/stats/teams/${teamId}?from=2026-03-29&to=2026-03-29&interval=1h`,
    );
    // 23 local hours; 02:00-03:00 does not exist that night.
    expect(hourly.series).toHaveLength(23);
    expect(hourly.series[1].start).toBe('2026-03-29T01:00:00+01:00');
    expect(hourly.series[2].start).toBe('2026-03-29T03:00:00+02:00');
    const byStart = Object.fromEntries(
      hourly.series.map((p: { start: string; figures: unknown }) => [p.start, p.figures]),
    );
    expect(byStart['2026-03-29T01:00:00+01:00']).toMatchObject({ offered: 1, abandoned: 1 });
    // 10:00-11:00 CEST: C1 C2 C3 C4 and the outbound C5.
    expect(byStart['2026-03-29T10:00:00+02:00']).toMatchObject({
      offered: 4,
      answered: 2,
      answeredWithinThreshold: 1,
      abandoned: 2,
      shortAbandoned: 1,
      serviceLevelPercent: 33.33, // 1 / (4 - 1)
      abandonmentRatePercent: 33.33, // (2 - 1) / (4 - 1)
      asaSeconds: 18.5, // (12 + 25) / 2
      handled: 3,
      ahtSeconds: 80, // talk 90 + 60 + 60 = 210, hold 30: 240 / 3
      outbound: 1,
    });
    expect(byStart['2026-03-29T23:00:00+02:00']).toMatchObject({
      offered: 1,
      answered: 1,
      answeredWithinThreshold: 1,
      serviceLevelPercent: 100,
      ahtSeconds: 60,
    });
    const sum = hourly.series.reduce(
      (total: number, p: { figures: { offered: number } }) => total + p.figures.offered,
      0,
    );
    expect(sum).toBe(6);
  });

  it('keeps C6 in its 15-minute bucket, before the boundary it was answered after', async () => {
    const quarter = await report(
      `/api/stats/teams/${teamId}?from=2026-03-29T21:45:00Z&to=2026-03-29T22:15:00Z&interval=15m`,
    );
    expect(quarter.series.map((p: { start: string }) => p.start)).toEqual([
      '2026-03-29T23:45:00+02:00',
      '2026-03-30T00:00:00+02:00',
    ]);
    expect(quarter.series[0].figures).toMatchObject({ offered: 1, answered: 1, handled: 1 });
    expect(quarter.series[1].figures).toMatchObject({ offered: 0, answered: 0, handled: 0 });
    // 30-minute intervals on local half-hours.
    const halves = await report(
      `/api/stats/teams/${teamId}?from=2026-03-29T08:00:00Z&to=2026-03-29T09:00:00Z&interval=30m`,
    );
    expect(halves.series.map((p: { figures: { offered: number } }) => p.figures.offered)).toEqual([
      4, 0,
    ]);
  });

  it('shows the 25-hour day with the repeated hour twice', async () => {
    const day = await report(
      `/api/stats/teams/${teamId}?from=2026-10-25&to=2026-10-25&interval=1d`,
    );
    expect([day.from, day.to]).toEqual(['2026-10-25T00:00:00+02:00', '2026-10-26T00:00:00+01:00']);
    expect((Date.parse(day.to) - Date.parse(day.from)) / 3_600_000).toBe(25);
    expect(day.totals).toMatchObject({
      offered: 2,
      abandoned: 2,
      shortAbandoned: 0,
      serviceLevelPercent: 0, // 0 / (2 - 0)
      abandonmentRatePercent: 100,
      averageWaitSeconds: 10,
    });
    const hourly = await report(
      `/api/stats/teams/${teamId}?from=2026-10-25&to=2026-10-25&interval=1h`,
    );
    expect(hourly.series).toHaveLength(25);
    expect(hourly.series[2]).toMatchObject({
      start: '2026-10-25T02:00:00+02:00',
      figures: expect.objectContaining({ offered: 1 }),
    });
    expect(hourly.series[3]).toMatchObject({
      start: '2026-10-25T02:00:00+01:00',
      figures: expect.objectContaining({ offered: 1 }),
    });
  });

  it('gives the same figures through /stats/calls and by direction', async () => {
    const view = await report(
      `/api/stats/calls?from=2026-03-29&to=2026-03-29&interval=1d&groupBy=direction&teamId=${teamId}`,
    );
    expect(view.totals).toMatchObject({ offered: 6, serviceLevelPercent: 40, ahtSeconds: 75 });
    const byDirection = Object.fromEntries(
      view.breakdown.map((row: { key: string; figures: unknown }) => [row.key, row.figures]),
    );
    expect(byDirection.inbound).toMatchObject({
      offered: 6,
      answered: 3,
      serviceLevelPercent: 40,
      handled: 3,
      // (90 + 30 + 60 + 60) / 3 = 80 s
      ahtSeconds: 80,
    });
    expect(byDirection.outbound).toMatchObject({
      offered: 0,
      outbound: 1,
      handled: 1,
      ahtSeconds: 60,
    });
  });
});
