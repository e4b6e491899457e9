import { Client } from 'pg';

import { DATABASES, TestApi, apiClient, startTestApi } from './support/test-api';
import { createVerifiedUser, emailedToken, outboxEmails } from './support/users';

describe.each(DATABASES)('account flows on %s', (kind) => {
  let api: TestApi;
  let call: ReturnType<typeof apiClient>;
  let adminToken: string;
  let counter = 0;
  const freshEmail = () => `account${Date.now()}-${++counter}@example.com`;

  beforeAll(async () => {
    api = await startTestApi(kind);
    call = apiClient(api.baseUrl);
    await createVerifiedUser(api, { email: 'admin@example.com', password: 'admin-password-1' });
    adminToken = (await signIn('admin@example.com', 'admin-password-1')).body.data.token;
  });
  afterAll(() => api.close());

  const signIn = (email: string, password: string, headers: Record<string, string> = {}) =>
    call('POST', '/api/auth/login', { body: { email, password }, headers });

  async function verifiedUser(password = 'account-password-1') {
    const email = freshEmail();
    await createVerifiedUser(api, { email, password });
    return { email, password };
  }

  /**
   * Makes the user's unused tokens expired: through SQL on the PostgreSQL server; on PGlite (the
   * API holds its only connection) by issuing them with the clock set back instead.
   */
  async function expireTokensOf(email: string): Promise<void> {
    const client = new Client({ connectionString: api.databaseUrl });
    await client.connect();
    await client.query(
      `update one_time_tokens set expires_at = now() - interval '1 minute'
       where used_at is null and user_id = (select id from users where email = $1)`,
      [email],
    );
    await client.end();
  }
  async function withClockBack<T>(hours: number, work: () => Promise<T>): Promise<T> {
    const realNow = Date.now.bind(Date);
    const spy = jest.spyOn(Date, 'now').mockImplementation(() => realNow() - hours * 3600_000);
    try {
      return await work();
    } finally {
      spy.mockRestore();
    }
  }

  describe('email verification', () => {
    it('refuses sign-in before verification, and the token works once', async () => {
      const email = freshEmail();
      const password = 'verify-me-password';
      await call('POST', '/api/auth/register', { body: { name: 'V', email, password } });
      const early = await signIn(email, password);
      expect(early.status).toBe(403);
      expect(early.body.error.code).toBe('EMAIL_NOT_VERIFIED');
      // A wrong password says nothing about verification.
      expect((await signIn(email, 'not-the-password')).status).toBe(401);

      const token = await emailedToken(api, email, '/agent/verify-email');
      expect((await call('POST', '/api/auth/verify-email', { body: { token } })).status).toBe(200);
      const again = await call('POST', '/api/auth/verify-email', { body: { token } });
      expect(again.status).toBe(400);
      expect(again.body.error.code).toBe('VALIDATION_ERROR');
      expect(again.body.error.message).toMatch(/invalid, used or expired/);
      expect((await signIn(email, password)).status).toBe(200);
    });

    it('refuses an expired and an unknown token', async () => {
      const email = freshEmail();
      const password = 'expiring-password';
      if (kind === 'postgres') {
        await call('POST', '/api/auth/register', { body: { name: 'E', email, password } });
        await emailedToken(api, email, '/agent/verify-email');
        await expireTokensOf(email);
      } else {
        await withClockBack(25, async () => {
          await call('POST', '/api/auth/register', { body: { name: 'E', email, password } });
        });
      }
      const token = await emailedToken(api, email, '/agent/verify-email');
      const expired = await call('POST', '/api/auth/verify-email', { body: { token } });
      expect(expired.status).toBe(400);
      expect(expired.body.error.code).toBe('VALIDATION_ERROR');
      const unknown = await call('POST', '/api/auth/verify-email', {
        body: { token: 'x'.repeat(43) },
      });
      expect(unknown.status).toBe(400);
      expect((await signIn(email, password)).status).toBe(403);
    });

    it('resends the same answer for everyone; a new link replaces the old one', async () => {
      const email = freshEmail();
      await call('POST', '/api/auth/register', {
        body: { name: 'R', email, password: 'resend-password' },
      });
      const first = await emailedToken(api, email, '/agent/verify-email');
      const before = outboxEmails(api).filter((text) => text.includes(email)).length;
      const known = await call('POST', '/api/auth/resend-verification', { body: { email } });
      const unknown = await call('POST', '/api/auth/resend-verification', {
        body: { email: freshEmail() },
      });
      expect(known.status).toBe(200);
      expect(unknown.status).toBe(200);
      expect(unknown.body).toEqual(known.body);
      const second = await emailedToken(api, email, '/agent/verify-email', { after: before });
      expect(second).not.toBe(first);
      expect(
        (await call('POST', '/api/auth/verify-email', { body: { token: first } })).status,
      ).toBe(400);
      expect(
        (await call('POST', '/api/auth/verify-email', { body: { token: second } })).status,
      ).toBe(200);
    });
  });

  describe('password reset', () => {
    it('answers forgot-password the same for unknown and known emails', async () => {
      const { email } = await verifiedUser();
      const known = await call('POST', '/api/auth/forgot-password', { body: { email } });
      const unknown = await call('POST', '/api/auth/forgot-password', {
        body: { email: freshEmail() },
      });
      expect(known.status).toBe(200);
      expect(unknown.status).toBe(200);
      expect(unknown.body).toEqual(known.body);
      await emailedToken(api, email, '/agent/reset-password');
    });

    it('resets once, signs out every session, and the token cannot be used again', async () => {
      const { email, password } = await verifiedUser();
      const one = await signIn(email, password);
      const two = await signIn(email, password, { 'user-agent': 'second-device' });
      await call('POST', '/api/auth/forgot-password', { body: { email } });
      const token = await emailedToken(api, email, '/agent/reset-password');

      const weak = await call('POST', '/api/auth/reset-password', {
        body: { token, password: 'password1' },
      });
      expect(weak.status).toBe(400);
      expect(weak.body.error.details[0].field).toBe('password');

      const reset = await call('POST', '/api/auth/reset-password', {
        body: { token, password: 'after-the-reset-1' },
      });
      expect(reset.status).toBe(200);
      for (const login of [one, two]) {
        const profile = await call('GET', '/api/auth/profile', { token: login.body.data.token });
        expect(profile.status).toBe(401);
      }
      const reused = await call('POST', '/api/auth/reset-password', {
        body: { token, password: 'after-the-reset-2' },
      });
      expect(reused.status).toBe(400);
      expect((await signIn(email, password)).status).toBe(401);
      expect((await signIn(email, 'after-the-reset-1')).status).toBe(200);
      await api.settle();
      expect(
        outboxEmails(api).some(
          (text) => text.includes(email) && /password was changed/i.test(text),
        ),
      ).toBe(true);
    });

    it('refuses an expired reset token', async () => {
      const { email, password } = await verifiedUser();
      const count = outboxEmails(api).length;
      if (kind === 'postgres') {
        await call('POST', '/api/auth/forgot-password', { body: { email } });
        await emailedToken(api, email, '/agent/reset-password');
        await expireTokensOf(email);
      } else {
        await withClockBack(2, async () => {
          await call('POST', '/api/auth/forgot-password', { body: { email } });
          await emailedToken(api, email, '/agent/reset-password');
        });
      }
      expect(outboxEmails(api).length).toBeGreaterThan(count);
      const token = await emailedToken(api, email, '/agent/reset-password');
      const expired = await call('POST', '/api/auth/reset-password', {
        body: { token, password: 'never-set-password' },
      });
      expect(expired.status).toBe(400);
      expect(expired.body.error.code).toBe('VALIDATION_ERROR');
      expect((await signIn(email, password)).status).toBe(200);
    });
  });

  describe('change password', () => {
    it('keeps the current session and ends the others', async () => {
      const { email, password } = await verifiedUser();
      const current = await signIn(email, password);
      const other = await signIn(email, password, { 'user-agent': 'other-device' });

      const wrong = await call('POST', '/api/auth/change-password', {
        token: current.body.data.token,
        body: { currentPassword: 'not-my-password', newPassword: 'changed-password-1' },
      });
      expect(wrong.status).toBe(401);
      const weak = await call('POST', '/api/auth/change-password', {
        token: current.body.data.token,
        body: { currentPassword: password, newPassword: 'short' },
      });
      expect(weak.status).toBe(400);
      expect(weak.body.error.details[0].field).toBe('newPassword');

      const changed = await call('POST', '/api/auth/change-password', {
        token: current.body.data.token,
        body: { currentPassword: password, newPassword: 'changed-password-1' },
      });
      expect(changed.status).toBe(200);
      const mine = await call('GET', '/api/auth/profile', { token: current.body.data.token });
      expect(mine.status).toBe(200);
      const theirs = await call('GET', '/api/auth/profile', { token: other.body.data.token });
      expect(theirs.status).toBe(401);
      expect((await signIn(email, 'changed-password-1')).status).toBe(200);
    });
  });

  describe('profile', () => {
    it('changes the name and avatar, refuses a non-https avatar', async () => {
      const { email, password } = await verifiedUser();
      const token = (await signIn(email, password)).body.data.token;
      const updated = await call('PATCH', '/api/auth/profile', {
        token,
        body: { name: '  New Name ', avatarUrl: 'https://images.example.com/a.png' },
      });
      expect(updated.status).toBe(200);
      expect(updated.body.data.user).toMatchObject({
        name: 'New Name',
        avatarUrl: 'https://images.example.com/a.png',
      });
      const cleared = await call('PATCH', '/api/auth/profile', {
        token,
        body: { avatarUrl: null },
      });
      expect(cleared.body.data.user.avatarUrl).toBeNull();
      for (const avatarUrl of [
        'http://images.example.com/a.png',
        'javascript:alert(1)',
        `https://x.com/${'a'.repeat(2050)}`,
      ]) {
        const refused = await call('PATCH', '/api/auth/profile', { token, body: { avatarUrl } });
        expect(refused.status).toBe(400);
      }
      const escalate = await call('PATCH', '/api/auth/profile', { token, body: { role: 'admin' } });
      expect(escalate.status).toBe(400);
    });
  });

  describe('sign-in notices and audit', () => {
    it('emails a new sign-in from an unseen device, but not the first sign-in ever', async () => {
      const { email, password } = await verifiedUser();
      await signIn(email, password);
      await signIn(email, password);
      await api.settle();
      const notices = () =>
        outboxEmails(api).filter((text) => text.includes(email) && /New sign-in/.test(text));
      expect(notices()).toHaveLength(0);
      await signIn(email, password, {
        'user-agent': 'Mozilla/5.0 (Windows NT 10.0) Firefox/130.0',
      });
      await api.settle();
      expect(notices()).toHaveLength(1);
      expect(notices()[0]).toContain('Firefox on Windows');
    });

    it('audits sign-in failures with the email tried and successes', async () => {
      const unknownEmail = freshEmail();
      await signIn(unknownEmail, 'whatever-password');
      const events = await call('GET', '/api/audit?action=auth.sign_in&outcome=failure', {
        token: adminToken,
      });
      expect(events.status).toBe(200);
      expect(
        events.body.data.items.some(
          (event: { email: string | null }) => event.email === unknownEmail,
        ),
      ).toBe(true);
    });
  });
});
