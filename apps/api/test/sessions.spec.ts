import { sql } from 'drizzle-orm';
import { createHmac } from 'node:crypto';

import { query, waitFor } from './support/calls';
import { DATABASES, TestApi, apiClient, startTestApi } from './support/test-api';
import { createVerifiedUser } from './support/users';

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function signHs256(header: object, payload: object, secret: string): string {
  const unsigned = `${base64url(header)}.${base64url(payload)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

describe.each(DATABASES)('sessions and tokens on %s', (kind) => {
  let api: TestApi;
  let call: ReturnType<typeof apiClient>;
  let counter = 0;

  async function newUser() {
    const email = `session-${Date.now()}-${++counter}@example.com`;
    const password = 'session-password-1';
    await createVerifiedUser(api, { name: 'Session User', email, password });
    return { email, password };
  }

  async function signIn(
    user: { email: string; password: string },
    headers: Record<string, string> = {},
  ) {
    const response = await call('POST', '/api/auth/login', { body: user, headers });
    expect(response.status).toBe(200);
    return response;
  }

  const profileStatus = async (token: string, on = call) =>
    (await on('GET', '/api/auth/profile', { token })).status;

  beforeAll(async () => {
    api = await startTestApi(kind);
    call = apiClient(api.baseUrl);
    await newUser(); // the first account becomes admin; the users of these tests are agents
  });
  afterAll(() => api.close());

  it('gives API clients the refresh token in the body', async () => {
    const login = await signIn(await newUser());
    expect(login.body.data).toEqual(
      expect.objectContaining({
        token: expect.any(String),
        refreshToken: expect.any(String),
        sessionId: expect.any(String),
      }),
    );
    expect(login.headers.get('set-cookie')).toBeNull();
  });

  it('gives the consoles the refresh token in a __Host- cookie only', async () => {
    const login = await signIn(await newUser(), { 'x-poscalls-client': 'console' });
    expect(login.body.data.refreshToken).toBeUndefined();
    const cookie = login.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^__Host-poscalls4u-refresh=[^;]+;/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Secure/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\//);
    // Beside it, a script-readable hint that holds no secret: "a refresh is worth trying".
    expect(cookie).toMatch(
      /__Host-poscalls4u-session=1; Max-Age=\d+; Path=\/; Expires=[^;]+; Secure; SameSite=Strict(,|$)/,
    );

    const value = /^(__Host-poscalls4u-refresh=[^;]+)/.exec(cookie)?.[1] as string;
    const refreshed = await call('POST', '/api/auth/refresh', {
      headers: { 'x-poscalls-client': 'console', cookie: value },
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.data.refreshToken).toBeUndefined();
    expect(refreshed.headers.get('set-cookie')).toMatch(/^__Host-poscalls4u-refresh=/);
    // Signing out clears both.
    const out = await call('POST', '/api/auth/logout', {
      token: refreshed.body.data.token,
      headers: { 'x-poscalls-client': 'console' },
    });
    expect(out.status).toBe(200);
    const cleared = out.headers.get('set-cookie') ?? '';
    expect(cleared).toMatch(/__Host-poscalls4u-refresh=;/);
    expect(cleared).toMatch(/__Host-poscalls4u-session=;/);
    // Without the console header the cookie is ignored (it is no substitute for a body token).
    expect((await call('POST', '/api/auth/refresh', { headers: { cookie: value } })).status).toBe(
      401,
    );
  });

  it('rotates the refresh token and ends the session when a used one comes back', async () => {
    const login = await signIn(await newUser());
    const first = login.body.data.refreshToken;
    const refreshed = await call('POST', '/api/auth/refresh', { body: { refreshToken: first } });
    expect(refreshed.status).toBe(200);
    const second = refreshed.body.data.refreshToken;
    expect(second).not.toBe(first);
    expect(await profileStatus(refreshed.body.data.token)).toBe(200);

    const reused = await call('POST', '/api/auth/refresh', { body: { refreshToken: first } });
    expect(reused.status).toBe(401);
    // The whole session is over: its newest refresh token and its access tokens too.
    expect(
      (await call('POST', '/api/auth/refresh', { body: { refreshToken: second } })).status,
    ).toBe(401);
    expect(await profileStatus(refreshed.body.data.token)).toBe(401);
    expect(await profileStatus(login.body.data.token)).toBe(401);
  });

  it('refuses an unknown refresh token', async () => {
    expect(
      (await call('POST', '/api/auth/refresh', { body: { refreshToken: 'not-a-token' } })).status,
    ).toBe(401);
    expect((await call('POST', '/api/auth/refresh', { body: {} })).status).toBe(401);
  });

  it('makes the access token fail at once after logout', async () => {
    const login = await signIn(await newUser());
    const { token, refreshToken } = login.body.data;
    expect(await profileStatus(token)).toBe(200);
    expect((await call('POST', '/api/auth/logout', { token })).status).toBe(200);
    expect(await profileStatus(token)).toBe(401);
    expect((await call('POST', '/api/auth/refresh', { body: { refreshToken } })).status).toBe(401);
  });

  it('ends every session with logout-all', async () => {
    const user = await newUser();
    const a = await signIn(user);
    const b = await signIn(user);
    const result = await call('POST', '/api/auth/logout-all', { token: a.body.data.token });
    expect(result.body.data.ended).toBeGreaterThanOrEqual(2);
    expect(await profileStatus(a.body.data.token)).toBe(401);
    expect(await profileStatus(b.body.data.token)).toBe(401);
  });

  it("lists my sessions and revokes one; another user's session id is not found", async () => {
    const user = await newUser();
    const laptop = await signIn(user, {
      'user-agent': 'Mozilla/5.0 (Windows NT 10.0) Chrome/130.0',
    });
    const phone = await signIn(user, { 'user-agent': 'Mozilla/5.0 (iPhone) Safari/605.1' });
    const list = await call('GET', '/api/auth/sessions', { token: laptop.body.data.token });
    expect(list.status).toBe(200);
    const ids = list.body.data.items.map((session: { id: string }) => session.id);
    expect(ids).toEqual(
      expect.arrayContaining([laptop.body.data.sessionId, phone.body.data.sessionId]),
    );
    expect(list.body.data).toMatchObject({ total: ids.length, page: 1, pageSize: 25 });
    const current = list.body.data.items.find((session: { current: boolean }) => session.current);
    expect(current).toMatchObject({
      id: laptop.body.data.sessionId,
      device: 'Chrome on Windows',
      method: 'password',
    });

    const stranger = await signIn(await newUser());
    const foreign = await call('DELETE', `/api/auth/sessions/${phone.body.data.sessionId}`, {
      token: stranger.body.data.token,
    });
    expect(foreign.status).toBe(404);
    expect(await profileStatus(phone.body.data.token)).toBe(200);

    const revoked = await call('DELETE', `/api/auth/sessions/${phone.body.data.sessionId}`, {
      token: laptop.body.data.token,
    });
    expect(revoked.status).toBe(200);
    expect(await profileStatus(phone.body.data.token)).toBe(401);
    expect(await profileStatus(laptop.body.data.token)).toBe(200);
    expect(
      (await call('DELETE', '/api/auth/sessions/not-a-uuid', { token: laptop.body.data.token }))
        .status,
    ).toBe(400);
  });

  describe('access token checks', () => {
    let claims: Record<string, unknown>;
    beforeAll(async () => {
      const login = await signIn(await newUser());
      const payload = login.body.data.token.split('.')[1];
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      expect(claims).toMatchObject({
        typ: 'access',
        iss: 'poscalls4u',
        aud: 'poscalls4u-api',
        sid: login.body.data.sessionId,
      });
    });
    const now = () => Math.floor(Date.now() / 1000);
    const header = { alg: 'HS256', typ: 'JWT' };

    it('accepts a token it signed itself (control)', async () => {
      expect(await profileStatus(signHs256(header, claims, api.jwtSecret))).toBe(200);
    });

    it.each([
      ['expired', () => ({ ...claims, iat: now() - 3600, exp: now() - 60 })],
      ['not yet valid', () => ({ ...claims, nbf: now() + 3600 })],
      ['of another issuer', () => ({ ...claims, iss: 'someone-else' })],
      ['for another audience', () => ({ ...claims, aud: 'another-api' })],
      ['of another type', () => ({ ...claims, typ: 'refresh' })],
      ['without a session', () => ({ ...claims, sid: undefined })],
      ['of an unknown session', () => ({ ...claims, sid: '00000000-0000-4000-8000-000000000000' })],
    ])('refuses a correctly signed token %s', async (_case, build) => {
      expect(await profileStatus(signHs256(header, build(), api.jwtSecret))).toBe(401);
    });

    it.each([
      ['a jku header', { ...header, jku: 'https://attacker.example/keys.json' }],
      ['a jwk header', { ...header, jwk: { kty: 'oct', k: 'AAAA' } }],
      ['an x5u header', { ...header, x5u: 'https://attacker.example/cert.pem' }],
      ['another algorithm', { alg: 'HS512', typ: 'JWT' }],
    ])('refuses a token with %s', async (_case, badHeader) => {
      expect(await profileStatus(signHs256(badHeader, claims, api.jwtSecret))).toBe(401);
    });
  });
});

const describeTwoInstances = process.env.DATABASE_URL ? describe : describe.skip;

describeTwoInstances(
  'revocation across two API instances sharing PostgreSQL (needs DATABASE_URL)',
  () => {
    let first: TestApi;
    let second: TestApi;
    beforeAll(async () => {
      first = await startTestApi('postgres');
      second = await startTestApi('postgres', {}, { shareDatabaseOf: first });
    });
    afterAll(async () => {
      await second.close();
      await first.close();
    });

    /** Signs a new user in on the first instance; the second serves (and caches) the session. */
    async function signedInOnFirstServedBySecond(email: string): Promise<string> {
      const password = 'two-instances-passphrase';
      await createVerifiedUser(first, { name: 'Two Instances', email, password });
      const login = await apiClient(first.baseUrl)('POST', '/api/auth/login', {
        body: { email, password },
      });
      const token = login.body.data.token;
      const profile = await apiClient(second.baseUrl)('GET', '/api/auth/profile', { token });
      expect(profile.status).toBe(200);
      return token;
    }

    it('a logout on one instance ends the token on the other at once', async () => {
      const callFirst = apiClient(first.baseUrl);
      const callSecond = apiClient(second.baseUrl);
      const token = await signedInOnFirstServedBySecond('two-admin@example.com');
      await callFirst('POST', '/api/auth/logout', { token });
      expect((await callSecond('GET', '/api/auth/profile', { token })).status).toBe(401);
    });

    it('forgets every cached session when its LISTEN connection drops, and listens again', async () => {
      const callSecond = apiClient(second.baseUrl);
      const token = await signedInOnFirstServedBySecond('two-agent@example.com');

      const listeners = () =>
        query<{ pid: number }>(
          first,
          sql`select pid from pg_stat_activity
              where datname = current_database() and query like 'LISTEN poscalls4u_session%'`,
        );
      const before = (await listeners()).map((row) => row.pid);
      expect(before).toHaveLength(2);
      await query(
        first,
        sql`select pg_terminate_backend(pid) from pg_stat_activity
            where pid in ${before}`,
      );
      // Both instances notice, empty their caches and listen again on new connections.
      await waitFor(
        listeners,
        (rows) => rows.length === 2 && rows.every((row) => !before.includes(row.pid)),
        15_000,
        'two new LISTEN connections',
      );

      // A revocation that no notification announces: only a cache emptied on the drop sees it.
      await query(first, sql`update sessions set revoked_at = now() where revoked_at is null`);
      expect((await callSecond('GET', '/api/auth/profile', { token })).status).toBe(401);
    });
  },
);
