import { DATABASES, TestApi, apiClient, startTestApi } from './support/test-api';
import { totpCode } from './support/totp';

const DEMO_PASSWORD = 'poscalls4u-demo';

describe.each(DATABASES)('settings API on %s', (kind) => {
  let api: TestApi;
  let call: ReturnType<typeof apiClient>;
  let adminToken: string;
  let supervisorToken: string;
  let agentToken: string;

  async function signIn(email: string): Promise<string> {
    const response = await call('POST', '/api/auth/login', {
      body: { email, password: DEMO_PASSWORD },
    });
    expect(response.status).toBe(200);
    return response.body.data.token as string;
  }

  beforeAll(async () => {
    api = await startTestApi(kind, { DEMO_SEED: 'true' });
    call = apiClient(api.baseUrl);
    adminToken = await signIn('admin@poscalls4u.test');
    supervisorToken = await signIn('supervisor1@poscalls4u.test');
    agentToken = await signIn('agent1@poscalls4u.test');
  });
  afterAll(() => api?.close());

  it('does not require MFA until an admin says so', async () => {
    const response = await call('GET', '/api/settings/security', { token: adminToken });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      success: true,
      data: { settings: { requireMfaForPrivileged: false } },
    });
  });

  it('lists who requiring MFA would stop, and refuses it to an admin without MFA', async () => {
    const impact = await call('GET', '/api/settings/security/mfa-impact', { token: adminToken });
    expect(impact.status).toBe(200);
    expect(impact.body.data.impact).toEqual({
      users: [
        expect.objectContaining({ name: 'Alex Admin', role: 'admin' }),
        expect.objectContaining({ name: 'Priya Shah', email: 'supervisor2@poscalls4u.test' }),
        expect.objectContaining({ name: 'Sam Rivera', email: 'supervisor1@poscalls4u.test' }),
      ],
      total: 3,
      callerHasMfa: false,
    });

    const refused = await call('PUT', '/api/settings/security', {
      token: adminToken,
      body: { requireMfaForPrivileged: true },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toEqual({
      requestId: expect.any(String),
      code: 'CONFLICT',
      message: 'Turn on two-step verification for your own account (Profile) before requiring it.',
    });
    const read = await call('GET', '/api/settings/security', { token: adminToken });
    expect(read.body.data.settings).toEqual({ requireMfaForPrivileged: false });

    // Once the admin has MFA, they drop out of the list and may switch it on (next test).
    const setup = await call('POST', '/api/auth/mfa/setup', { token: adminToken });
    const enabled = await call('POST', '/api/auth/mfa/enable', {
      token: adminToken,
      body: { code: totpCode(setup.body.data.secret as string) },
    });
    expect(enabled.status).toBe(200);
    const after = await call('GET', '/api/settings/security/mfa-impact', { token: adminToken });
    expect(after.body.data.impact).toEqual(
      expect.objectContaining({ total: 2, callerHasMfa: true }),
    );
  });

  it('stores the policy, reads it back and audits the change', async () => {
    const on = await call('PUT', '/api/settings/security', {
      token: adminToken,
      body: { requireMfaForPrivileged: true },
    });
    expect(on.status).toBe(200);
    expect(on.body.data.settings).toEqual({ requireMfaForPrivileged: true });
    const read = await call('GET', '/api/settings/security', { token: adminToken });
    expect(read.body.data.settings).toEqual({ requireMfaForPrivileged: true });

    const off = await call('PUT', '/api/settings/security', {
      token: adminToken,
      body: { requireMfaForPrivileged: false },
    });
    expect(off.body.data.settings).toEqual({ requireMfaForPrivileged: false });
    const readAgain = await call('GET', '/api/settings/security', { token: adminToken });
    expect(readAgain.body.data.settings).toEqual({ requireMfaForPrivileged: false });

    const audit = await call('GET', '/api/audit?action=settings.changed', { token: adminToken });
    expect(audit.body.data.items.map((event: { details: unknown }) => event.details)).toEqual([
      {
        key: 'security',
        old: { requireMfaForPrivileged: true },
        new: { requireMfaForPrivileged: false },
      },
      {
        key: 'security',
        old: { requireMfaForPrivileged: false },
        new: { requireMfaForPrivileged: true },
      },
    ]);
    expect(audit.body.data.items[0].actor.email).toBe('admin@poscalls4u.test');
  });

  it.each([
    ['a missing field', {}],
    ['a string for the boolean', { requireMfaForPrivileged: 'true' }],
    ['null', { requireMfaForPrivileged: null }],
    ['an unknown field', { requireMfaForPrivileged: true, sessionLifetimeDays: 365 }],
  ])('refuses %s with 400 and keeps the policy', async (_label, body) => {
    const response = await call('PUT', '/api/settings/security', { token: adminToken, body });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_ERROR');
    const read = await call('GET', '/api/settings/security', { token: adminToken });
    expect(read.body.data.settings).toEqual({ requireMfaForPrivileged: false });
  });

  it('is for admins only', async () => {
    for (const token of [agentToken, supervisorToken]) {
      expect((await call('GET', '/api/settings/security/mfa-impact', { token })).status).toBe(403);
      const read = await call('GET', '/api/settings/security', { token });
      expect(read.status).toBe(403);
      const write = await call('PUT', '/api/settings/security', {
        token,
        body: { requireMfaForPrivileged: false },
      });
      expect(write.status).toBe(403);
      expect(write.body.error.code).toBe('FORBIDDEN');
    }
    expect((await call('GET', '/api/settings/security')).status).toBe(401);
    expect(
      (await call('PUT', '/api/settings/security', { body: { requireMfaForPrivileged: true } }))
        .status,
    ).toBe(401);
  });
});
