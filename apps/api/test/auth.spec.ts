import { createHmac } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { DATABASES, TestApi, apiClient, startTestApi } from './support/test-api';
import { createVerifiedUser, emailedToken, outboxEmails } from './support/users';

function base64url(value: object | string): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString(
    'base64url',
  );
}

function signHs256(header: object, payload: object, secret: string): string {
  const unsigned = `${base64url(header)}.${base64url(payload)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

describe.each(DATABASES)('auth API on %s', (kind) => {
  let api: TestApi;
  let call: ReturnType<typeof apiClient>;
  let counter = 0;
  const freshEmail = () => `user${Date.now()}-${++counter}@example.com`;

  beforeAll(async () => {
    api = await startTestApi(kind);
    call = apiClient(api.baseUrl);
    // The first account of an empty system becomes admin; make it now so the others are agents.
    await createVerifiedUser(api, {
      name: 'First Admin',
      email: 'first@example.com',
      password: 'first-admin-password',
    });
    const first = await call('POST', '/api/auth/login', {
      body: { email: 'first@example.com', password: 'first-admin-password' },
    });
    expect(first.status).toBe(200);
    expect(first.body.data.user.role).toBe('admin');
  });
  afterAll(() => api.close());

  it('signs up without signing in, then signs in once the email is confirmed', async () => {
    const email = freshEmail();
    const password = 'seed-brief-password-123';
    const registered = await call('POST', '/api/auth/register', {
      body: { name: 'Test User', email, password, role: 'agent' },
    });
    expect(registered.status).toBe(201);
    expect(registered.body).toEqual({
      success: true,
      data: { message: 'Check your email to confirm your address.' },
    });

    const early = await call('POST', '/api/auth/login', { body: { email, password } });
    expect(early.status).toBe(403);
    expect(early.body.error.code).toBe('EMAIL_NOT_VERIFIED');

    const token = await emailedToken(api, email, '/agent/verify-email');
    const verified = await call('POST', '/api/auth/verify-email', { body: { token } });
    expect(verified.status).toBe(200);

    const login = await call('POST', '/api/auth/login', { body: { email, password } });
    expect(login.status).toBe(200);
    expect(login.body.success).toBe(true);
    expect(login.body.data.expiresIn).toBe(900);

    const profile = await call('GET', '/api/auth/profile', { token: login.body.data.token });
    expect(profile.status).toBe(200);
    expect(profile.body.data.user).toMatchObject({
      email,
      role: 'agent',
      emailVerified: true,
      isActive: true,
    });
    expect(JSON.stringify(profile.body)).not.toMatch(/password|hash/i);
    expect(JSON.stringify(login.body)).not.toMatch(/passwordHash|\$2[aby]\$/);
  });

  it('treats the email case-insensitively', async () => {
    const email = freshEmail();
    await createVerifiedUser(api, {
      name: 'Case',
      email: email.toUpperCase(),
      password: 'case-password',
    });
    const login = await call('POST', '/api/auth/login', {
      body: { email: ` ${email} `, password: 'case-password' },
    });
    expect(login.status).toBe(200);
    expect(login.body.data.user.email).toBe(email);
  });

  it.each([
    ['a missing field', { email: 'x@example.com', password: 'long-enough' }, 'name'],
    ['a bad email', { name: 'X', email: 'not-an-email', password: 'long-enough' }, 'email'],
    [
      'a 7-character password',
      { name: 'X', email: 'seven@example.com', password: '1234567' },
      'password',
    ],
    [
      'an unknown field',
      { name: 'X', email: 'unknown@example.com', password: 'long-enough', isAdmin: true },
      'isAdmin',
    ],
    [
      'a password over 128 characters',
      { name: 'X', email: 'long@example.com', password: 'x'.repeat(129) },
      'password',
    ],
    ['a non-string name', { name: 42, email: 'num@example.com', password: 'long-enough' }, 'name'],
  ])(
    'refuses a sign-up with %s: 400 VALIDATION_ERROR naming the field',
    async (_case, body, field) => {
      const response = await call('POST', '/api/auth/register', { body });
      expect(response.status).toBe(400);
      expect(response.body.success).toBe(false);
      expect(response.body.error.code).toBe('VALIDATION_ERROR');
      expect(response.body.error.details.map((issue: { field: string }) => issue.field)).toContain(
        field,
      );
    },
  );

  it('refuses a non-JSON body and malformed JSON with 400', async () => {
    const text = await call('POST', '/api/auth/register', {
      rawBody: 'name=x&email=y',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(text.status).toBe(400);
    expect(text.body.error.code).toBe('VALIDATION_ERROR');

    const malformed = await call('POST', '/api/auth/register', {
      rawBody: '{"name": "x",',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ success: false, error: { code: 'VALIDATION_ERROR' } });
    expect(JSON.stringify(malformed.body)).not.toMatch(/at .*\.js/);

    const empty = await call('POST', '/api/auth/register', {});
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe('VALIDATION_ERROR');
  });

  it('refuses an oversized body with 413', async () => {
    const response = await call('POST', '/api/auth/register', {
      body: { name: 'x'.repeat(200_000), email: 'big@example.com', password: 'long-enough' },
    });
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses a sign-up asking for another role with 403', async () => {
    const response = await call('POST', '/api/auth/register', {
      body: { name: 'Sneaky', email: freshEmail(), password: 'long-enough', role: 'admin' },
    });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('FORBIDDEN');
  });

  it('answers a sign-up with a registered email like any other, and emails the owner', async () => {
    const email = freshEmail();
    const first = await call('POST', '/api/auth/register', {
      body: { name: 'One', email, password: 'long-enough' },
    });
    const again = await call('POST', '/api/auth/register', {
      body: { name: 'Two', email: email.toUpperCase(), password: 'other-password' },
    });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    await api.settle();
    const warning = outboxEmails(api).find(
      (text) => text.includes(email) && /tried to sign up/i.test(text),
    );
    expect(warning).toContain('http://localhost:4200/agent/forgot-password');
  });

  it('gives the same 401 for a wrong password and an unknown email', async () => {
    const email = freshEmail();
    await createVerifiedUser(api, { name: 'Wrong', email, password: 'right-password' });
    const wrong = await call('POST', '/api/auth/login', {
      body: { email, password: 'wrong-password' },
    });
    const unknown = await call('POST', '/api/auth/login', {
      body: { email: freshEmail(), password: 'wrong-password' },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('UNAUTHORIZED');
    expect(unknown.status).toBe(401);
    expect(unknown.body.error).toEqual({
      ...wrong.body.error,
      requestId: unknown.body.error.requestId,
    });
  });

  it('does not truncate long passwords (bcrypt reads only 72 bytes)', async () => {
    const email = freshEmail();
    const password = `${'é'.repeat(40)}-tail-one`;
    await createVerifiedUser(api, { name: 'Long', email, password });
    const sameStart = await call('POST', '/api/auth/login', {
      body: { email, password: `${'é'.repeat(40)}-tail-two` },
    });
    expect(sameStart.status).toBe(401);
    const exact = await call('POST', '/api/auth/login', { body: { email, password } });
    expect(exact.status).toBe(200);
  });

  describe('profile', () => {
    let token: string;
    let userId: string;
    beforeAll(async () => {
      const email = freshEmail();
      await createVerifiedUser(api, { name: 'Profile', email, password: 'profile-password' });
      const login = await call('POST', '/api/auth/login', {
        body: { email, password: 'profile-password' },
      });
      token = login.body.data.token;
      userId = login.body.data.user.id;
    });

    it('needs a token', async () => {
      const response = await call('GET', '/api/auth/profile');
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('UNAUTHORIZED');
    });

    it('refuses a tampered token', async () => {
      const [header, payload, signature] = token.split('.');
      const claims = JSON.parse(Buffer.from(payload as string, 'base64url').toString());
      const tampered = `${header}.${base64url({ ...claims, role: 'admin' })}.${signature}`;
      expect((await call('GET', '/api/auth/profile', { token: tampered })).status).toBe(401);
    });

    it('refuses a token signed with another secret, alg none, expired, or of another type', async () => {
      const now = Math.floor(Date.now() / 1000);
      const claims = {
        sub: userId,
        role: 'agent',
        typ: 'access',
        iss: 'poscalls4u',
        aud: 'poscalls4u-api',
        iat: now,
        exp: now + 600,
      };
      const forged = signHs256(
        { alg: 'HS256', typ: 'JWT' },
        claims,
        'not-the-secret-of-this-server-at-all',
      );
      const none = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims)}.`;
      for (const bad of [forged, none, 'not.a.jwt', 'garbage']) {
        const response = await call('GET', '/api/auth/profile', { token: bad });
        expect(response.status).toBe(401);
        expect(response.body.error.code).toBe('UNAUTHORIZED');
      }
    });

    it('answers the user without any secret', async () => {
      const response = await call('GET', '/api/auth/profile', { token });
      expect(response.status).toBe(200);
      expect(Object.keys(response.body.data.user).sort()).toEqual([
        'avatarUrl',
        'createdAt',
        'email',
        'emailVerified',
        'id',
        'isActive',
        'lastLoginAt',
        'mfaEnabled',
        'name',
        'role',
      ]);
    });
  });

  it('writes the welcome email to the outbox folder once the email is confirmed', async () => {
    const email = freshEmail();
    await createVerifiedUser(api, { name: 'Mail <Reader>', email, password: 'mail-password' });
    await api.settle();
    const outbox = join(api.dataDir, 'outbox');
    const messages = readdirSync(outbox).map((file) => readFileSync(join(outbox, file), 'utf8'));
    const welcome = messages.find((message) => message.includes(email) && /Welcome/.test(message));
    expect(welcome).toBeDefined();
    expect(welcome).toMatch(/Subject: .*Welcome/i);
    expect(welcome).toContain('http://localhost:4200/agent/sign-in');
  });
});
