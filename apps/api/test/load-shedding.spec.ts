import { sql } from 'drizzle-orm';

import { SIGNATURE_HEADER } from '@poscalls4u/contracts';
import { signatureHeader } from '@poscalls4u/server-integrations';

import { Call, query, signInAll } from './support/calls';
import { DATABASES, TestApi, apiClient, startTestApi } from './support/test-api';

const kind = DATABASES[DATABASES.length - 1] ?? 'pglite';

/**
 * Keeps this process's event loop late: every 20 ms it runs 300 ms of work, as a saturated CPU
 * would. The API under test runs in this process, so its requests wait behind the work.
 */
function saturateEventLoop(): () => void {
  const timer = setInterval(() => {
    const until = performance.now() + 300;
    while (performance.now() < until) {
      // busy on purpose
    }
  }, 20);
  return () => clearInterval(timer);
}

describe(`load shedding on ${kind}: PBX posts while the event loop is saturated`, () => {
  let api: TestApi;
  let call: Call;
  let integration: { id: string; secret: string };
  let teamId: string;

  const queued = (callId: string) => ({
    id: `${callId}-queued`,
    type: 'call.queued',
    occurredAt: new Date().toISOString(),
    callId,
    teamId,
    direction: 'inbound',
    from: '+15550100',
    to: '+15550199',
  });
  const post = (events: unknown[]) => {
    const body = JSON.stringify(events);
    return call('POST', `/api/integrations/${integration.id}/call-events`, {
      rawBody: body,
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: signatureHeader(integration.secret, body),
      },
    });
  };
  /** Posts again, as a PBX does, while the answer is 503 (at most 15 s). */
  const postUntilTaken = async (events: unknown[]) => {
    let answer = await post(events);
    for (let attempt = 0; attempt < 60 && answer.status === 503; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      answer = await post(events);
    }
    return answer;
  };
  const stored = async (eventId: string) =>
    (
      await query<{ n: number }>(
        api,
        sql`select count(*)::int as n from integration_events where event_id = ${eventId}`,
      )
    )[0]?.n;

  beforeAll(async () => {
    api = await startTestApi(kind, { DEMO_SEED: 'true', SHED_EVENT_LOOP_DELAY: '100ms' });
    call = apiClient(api.baseUrl);
    const { tokens } = await signInAll(call, ['admin']);
    teamId = (await call('POST', '/api/teams', { token: tokens.admin, body: { name: 'Shed' } }))
      .body.data.team.id;
    integration = (
      await call('POST', '/api/integrations', { token: tokens.admin, body: { name: 'Busy PBX' } })
    ).body.data.integration;
  });
  afterAll(() => api?.close());

  it('answers 503 with Retry-After before any work, stores nothing shed, and takes the retry', async () => {
    // A machine loaded by other work can make even the calm loop late: retried as a PBX would.
    const calm = await postUntilTaken([queued('calm-1')]);
    expect(calm.status).toBe(200);

    const stop = saturateEventLoop();
    let shed: Awaited<ReturnType<typeof post>> | undefined;
    let shedCallId = '';
    try {
      // Judged every half second: within a few windows the posts are refused.
      for (let attempt = 0; attempt < 40 && !shed; attempt++) {
        shedCallId = `busy-${attempt}`;
        const answer = await post([queued(shedCallId)]);
        if (answer.status === 503) shed = answer;
        else expect(answer.status).toBe(200);
      }
    } finally {
      stop();
    }
    expect(shed?.status).toBe(503);
    expect(shed?.headers.get('retry-after')).toBe('1');
    expect(shed?.body).toEqual({
      success: false,
      error: expect.objectContaining({ code: 'SERVICE_UNAVAILABLE' }),
    });
    expect(await stored(`${shedCallId}-queued`)).toBe(0);

    // The load gone, the same post is taken within a window or two, and stored once.
    const retried = await postUntilTaken([queued('after-the-spell')]);
    expect(retried.status).toBe(200);
    expect(retried.body.data.results).toEqual([expect.objectContaining({ outcome: 'applied' })]);
    expect(await stored('after-the-spell-queued')).toBe(1);
  });
});
