import { eq } from 'drizzle-orm';
import { createHash } from 'node:crypto';

import { DATABASE, Database, oneTimeTokens, users } from '@poscalls4u/server-database';

import { SmtpCatcher, startSmtpCatcher } from './support/smtp-catcher';
import { DATABASES, TestApi, apiClient, startTestApi } from './support/test-api';

const DEMO_PASSWORD = 'poscalls4u-demo';
const ADMIN = 'admin@poscalls4u.test';
const SUPERVISOR = 'supervisor1@poscalls4u.test';
const AGENT = 'agent1@poscalls4u.test';
const UNKNOWN_ID = '3f2c1b6a-0d4e-4f5a-9b8c-7d6e5f4a3b2c';

const smtpEnv = (smtp: SmtpCatcher) => ({
  EMAIL_HOST: '127.0.0.1',
  EMAIL_PORT: String(smtp.port),
  EMAIL_SECURE: 'false',
  EMAIL_USER: 'mailer',
  EMAIL_PASSWORD: 'mailer-secret',
  EMAIL_FROM: 'PosCalls4U <no-reply@poscalls4u.test>',
});

describe.each(DATABASES)('users admin API on %s', (kind) => {
  let smtp: SmtpCatcher;
  let api: TestApi;
  let db: Database;
  let call: ReturnType<typeof apiClient>;
  let adminToken: string;
  let supervisorToken: string;
  let agentToken: string;

  async function signIn(email: string, password = DEMO_PASSWORD): Promise<string> {
    const response = await call('POST', '/api/auth/login', { body: { email, password } });
    expect(response.status).toBe(200);
    return response.body.data.token as string;
  }

  async function userIdOf(email: string): Promise<string> {
    const response = await call('GET', `/api/users?search=${encodeURIComponent(email)}`, {
      token: adminToken,
    });
    expect(response.body.data.total).toBe(1);
    return response.body.data.items[0].id as string;
  }

  beforeAll(async () => {
    smtp = await startSmtpCatcher();
    api = await startTestApi(kind, { DEMO_SEED: 'true', ...smtpEnv(smtp) });
    // For the rows no route shows or sets: an invitation's token hash, a lockout.
    db = api.app.get<Database>(DATABASE);
    call = apiClient(api.baseUrl);
    adminToken = await signIn(ADMIN);
    supervisorToken = await signIn(SUPERVISOR);
    agentToken = await signIn(AGENT);
  });
  afterAll(async () => {
    await api?.close();
    await smtp?.close();
  });

  describe('GET /api/users', () => {
    it('lists everyone sorted by name, 25 a page by default, with the admin fields', async () => {
      const response = await call('GET', '/api/users', { token: adminToken });
      expect(response.status).toBe(200);
      expect(response.body.success).toBe(true);
      const page = response.body.data;
      expect(page).toMatchObject({ total: 13, page: 1, pageSize: 25 });
      expect(page.items.map((user: { name: string }) => user.name)).toEqual([
        'Alex Admin',
        'Amara Okafor',
        'Ben Carter',
        'Chloé Martin',
        'Diego Alvarez',
        'Eun-ji Park',
        'Farah Haddad',
        'Gabriel Silva',
        'Hannah Novak',
        'Ivan Petrov',
        'Julia Rossi',
        'Priya Shah',
        'Sam Rivera',
      ]);
      expect(page.items[0]).toMatchObject({
        email: ADMIN,
        role: 'admin',
        isActive: true,
        emailVerified: true,
        mfaEnabled: false,
        lockedUntil: null,
        failedLoginCount: 0,
        invitationPending: false,
      });
      expect(JSON.stringify(response.body)).not.toMatch(/passwordHash|password_hash|\$2[aby]\$/);
    });

    it('filters by name or email text (ignoring case), role and active flag', async () => {
      const byName = await call('GET', '/api/users?search=RIVERA', { token: adminToken });
      expect(byName.body.data.items.map((user: { email: string }) => user.email)).toEqual([
        SUPERVISOR,
      ]);
      const byEmail = await call('GET', '/api/users?search=Agent1', { token: adminToken });
      expect(byEmail.body.data.items.map((user: { email: string }) => user.email).sort()).toEqual([
        'agent10@poscalls4u.test',
        'agent1@poscalls4u.test',
      ]);
      const supervisors = await call('GET', '/api/users?role=supervisor', { token: adminToken });
      expect(supervisors.body.data.total).toBe(2);
      expect(
        supervisors.body.data.items.every((user: { role: string }) => user.role === 'supervisor'),
      ).toBe(true);
      const combined = await call('GET', '/api/users?role=agent&active=true&search=a', {
        token: adminToken,
      });
      expect(combined.body.data.total).toBe(10);
      const inactive = await call('GET', '/api/users?active=false', { token: adminToken });
      expect(inactive.body.data).toMatchObject({ total: 0, items: [] });
      // LIKE wildcards in the search are plain characters.
      const wildcard = await call('GET', '/api/users?search=%25', { token: adminToken });
      expect(wildcard.body.data.total).toBe(0);
      const underscore = await call('GET', '/api/users?search=_', { token: adminToken });
      expect(underscore.body.data.total).toBe(0);
    });

    it('paginates without overlap', async () => {
      const first = await call('GET', '/api/users?pageSize=5', { token: adminToken });
      const third = await call('GET', '/api/users?pageSize=5&page=3', { token: adminToken });
      const beyond = await call('GET', '/api/users?pageSize=5&page=4', { token: adminToken });
      expect(first.body.data).toMatchObject({ total: 13, page: 1, pageSize: 5 });
      expect(first.body.data.items).toHaveLength(5);
      expect(third.body.data).toMatchObject({ total: 13, page: 3, pageSize: 5 });
      expect(third.body.data.items.map((user: { name: string }) => user.name)).toEqual([
        'Julia Rossi',
        'Priya Shah',
        'Sam Rivera',
      ]);
      expect(beyond.body.data).toMatchObject({ total: 13, items: [] });
    });

    it.each([
      ['pageSize over 100', 'pageSize=101'],
      ['page 0', 'page=0'],
      ['a page that is not a number', 'page=two'],
      ['a fractional page', 'page=1.5'],
      ['an unknown role', 'role=owner'],
      ['an active flag that is not a boolean', 'active=yes'],
      ['an unknown parameter', 'sort=email'],
      ['a search over 100 characters', `search=${'x'.repeat(101)}`],
    ])('refuses %s with 400', async (_label, query) => {
      const response = await call('GET', `/api/users?${query}`, { token: adminToken });
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_ERROR');
    });
  });

  describe('POST /api/users/invite', () => {
    it('creates a verified user without a password and emails a single-use link', async () => {
      const response = await call('POST', '/api/users/invite', {
        token: adminToken,
        body: { name: 'Ines Invited', email: ' Ines.Invited@Example.com ', role: 'supervisor' },
      });
      expect(response.status).toBe(201);
      expect(response.body.data.user).toMatchObject({
        name: 'Ines Invited',
        email: 'ines.invited@example.com',
        role: 'supervisor',
        emailVerified: true,
        isActive: true,
        invitationPending: true,
      });
      const userId = response.body.data.user.id as string;
      const listed = await call('GET', '/api/users?search=ines.invited', { token: adminToken });
      expect(listed.body.data.items[0]).toMatchObject({ id: userId, invitationPending: true });

      const [row] = await db.select().from(users).where(eq(users.id, userId));
      expect(row?.passwordHash).toBeNull();
      expect(row?.emailVerifiedAt).not.toBeNull();

      const mail = await smtp.waitFor('ines.invited@example.com');
      expect(mail.subject).toMatch(/invited you/i);
      expect(mail.text).toContain('Alex Admin');
      const link =
        /http:\/\/localhost:4200\/agent\/reset-password\?token=([A-Za-z0-9_-]{43})&invite=1/.exec(
          mail.text ?? '',
        );
      expect(link).not.toBeNull();
      expect(mail.html).toContain(`token=${link?.[1]}&amp;invite=1`);

      // Only the token's SHA-256 is stored, as an invite valid for 7 days.
      const tokens = await db.select().from(oneTimeTokens).where(eq(oneTimeTokens.userId, userId));
      expect(tokens).toHaveLength(1);
      expect(tokens[0]?.purpose).toBe('invite');
      expect(tokens[0]?.tokenHash).toBe(
        createHash('sha256')
          .update(link?.[1] ?? '')
          .digest('hex'),
      );
      expect(tokens[0]?.usedAt).toBeNull();
      const validForMs = (tokens[0]?.expiresAt.getTime() ?? 0) - Date.now();
      expect(validForMs).toBeGreaterThan(7 * 24 * 3600 * 1000 - 60_000);
      expect(validForMs).toBeLessThanOrEqual(7 * 24 * 3600 * 1000);

      const audit = await call('GET', `/api/audit?action=users.invited&userId=${userId}`, {
        token: adminToken,
      });
      expect(audit.body.data.items).toHaveLength(1);
      expect(audit.body.data.items[0]).toMatchObject({
        outcome: 'success',
        actor: { email: ADMIN },
        target: { id: userId, email: 'ines.invited@example.com' },
        details: { role: 'supervisor' },
      });
    });

    it('lets the invitee choose a password with the link, once, and sign in', async () => {
      const invited = await call('POST', '/api/users/invite', {
        token: adminToken,
        body: { name: 'Omar Onboarded', email: 'omar@example.com', role: 'agent' },
      });
      expect(invited.status).toBe(201);
      // No password yet: sign-in is refused like any wrong password.
      const before = await call('POST', '/api/auth/login', {
        body: { email: 'omar@example.com', password: DEMO_PASSWORD },
      });
      expect(before.status).toBe(401);

      const mail = await smtp.waitFor('omar@example.com');
      const token = /reset-password\?token=([A-Za-z0-9_-]+)&invite=1/.exec(mail.text ?? '')?.[1];
      const password = 'my own onboarding passphrase';
      const set = await call('POST', '/api/auth/reset-password', { body: { token, password } });
      expect(set.status).toBe(200);
      // Accepted: no longer listed as an invitation, even before the first sign-in.
      const accepted = await call('GET', '/api/users?search=omar@', { token: adminToken });
      expect(accepted.body.data.items[0]).toMatchObject({ invitationPending: false });
      await signIn('omar@example.com', password);
      const again = await call('POST', '/api/auth/reset-password', {
        body: { token, password: 'another onboarding passphrase' },
      });
      expect(again.status).toBe(400);
    });

    it('answers 409 for an email that already has an account, in any case', async () => {
      const response = await call('POST', '/api/users/invite', {
        token: adminToken,
        body: { name: 'Again', email: 'AGENT2@poscalls4u.test', role: 'agent' },
      });
      expect(response.status).toBe(409);
      expect(response.body.error.code).toBe('CONFLICT');
      const list = await call('GET', '/api/users?search=agent2@', { token: adminToken });
      expect(list.body.data.items[0].name).toBe('Ben Carter');
    });

    it.each([
      ['an unknown role', { name: 'X', email: 'x1@example.com', role: 'owner' }],
      ['a missing role', { name: 'X', email: 'x2@example.com' }],
      ['a bad email', { name: 'X', email: 'not-an-email', role: 'agent' }],
      ['an empty name', { name: '  ', email: 'x3@example.com', role: 'agent' }],
      [
        'a password (mass assignment)',
        { name: 'X', email: 'x4@example.com', role: 'agent', password: 'chosen-by-admin' },
      ],
      [
        'isActive (mass assignment)',
        { name: 'X', email: 'x5@example.com', role: 'agent', isActive: false },
      ],
    ])('refuses %s with 400', async (_label, body) => {
      const response = await call('POST', '/api/users/invite', { token: adminToken, body });
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_ERROR');
    });
  });

  describe('PATCH /api/users/:id', () => {
    it('changes a role, audits old and new, and ends the user’s sessions at once', async () => {
      const email = 'agent3@poscalls4u.test';
      const userToken = await signIn(email);
      const id = await userIdOf(email);
      const response = await call('PATCH', `/api/users/${id}`, {
        token: adminToken,
        body: { role: 'supervisor' },
      });
      expect(response.status).toBe(200);
      expect(response.body.data.user).toMatchObject({ id, role: 'supervisor', isActive: true });
      expect((await call('GET', '/api/auth/profile', { token: userToken })).status).toBe(401);
      // A fresh sign-in carries the new role.
      const again = await signIn(email);
      const profile = await call('GET', '/api/auth/profile', { token: again });
      expect(profile.body.data.user.role).toBe('supervisor');

      const audit = await call('GET', `/api/audit?action=users.role_changed&userId=${id}`, {
        token: adminToken,
      });
      expect(audit.body.data.items[0]).toMatchObject({
        actor: { email: ADMIN },
        target: { id },
        details: { oldRole: 'agent', newRole: 'supervisor' },
      });
    });

    it('deactivates (sessions end, sign-in refused) and reactivates', async () => {
      const email = 'agent4@poscalls4u.test';
      const userToken = await signIn(email);
      const id = await userIdOf(email);
      const off = await call('PATCH', `/api/users/${id}`, {
        token: adminToken,
        body: { isActive: false },
      });
      expect(off.status).toBe(200);
      expect(off.body.data.user.isActive).toBe(false);
      expect((await call('GET', '/api/auth/profile', { token: userToken })).status).toBe(401);
      const refused = await call('POST', '/api/auth/login', {
        body: { email, password: DEMO_PASSWORD },
      });
      expect(refused.status).toBe(401);
      const inactive = await call('GET', '/api/users?active=false', { token: adminToken });
      expect(inactive.body.data.items.map((user: { id: string }) => user.id)).toEqual([id]);

      const on = await call('PATCH', `/api/users/${id}`, {
        token: adminToken,
        body: { isActive: true },
      });
      expect(on.body.data.user.isActive).toBe(true);
      await signIn(email);

      const audit = await call('GET', `/api/audit?action=users.active_changed&userId=${id}`, {
        token: adminToken,
      });
      expect(audit.body.data.items.map((event: { details: object }) => event.details)).toEqual([
        { oldActive: false, newActive: true },
        { oldActive: true, newActive: false },
      ]);
    });

    it('refuses an admin demoting or deactivating themselves with 409', async () => {
      const id = await userIdOf(ADMIN);
      for (const body of [{ role: 'supervisor' }, { role: 'agent' }, { isActive: false }]) {
        const response = await call('PATCH', `/api/users/${id}`, { token: adminToken, body });
        expect(response.status).toBe(409);
        expect(response.body.error).toMatchObject({ code: 'CONFLICT' });
        expect(response.body.error.message).toMatch(/your own admin role/);
      }
      // Restating what is already true changes nothing and is fine.
      const same = await call('PATCH', `/api/users/${id}`, {
        token: adminToken,
        body: { role: 'admin', isActive: true },
      });
      expect(same.status).toBe(200);
      expect((await call('GET', '/api/auth/profile', { token: adminToken })).status).toBe(200);
    });

    it('answers 404 for an unknown id and 400 for an id that is not a UUID', async () => {
      const unknown = await call('PATCH', `/api/users/${UNKNOWN_ID}`, {
        token: adminToken,
        body: { role: 'agent' },
      });
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.code).toBe('NOT_FOUND');
      const malformed = await call('PATCH', '/api/users/not-a-uuid', {
        token: adminToken,
        body: { role: 'agent' },
      });
      expect(malformed.status).toBe(400);
      expect(malformed.body.error.code).toBe('VALIDATION_ERROR');
    });

    it.each([
      ['email', { email: 'taken-over@example.com' }],
      ['passwordHash', { passwordHash: '$2b$10$abcdefghijklmnopqrstuv' }],
      ['emailVerifiedAt next to a role', { role: 'agent', emailVerifiedAt: null }],
      ['failedLoginCount', { failedLoginCount: 0 }],
      ['an unknown role', { role: 'owner' }],
      ['isActive as a string', { isActive: 'false' }],
    ])('refuses %s with 400 and changes nothing', async (_label, body) => {
      const email = 'agent5@poscalls4u.test';
      const id = await userIdOf(email);
      const response = await call('PATCH', `/api/users/${id}`, { token: adminToken, body });
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_ERROR');
      const [row] = await db.select().from(users).where(eq(users.id, id));
      expect(row).toMatchObject({ email, role: 'agent', isActive: true });
      expect(row?.emailVerifiedAt).not.toBeNull();
    });
  });

  describe('POST /api/users/:id/unlock', () => {
    it('clears the failure count and the lockout, and audits it', async () => {
      const email = 'agent6@poscalls4u.test';
      const id = await userIdOf(email);
      const lockedUntil = new Date(Date.now() + 15 * 60_000);
      await db.update(users).set({ failedLoginCount: 5, lockedUntil }).where(eq(users.id, id));
      const before = await call('GET', `/api/users?search=${email}`, { token: adminToken });
      expect(before.body.data.items[0]).toMatchObject({
        failedLoginCount: 5,
        lockedUntil: lockedUntil.toISOString(),
      });

      const response = await call('POST', `/api/users/${id}/unlock`, { token: adminToken });
      expect(response.status).toBe(200);
      expect(response.body.data.user).toMatchObject({
        id,
        failedLoginCount: 0,
        lockedUntil: null,
      });
      const [row] = await db.select().from(users).where(eq(users.id, id));
      expect(row).toMatchObject({ failedLoginCount: 0, lockedUntil: null });
      await signIn(email);

      const audit = await call('GET', `/api/audit?action=auth.unlock&userId=${id}`, {
        token: adminToken,
      });
      expect(audit.body.data.items[0]).toMatchObject({
        outcome: 'success',
        actor: { email: ADMIN },
        target: { id },
        details: { failedLoginCount: 5, lockedUntil: lockedUntil.toISOString() },
      });
    });

    it('answers 404 for an unknown id and 400 for an id that is not a UUID', async () => {
      expect(
        (await call('POST', `/api/users/${UNKNOWN_ID}/unlock`, { token: adminToken })).status,
      ).toBe(404);
      expect((await call('POST', '/api/users/1/unlock', { token: adminToken })).status).toBe(400);
    });
  });

  describe('access', () => {
    const routes: Array<[string, string, unknown]> = [
      ['GET', '/api/users', undefined],
      ['POST', '/api/users/invite', { name: 'Eve', email: 'eve@example.com', role: 'admin' }],
      ['PATCH', `/api/users/${UNKNOWN_ID}`, { role: 'admin' }],
      ['POST', `/api/users/${UNKNOWN_ID}/unlock`, undefined],
    ];

    it.each(routes)(
      '%s %s is refused to agents and supervisors (403) and anonymous callers (401)',
      async (method, path, body) => {
        for (const token of [agentToken, supervisorToken]) {
          const response = await call(method, path, { token, body });
          expect(response.status).toBe(403);
          expect(response.body.error.code).toBe('FORBIDDEN');
        }
        expect((await call(method, path, { body })).status).toBe(401);
      },
    );

    it('keeps an agent from promoting themselves', async () => {
      const id = await userIdOf(AGENT);
      const response = await call('PATCH', `/api/users/${id}`, {
        token: agentToken,
        body: { role: 'admin' },
      });
      expect(response.status).toBe(403);
      const [row] = await db.select().from(users).where(eq(users.id, id));
      expect(row?.role).toBe('agent');
    });
  });

  // Last: it changes who the admins are.
  describe('the last active admin', () => {
    it('survives two admins demoting each other at the same moment', async () => {
      const secondEmail = 'supervisor2@poscalls4u.test';
      const secondId = await userIdOf(secondEmail);
      const firstId = await userIdOf(ADMIN);
      const promoted = await call('PATCH', `/api/users/${secondId}`, {
        token: adminToken,
        body: { role: 'admin' },
      });
      expect(promoted.status).toBe(200);
      const secondToken = await signIn(secondEmail);

      const [first, second] = await Promise.all([
        call('PATCH', `/api/users/${secondId}`, { token: adminToken, body: { isActive: false } }),
        call('PATCH', `/api/users/${firstId}`, { token: secondToken, body: { isActive: false } }),
      ]);
      const statuses = [first.status, second.status].sort();
      // One wins; the other is refused as the last admin (409), or finds its own session
      // already ended by the winner (401).
      expect(statuses[0]).toBe(200);
      expect([401, 409]).toContain(statuses[1]);
      const admins = await db.select().from(users).where(eq(users.role, 'admin'));
      expect(admins.filter((admin) => admin.isActive)).toHaveLength(1);
    });
  });
});
