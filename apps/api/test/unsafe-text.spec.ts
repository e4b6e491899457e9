import { DATABASES, TestApi, apiClient, startTestApi } from './support/test-api';

const PASSWORD = 'poscalls4u-demo';
const NUL = '\u0000';
const LONE_SURROGATE = '\ud800';

/**
 * Text no field may hold (NUL and other C0 controls, unpaired surrogates) and empty updates are
 * refused with 400 VALIDATION_ERROR in the envelope: before this, PostgreSQL's refusal of NUL and
 * the email validator's throw on a lone surrogate surfaced as 500s.
 */
describe.each(DATABASES)('unsafe text on %s', (kind) => {
  let api: TestApi;
  let call: ReturnType<typeof apiClient>;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    api = await startTestApi(kind, { DEMO_SEED: 'true' });
    call = apiClient(api.baseUrl);
    for (const name of ['admin', 'supervisor1', 'agent1']) {
      const response = await call('POST', '/api/auth/login', {
        body: { email: `${name}@poscalls4u.test`, password: PASSWORD },
      });
      tokens[name] = response.body.data.token;
    }
  });
  afterAll(() => api.close());

  function expectRefused(
    response: { status: number; body: { error?: { details?: { field: string }[] } } },
    field: string,
  ): void {
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ success: false, error: { code: 'VALIDATION_ERROR' } });
    expect(response.body.error?.details?.map((d) => d.field)).toContain(field);
    expect(JSON.stringify(response.body)).not.toMatch(/at .+\.(ts|js):\d+|SELECT|INSERT/i);
  }

  it('refuses NUL in a JSON body field, for any signed-in agent', async () => {
    const response = await call('PUT', '/api/presence/me', {
      token: tokens.agent1,
      body: { status: 'break', reason: `lunch${NUL}` },
    });
    expectRefused(response, 'body.reason');
  });

  it('refuses NUL in names, and in nested and array values', async () => {
    expectRefused(
      await call('POST', '/api/teams', { token: tokens.supervisor1, body: { name: `A${NUL}B` } }),
      'body.name',
    );
    expectRefused(
      await call('POST', '/api/teams', {
        token: tokens.supervisor1,
        body: { name: 'Ok', tags: [`x${NUL}`] },
      }),
      'body.tags[0]',
    );
  });

  it('refuses NUL in query parameters and path parameters', async () => {
    expectRefused(
      await call('GET', `/api/users?search=${encodeURIComponent(`a${NUL}`)}`, {
        token: tokens.admin,
      }),
      'query.search',
    );
    expectRefused(
      await call('GET', `/api/calls?q=${encodeURIComponent(NUL)}&disposition=x`, {
        token: tokens.admin,
      }),
      'query.q',
    );
    expectRefused(
      await call('PATCH', `/api/presence/break-reasons/${encodeURIComponent(`lunch${NUL}`)}`, {
        token: tokens.admin,
        body: { label: 'Lunch' },
      }),
      'path',
    );
  });

  it('refuses other control characters but keeps tabs and new lines', async () => {
    expectRefused(
      await call('POST', '/api/teams', { token: tokens.supervisor1, body: { name: 'Bell\u0007' } }),
      'body.name',
    );
    const ok = await call('PUT', '/api/presence/me', {
      token: tokens.agent1,
      body: { status: 'available' },
    });
    expect(ok.status).toBe(200);
  });

  it('refuses an unpaired surrogate in emails before sign-in, with no 500', async () => {
    const email = `someone${LONE_SURROGATE}@example.com`;
    for (const [path, body] of [
      ['/api/auth/login', { email, password: 'whatever-long-enough' }],
      ['/api/auth/register', { name: 'Someone', email, password: 'a long passphrase here' }],
      ['/api/auth/forgot-password', { email }],
      ['/api/auth/resend-verification', { email }],
    ] as const) {
      expectRefused(await call('POST', path, { body }), 'body.email');
    }
  });

  it('refuses an unpaired surrogate in names instead of storing U+FFFD', async () => {
    const response = await call('POST', '/api/teams', {
      token: tokens.supervisor1,
      body: { name: `Team ${LONE_SURROGATE}` },
    });
    expectRefused(response, 'body.name');
    const paired = await call('POST', '/api/teams', {
      token: tokens.supervisor1,
      body: { name: 'Team 😀' },
    });
    expect(paired.status).toBe(201);
    expect(JSON.stringify(paired.body)).toContain('😀');
  });

  it('refuses a body nested too deeply', async () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100; i++) deep = { a: deep };
    const response = await call('POST', '/api/teams', {
      token: tokens.supervisor1,
      body: { name: 'Deep', extra: deep },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_ERROR');
  });

  it('answers an empty break-reason update with 400, as dispositions do', async () => {
    const response = await call('PATCH', '/api/presence/break-reasons/lunch', {
      token: tokens.admin,
      body: {},
    });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({
      code: 'VALIDATION_ERROR',
      details: [{ field: 'body', messages: ['give at least one of label, isActive'] }],
    });
  });
});
