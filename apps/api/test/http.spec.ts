import { sql } from 'drizzle-orm';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { DATABASE, Database } from '@poscalls4u/server-database';

import { DATABASES, MIGRATIONS_FOLDER, TestApi, apiClient, startTestApi } from './support/test-api';

describe.each(DATABASES)('HTTP basics on %s', (kind) => {
  let api: TestApi;
  let call: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    // On an empty database, which the API migrates on start: the other suites start from the
    // run's migrated template (support/database-templates.ts), so this keeps that path tested.
    api = await startTestApi(kind, {}, { fromEmpty: true });
    call = apiClient(api.baseUrl);
  });
  afterAll(() => api.close());

  it('answers liveness and readiness', async () => {
    const live = await call('GET', '/health');
    expect(live.status).toBe(200);
    expect(live.body.status).toBe('ok');
    const ready = await call('GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.details.database).toMatchObject({ status: 'up', engine: kind });
  });

  it('applied every migration itself, starting from an empty database', async () => {
    const journal = JSON.parse(
      readFileSync(join(MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8'),
    ) as { entries: unknown[] };
    const result = (await api.app
      .get<symbol, Database>(DATABASE)
      .execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`)) as unknown as {
      rows: { n: number }[];
    };
    expect(result.rows[0]?.n).toBe(journal.entries.length);
  });

  it('answers an unknown route with 404 NOT_FOUND in the envelope', async () => {
    for (const path of ['/api/nope', '/nope', '/api/auth/nope']) {
      const response = await call('GET', path);
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
    }
  });

  it('gives every response a request id and quotes it in errors', async () => {
    const response = await call('GET', '/api/nope', { headers: { 'x-request-id': 'trace-123' } });
    expect(response.headers.get('x-request-id')).toBe('trace-123');
    expect(response.body.error.requestId).toBe('trace-123');
    const generated = await call('GET', '/health');
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('quotes the request id even for a body refused before routing', async () => {
    const response = await call('POST', '/api/auth/login', {
      rawBody: '{not json',
      headers: { 'content-type': 'application/json', 'x-request-id': 'trace-bad-body' },
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('x-request-id')).toBe('trace-bad-body');
    expect(response.body.error.requestId).toBe('trace-bad-body');
  });

  it('sets security headers and no x-powered-by', async () => {
    const response = await call('GET', '/health');
    expect(response.headers.get('x-powered-by')).toBeNull();
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('serves the Swagger UI and the OpenAPI document', async () => {
    const ui = await call('GET', '/api-docs');
    expect(ui.status).toBe(200);
    expect(String(ui.body)).toContain('swagger');
    const spec = await call('GET', '/api-docs-json');
    expect(spec.status).toBe(200);
    expect(Object.keys(spec.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/auth/register',
        '/api/auth/login',
        '/api/auth/profile',
        '/health',
        '/health/ready',
      ]),
    );
    expect(spec.body.components.securitySchemes.bearer).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
  });
});

describe('readiness when a dependency is down', () => {
  let api: TestApi;
  beforeAll(async () => {
    // Nothing listens on port 1: Redis is configured but unreachable.
    api = await startTestApi('pglite', {
      REDIS_URL: 'redis://127.0.0.1:1',
      QUEUE_PREFIX: 'test-unreachable',
    });
  });
  afterAll(() => api.close());

  it('reports Redis degraded, not down: the instance keeps serving without it', async () => {
    const call = apiClient(api.baseUrl);
    const ready = await call('GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({
      status: 'degraded',
      details: { database: { status: 'up' }, redis: { status: 'degraded' } },
    });
    expect((await call('GET', '/health')).status).toBe(200);
  });
});
