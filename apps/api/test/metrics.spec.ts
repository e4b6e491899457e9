import { io } from 'socket.io-client';

import { SIGNATURE_HEADER } from '@poscalls4u/contracts';
import { signatureHeader } from '@poscalls4u/server-integrations';

import { freePort } from './support/own-postgres';
import { TestApi, apiClient, startTestApi } from './support/test-api';

const TOKEN = 'metrics-token-for-the-test-0123456789';
const KIND = process.env.DATABASE_URL ? 'postgres' : 'pglite';

/** The value of one sample line (`name{labels} value`) of a Prometheus text exposition. */
function sample(text: string, name: string, labels = ''): number | undefined {
  const line = text
    .split('\n')
    .find((entry) => entry.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
}

describe('GET /metrics without METRICS_TOKEN or METRICS_PORT', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi('pglite');
  });
  afterAll(() => api?.close());

  it('does not exist: 404 like any unknown route', async () => {
    const answer = await apiClient(api.baseUrl)('GET', '/metrics', {
      headers: { authorization: 'Bearer anything-at-all' },
    });
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe('NOT_FOUND');
  });
});

describe(`GET /metrics with METRICS_TOKEN and METRICS_PORT (${KIND})`, () => {
  let api: TestApi;
  let call: ReturnType<typeof apiClient>;
  let metricsPort: number;
  const scrape = async () => {
    const answer = await call('GET', '/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('text/plain');
    return answer.body as string;
  };

  beforeAll(async () => {
    metricsPort = await freePort();
    api = await startTestApi(KIND, {
      DEMO_SEED: 'true',
      METRICS_TOKEN: TOKEN,
      METRICS_PORT: String(metricsPort),
    });
    call = apiClient(api.baseUrl);
  });
  afterAll(() => api?.close());

  it('refuses a missing or wrong bearer token', async () => {
    expect((await call('GET', '/metrics')).status).toBe(401);
    const wrong = await call('GET', '/metrics', { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    expect(wrong.body).not.toContain('poscalls_');
  });

  it('times HTTP requests by route pattern and status, never by raw URL', async () => {
    const login = await call('POST', '/api/auth/login', {
      body: { email: 'admin@poscalls4u.test', password: 'poscalls4u-demo' },
    });
    const token = login.body.data.token as string;
    const team = await call('POST', '/api/teams', { token, body: { name: 'Metrics team' } });
    const teamId = team.body.data.team.id as string;
    expect((await call('GET', `/api/teams/${teamId}`, { token })).status).toBe(200);
    expect((await call('GET', '/api/no-such-route-42')).status).toBe(404);

    const text = await scrape();
    expect(text).toContain('# TYPE poscalls_http_request_duration_seconds histogram');
    expect(
      sample(
        text,
        'poscalls_http_request_duration_seconds_count',
        'method="POST",route="/api/auth/login",status="200"',
      ),
    ).toBe(1);
    expect(
      sample(
        text,
        'poscalls_http_request_duration_seconds_count',
        'method="GET",route="/api/teams/:id",status="200"',
      ),
    ).toBe(1);
    expect(text).not.toContain(teamId);
    expect(text).not.toContain('no-such-route-42');
    expect(
      sample(
        text,
        'poscalls_http_request_duration_seconds_count',
        'method="GET",route="unmatched",status="404"',
      ),
    ).toBeGreaterThanOrEqual(1);
    // prom-client's default process metrics, under the same prefix.
    expect(text).toContain('poscalls_process_resident_memory_bytes');
    expect(text).toContain('poscalls_nodejs_eventloop_lag_seconds');
  });

  it('counts Socket.IO connections, the database pool and outages', async () => {
    const login = await call('POST', '/api/auth/login', {
      body: { email: 'agent1@poscalls4u.test', password: 'poscalls4u-demo' },
    });
    const socket = io(api.baseUrl, {
      auth: { token: login.body.data.token },
      transports: ['websocket'],
      extraHeaders: { origin: 'http://localhost:4200' },
    });
    await new Promise<void>((done, fail) => {
      socket.once('connect', () => done());
      socket.once('connect_error', fail);
    });
    try {
      const text = await scrape();
      expect(sample(text, 'poscalls_socketio_connections')).toBe(1);
      expect(sample(text, 'poscalls_database_unavailable')).toBe(0);
      expect(sample(text, 'poscalls_rate_limit_degraded')).toBe(0);
      if (KIND === 'postgres') {
        expect(sample(text, 'poscalls_db_pool_connections', 'state="total"')).toBeGreaterThan(0);
        expect(sample(text, 'poscalls_db_pool_connections', 'state="waiting"')).toBe(0);
      }
    } finally {
      socket.disconnect();
    }
  });

  it('counts PBX events applied and duplicated, and requests rejected', async () => {
    const login = await call('POST', '/api/auth/login', {
      body: { email: 'admin@poscalls4u.test', password: 'poscalls4u-demo' },
    });
    const token = login.body.data.token as string;
    const team = await call('POST', '/api/teams', { token, body: { name: 'PBX metrics' } });
    const created = await call('POST', '/api/integrations', { token, body: { name: 'PBX' } });
    const integration = created.body.data.integration as { id: string; secret: string };
    const post = (body: string, header: string) =>
      call('POST', `/api/integrations/${integration.id}/call-events`, {
        rawBody: body,
        headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: header },
      });
    const body = JSON.stringify({
      id: 'metrics-call-queued',
      type: 'call.queued',
      occurredAt: new Date(Date.now() - 60_000).toISOString(),
      callId: 'metrics-call',
      teamId: team.body.data.team.id,
      direction: 'inbound',
      from: '+15550100',
      to: '+15550199',
    });
    expect((await post(body, signatureHeader(integration.secret, body))).status).toBe(200);
    const again = await post(body, signatureHeader(integration.secret, body));
    expect(again.body.data.results[0].outcome).toBe('duplicate');
    expect((await post(body, signatureHeader('wrong-secret', body))).status).toBe(401);
    const invalid = '{"id":"x"}';
    expect((await post(invalid, signatureHeader(integration.secret, invalid))).status).toBe(400);

    const text = await scrape();
    expect(sample(text, 'poscalls_telephony_events_total', 'outcome="applied"')).toBe(1);
    expect(sample(text, 'poscalls_telephony_events_total', 'outcome="duplicate"')).toBe(1);
    expect(sample(text, 'poscalls_telephony_requests_rejected_total', 'reason="signature"')).toBe(
      1,
    );
    expect(sample(text, 'poscalls_telephony_requests_rejected_total', 'reason="invalid"')).toBe(1);
  });

  it('serves the same metrics on METRICS_PORT, with the token, and nothing else there', async () => {
    const base = `http://127.0.0.1:${metricsPort}`;
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    const answer = await fetch(`${base}/metrics`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain('poscalls_http_request_duration_seconds');
    expect((await fetch(`${base}/api/teams`)).status).toBe(404);
  });
});
