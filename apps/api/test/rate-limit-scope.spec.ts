import { DATABASES, TestApi, apiClient, startTestApi } from './support/test-api';

/**
 * The limits count per client address, not per route: the `auth` allowance is shared by every
 * sign-in route, and the global one by every route (before, each route had its own).
 */
describe.each(DATABASES)('rate limits per client address on %s', (kind) => {
  let api: TestApi;
  let call: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    api = await startTestApi(kind, {
      RATE_LIMIT_GLOBAL_PER_MINUTE: '12',
      RATE_LIMIT_AUTH_PER_MINUTE: '4',
    });
    call = apiClient(api.baseUrl);
  });
  afterAll(() => api.close());

  it('shares the auth allowance across sign-in, sign-up, forgot-password and resend', async () => {
    const statuses = [
      (await call('POST', '/api/auth/login', { body: { email: 'a@example.com', password: 'x' } }))
        .status,
      (await call('POST', '/api/auth/forgot-password', { body: { email: 'a@example.com' } }))
        .status,
      (await call('POST', '/api/auth/resend-verification', { body: { email: 'a@example.com' } }))
        .status,
      (await call('POST', '/api/auth/login', { body: { email: 'b@example.com', password: 'x' } }))
        .status,
      (await call('POST', '/api/auth/forgot-password', { body: { email: 'b@example.com' } }))
        .status,
    ];
    expect(statuses.slice(0, 4)).not.toContain(429);
    expect(statuses[4]).toBe(429);
  });

  it('shares the global allowance across routes', async () => {
    const paths = ['/api/auth/providers', '/api/auth/profile', '/api/teams'];
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      statuses.push((await call('GET', paths[i % paths.length] as string)).status);
    }
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThan(0);
  });
});
