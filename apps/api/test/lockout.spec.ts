import { SmtpCatcher, startSmtpCatcher } from './support/smtp-catcher';
import { DATABASES, TestApi, apiClient, startTestApi } from './support/test-api';
import { createVerifiedUser, emailedToken, waitForEmail } from './support/users';

describe.each(DATABASES)('lockout on %s', (kind) => {
  let smtp: SmtpCatcher;
  let api: TestApi;
  let call: ReturnType<typeof apiClient>;
  let counter = 0;
  const freshEmail = () => `lock${Date.now()}-${++counter}@example.com`;

  beforeAll(async () => {
    smtp = await startSmtpCatcher();
    api = await startTestApi(kind, {
      EMAIL_HOST: '127.0.0.1',
      EMAIL_PORT: String(smtp.port),
      EMAIL_SECURE: 'false',
      EMAIL_USER: 'mailer',
      EMAIL_PASSWORD: 'mailer-secret',
      EMAIL_FROM: 'PosCalls4U <no-reply@poscalls4u.test>',
    });
    call = apiClient(api.baseUrl);
  });
  afterAll(async () => {
    await api.close();
    await smtp.close();
  });

  const login = (email: string, password: string) =>
    call('POST', '/api/auth/login', { body: { email, password } });

  it('locks after 5 failures (case variants share the counter), emails the owner, and a reset unlocks', async () => {
    const email = freshEmail();
    const password = 'the-right-password';
    await createVerifiedUser(api, { email, password }, { smtp });

    for (let attempt = 1; attempt <= 5; attempt++) {
      const variant = attempt % 2 === 0 ? email.toUpperCase() : email;
      const failed = await login(variant, `wrong-password-${attempt}`);
      expect(failed.status).toBe(401);
      expect(failed.body.error.message).toBe('Wrong email or password.');
    }
    // The sixth, with the RIGHT password: still the same 401.
    const locked = await login(email, password);
    expect(locked.status).toBe(401);
    expect(locked.body.error.message).toBe('Wrong email or password.');
    const unknown = await login(freshEmail(), password);
    expect(locked.body.error).toEqual({
      ...unknown.body.error,
      requestId: locked.body.error.requestId,
    });

    const lockMail = await waitForEmail(smtp, email, /locked/i);
    expect(lockMail.text).toContain('5 failed sign-ins');

    const token = await emailedToken(api, email, '/agent/reset-password', { smtp });
    const reset = await call('POST', '/api/auth/reset-password', {
      body: { token, password: 'a-brand-new-password' },
    });
    expect(reset.status).toBe(200);
    expect((await login(email, 'a-brand-new-password')).status).toBe(200);
  });

  it('resets the counter after a success', async () => {
    const email = freshEmail();
    const password = 'counter-reset-password';
    await createVerifiedUser(api, { email, password }, { smtp });
    for (let i = 0; i < 4; i++) expect((await login(email, 'nope-nope-nope')).status).toBe(401);
    expect((await login(email, password)).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await login(email, 'nope-nope-nope')).status).toBe(401);
    expect((await login(email, password)).status).toBe(200);
  });
});
