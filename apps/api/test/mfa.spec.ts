import { Client } from 'pg';

import { DATABASES, TestApi, apiClient, startTestApi } from './support/test-api';
import { totpCode, wrongTotpCode } from './support/totp';

const DEMO_PASSWORD = 'poscalls4u-demo';

describe.each(DATABASES)('two-factor authentication on %s', (kind) => {
  let api: TestApi;
  let call: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    api = await startTestApi(kind, { DEMO_SEED: 'true' });
    call = apiClient(api.baseUrl);
  });
  afterAll(() => api.close());

  async function signIn(email: string) {
    return call('POST', '/api/auth/login', { body: { email, password: DEMO_PASSWORD } });
  }

  async function tokenOf(email: string): Promise<string> {
    const response = await signIn(email);
    expect(response.status).toBe(200);
    return response.body.data.token as string;
  }

  /** Sets up and turns on MFA for a demo user (the enabling code uses the current time step). */
  async function enrol(email: string) {
    const token = await tokenOf(email);
    const setup = await call('POST', '/api/auth/mfa/setup', { token });
    expect(setup.status).toBe(200);
    const secret = setup.body.data.secret as string;
    const enable = await call('POST', '/api/auth/mfa/enable', {
      token,
      body: { code: totpCode(secret) },
    });
    expect(enable.status).toBe(200);
    return { token, secret, recoveryCodes: enable.body.data.recoveryCodes as string[] };
  }

  async function challengeOf(email: string): Promise<string> {
    const response = await signIn(email);
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('MFA_REQUIRED');
    return response.body.error.mfa.challengeToken as string;
  }

  const verify = (challengeToken: string, code: string) =>
    call('POST', '/api/auth/mfa/verify', { body: { challengeToken, code } });

  async function userRow(email: string) {
    const client = new Client({ connectionString: api.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query(
        'select id, mfa_secret_encrypted, mfa_enabled_at, mfa_last_used_step from users where email = $1',
        [email],
      );
      return rows[0] as {
        id: string;
        mfa_secret_encrypted: string | null;
        mfa_enabled_at: Date | null;
        mfa_last_used_step: string | null;
      };
    } finally {
      await client.end();
    }
  }

  it('enrols with a QR code, turns on with a code and hands out ten recovery codes once', async () => {
    const email = 'agent1@poscalls4u.test';
    const token = await tokenOf(email);
    const setup = await call('POST', '/api/auth/mfa/setup', { token });
    expect(setup.status).toBe(200);
    const { secret, otpauthUrl, qrCodeDataUrl } = setup.body.data;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/); // 20 bytes in base32
    const uri = new URL(otpauthUrl);
    expect(uri.protocol).toBe('otpauth:');
    expect(decodeURIComponent(otpauthUrl)).toMatch(
      /^otpauth:\/\/totp\/PosCalls4U:agent1@poscalls4u\.test\?/,
    );
    expect(uri.searchParams.get('secret')).toBe(secret);
    expect(uri.searchParams.get('issuer')).toBe('PosCalls4U');
    expect(qrCodeDataUrl).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/=]{100,}$/);

    // Not on yet: a password sign-in still gives a session.
    expect((await signIn(email)).status).toBe(200);
    const wrong = await call('POST', '/api/auth/mfa/enable', {
      token,
      body: { code: wrongTotpCode(secret) },
    });
    expect(wrong.status).toBe(400);

    const enable = await call('POST', '/api/auth/mfa/enable', {
      token,
      body: { code: totpCode(secret) },
    });
    expect(enable.status).toBe(200);
    const codes = enable.body.data.recoveryCodes as string[];
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-7]{4}-[a-z2-7]{4}$/);

    // Set-up again while on is refused (the secret is not replaced behind the user's back).
    expect((await call('POST', '/api/auth/mfa/setup', { token })).status).toBe(409);
  });

  it('answers MFA_REQUIRED to a password sign-in and opens the session with a TOTP code, once', async () => {
    const email = 'agent2@poscalls4u.test';
    const { secret } = await enrol(email);
    const challengeToken = await challengeOf(email);
    expect(challengeToken.split('.')).toHaveLength(3);

    const code = totpCode(secret, 1); // the enabling code used the current step
    const verified = await verify(challengeToken, code);
    expect(verified.status).toBe(200);
    expect(verified.body.data.user.email).toBe(email);
    const sessions = await call('GET', '/api/auth/sessions', { token: verified.body.data.token });
    expect(sessions.status).toBe(200);
    expect(sessions.body.data.items.find((s: { current: boolean }) => s.current).method).toBe(
      'mfa',
    );

    // The same code again, even with a fresh challenge, is refused; so is an earlier step.
    const replay = await verify(await challengeOf(email), code);
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe('UNAUTHORIZED');
    expect((await verify(await challengeOf(email), totpCode(secret, 0))).status).toBe(401);
    expect((await verify(await challengeOf(email), totpCode(secret, -1))).status).toBe(401);
  });

  it('accepts each recovery code once', async () => {
    const email = 'agent3@poscalls4u.test';
    const { recoveryCodes } = await enrol(email);
    const [first, second] = recoveryCodes as [string, string];
    const ok = await verify(await challengeOf(email), first.toUpperCase());
    expect(ok.status).toBe(200);
    expect((await verify(await challengeOf(email), first)).status).toBe(401);
    expect((await verify(await challengeOf(email), second)).status).toBe(200);
  });

  it('keeps challenge tokens and access tokens apart', async () => {
    const email = 'agent4@poscalls4u.test';
    await enrol(email);
    const challengeToken = await challengeOf(email);
    expect((await call('GET', '/api/auth/profile', { token: challengeToken })).status).toBe(401);

    const accessToken = await tokenOf('agent5@poscalls4u.test');
    const asChallenge = await verify(accessToken, '123456');
    expect(asChallenge.status).toBe(401);
    expect((await verify('not-a-token', '123456')).status).toBe(401);
  });

  it('counts wrong codes toward the lockout, after which even a right code is refused the same way', async () => {
    const email = 'agent6@poscalls4u.test';
    const { secret } = await enrol(email);
    const challengeToken = await challengeOf(email);
    const wrong = await verify(challengeToken, wrongTotpCode(secret));
    expect(wrong.status).toBe(401);
    for (let attempt = 2; attempt <= 5; attempt++) {
      expect((await verify(challengeToken, wrongTotpCode(secret))).status).toBe(401);
    }
    // Locked now: the right code gets exactly the answer of a wrong one.
    const locked = await verify(challengeToken, totpCode(secret, 1));
    expect(locked.status).toBe(401);
    expect(locked.body.error.code).toBe(wrong.body.error.code);
    expect(locked.body.error.message).toBe(wrong.body.error.message);
    const adminToken = await tokenOf('admin@poscalls4u.test');
    const lockouts = await call('GET', '/api/audit?action=auth.lockout&pageSize=100', {
      token: adminToken,
    });
    expect(
      lockouts.body.data.items.some(
        (item: { target: { email: string } | null }) => item.target?.email === email,
      ),
    ).toBe(true);
  });

  it('replaces the recovery codes and turns MFA off with the password and a code', async () => {
    const email = 'agent7@poscalls4u.test';
    const { token, secret, recoveryCodes } = await enrol(email);
    const regenerated = await call('POST', '/api/auth/mfa/recovery-codes', {
      token,
      body: { code: totpCode(secret, 1) },
    });
    expect(regenerated.status).toBe(200);
    const fresh = regenerated.body.data.recoveryCodes as string[];
    expect(fresh).toHaveLength(10);
    expect((await verify(await challengeOf(email), recoveryCodes[0] as string)).status).toBe(401);

    const badPassword = await call('POST', '/api/auth/mfa/disable', {
      token,
      body: { password: 'not-the-password', code: fresh[0] },
    });
    expect(badPassword.status).toBe(400);
    const disabled = await call('POST', '/api/auth/mfa/disable', {
      token,
      body: { password: DEMO_PASSWORD, code: fresh[0] },
    });
    expect(disabled.status).toBe(200);
    expect(disabled.body.data).toEqual({ enabled: false });
    expect((await signIn(email)).status).toBe(200);
  });

  it('records enabling and MFA sign-ins in the audit log', async () => {
    const adminToken = await tokenOf('admin@poscalls4u.test');
    const audit = await call('GET', '/api/audit?action=auth.mfa_enabled&pageSize=100', {
      token: adminToken,
    });
    expect(audit.status).toBe(200);
    expect(audit.body.data.total).toBeGreaterThanOrEqual(5);
    const signIns = await call('GET', '/api/audit?action=auth.sign_in_mfa&pageSize=100', {
      token: adminToken,
    });
    const outcomes = new Set(
      signIns.body.data.items.map((item: { outcome: string }) => item.outcome),
    );
    expect(outcomes).toEqual(new Set(['success', 'failure']));
  });

  if (kind === 'postgres') {
    it('stores the secret encrypted (AES-256-GCM, v1:iv:tag:ciphertext) and the accepted step', async () => {
      const email = 'agent8@poscalls4u.test';
      const { secret } = await enrol(email);
      const row = await userRow(email);
      expect(row.mfa_enabled_at).toBeInstanceOf(Date);
      expect(row.mfa_last_used_step).not.toBeNull();
      const stored = row.mfa_secret_encrypted as string;
      expect(stored).not.toContain(secret);
      const parts = stored.split(':');
      expect(parts).toHaveLength(4);
      expect(parts[0]).toBe('v1');
      expect(Buffer.from(parts[1] as string, 'base64')).toHaveLength(12);
      expect(Buffer.from(parts[2] as string, 'base64')).toHaveLength(16);
      expect(Buffer.from(secret.toLowerCase()).toString('base64')).not.toBe(parts[3]);
    });
  }

  it('requires privileged users to set up MFA when the organisation says so', async () => {
    const adminToken = await tokenOf('admin@poscalls4u.test');
    const supervisorToken = await tokenOf('supervisor1@poscalls4u.test');
    const agentToken = await tokenOf('agent9@poscalls4u.test');
    // An admin without MFA may not require it (it would lock them out): they enrol first.
    const refused = await call('PUT', '/api/settings/security', {
      token: adminToken,
      body: { requireMfaForPrivileged: true },
    });
    expect(refused.status).toBe(409);
    const setup = await call('POST', '/api/auth/mfa/setup', { token: adminToken });
    expect(setup.status).toBe(200);
    const secret = setup.body.data.secret as string;
    expect(
      (
        await call('POST', '/api/auth/mfa/enable', {
          token: adminToken,
          body: { code: totpCode(secret) },
        })
      ).status,
    ).toBe(200);
    const on = await call('PUT', '/api/settings/security', {
      token: adminToken,
      body: { requireMfaForPrivileged: true },
    });
    expect(on.status).toBe(200);
    // The admin with MFA keeps working.
    expect((await call('GET', '/api/users', { token: adminToken })).status).toBe(200);

    // The guard reads the policy at most every few seconds.
    let users = await call('GET', '/api/teams', { token: supervisorToken });
    for (let waited = 0; users.status === 200 && waited < 8_000; waited += 250) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      users = await call('GET', '/api/teams', { token: supervisorToken });
    }
    expect(users.status).toBe(403);
    expect(users.body.error).toEqual(
      expect.objectContaining({
        code: 'MFA_SETUP_REQUIRED',
        message: 'Set up two-factor authentication to continue.',
      }),
    );
    // An agent is not caught.
    expect((await call('GET', '/api/auth/sessions', { token: agentToken })).status).toBe(200);

    // What it takes to comply stays open.
    expect((await call('GET', '/api/auth/profile', { token: supervisorToken })).status).toBe(200);
    const supervisorSetup = await call('POST', '/api/auth/mfa/setup', { token: supervisorToken });
    expect(supervisorSetup.status).toBe(200);
    const enabled = await call('POST', '/api/auth/mfa/enable', {
      token: supervisorToken,
      body: { code: totpCode(supervisorSetup.body.data.secret) },
    });
    expect(enabled.status).toBe(200);

    // With MFA on, the same session reaches everything again, and so does a new (MFA) one.
    expect((await call('GET', '/api/teams', { token: supervisorToken })).status).toBe(200);
    const verified = await verify(
      await challengeOf('supervisor1@poscalls4u.test'),
      totpCode(supervisorSetup.body.data.secret, 1),
    );
    expect(verified.status).toBe(200);
    expect((await call('GET', '/api/teams', { token: verified.body.data.token })).status).toBe(200);
  });
});
