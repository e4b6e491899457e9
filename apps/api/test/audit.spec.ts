import { sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';

import { query } from './support/calls';
import { DATABASES, TestApi, apiClient, startTestApi } from './support/test-api';

const DEMO_PASSWORD = 'poscalls4u-demo';
const ADMIN = 'admin@poscalls4u.test';

interface EventView {
  id: string;
  occurredAt: string;
  action: string;
  outcome: string;
  actor: { id: string; name: string; email: string } | null;
  target: { id: string; name: string; email: string } | null;
}

describe.each(DATABASES)('audit API on %s', (kind) => {
  let api: TestApi;
  let call: ReturnType<typeof apiClient>;
  let adminToken: string;
  let supervisorToken: string;
  let agentToken: string;
  let adminId: string;
  const invitedIds: string[] = [];
  let startedAt: string;

  async function signIn(email: string): Promise<string> {
    const response = await call('POST', '/api/auth/login', {
      body: { email, password: DEMO_PASSWORD },
    });
    expect(response.status).toBe(200);
    return response.body.data.token as string;
  }

  async function events(query: string) {
    const response = await call('GET', `/api/audit${query}`, { token: adminToken });
    const items: EventView[] = response.body.data?.items ?? [];
    return { status: response.status, items, body: response.body };
  }

  beforeAll(async () => {
    api = await startTestApi(kind, { DEMO_SEED: 'true' });
    call = apiClient(api.baseUrl);
    startedAt = new Date(Date.now() - 1000).toISOString();
    adminToken = await signIn(ADMIN);
    supervisorToken = await signIn('supervisor1@poscalls4u.test');
    agentToken = await signIn('agent1@poscalls4u.test');
    const profile = await call('GET', '/api/auth/profile', { token: adminToken });
    adminId = profile.body.data.user.id;
    // Known events: three invites, then a role change of the second invitee.
    for (const [index, name] of ['Una One', 'Dos Two', 'Tres Three'].entries()) {
      const invited = await call('POST', '/api/users/invite', {
        token: adminToken,
        body: { name, email: `invitee${index}@example.com`, role: 'agent' },
      });
      expect(invited.status).toBe(201);
      invitedIds.push(invited.body.data.user.id);
    }
    const changed = await call('PATCH', `/api/users/${invitedIds[1]}`, {
      token: adminToken,
      body: { role: 'supervisor' },
    });
    expect(changed.status).toBe(200);
  });
  afterAll(() => api?.close());

  it('lists events newest first with actor and target names', async () => {
    const { status, body, items } = await events('');
    expect(status).toBe(200);
    expect(body.success).toBe(true);
    expect(body.data).toMatchObject({ page: 1, pageSize: 25 });
    expect(body.data.total).toBeGreaterThanOrEqual(4);
    const times = items.map((event) => Date.parse(event.occurredAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const roleChange = items.find((event) => event.action === 'users.role_changed');
    expect(roleChange).toMatchObject({
      outcome: 'success',
      actor: { id: adminId, name: 'Alex Admin', email: ADMIN },
      target: { id: invitedIds[1], name: 'Dos Two', email: 'invitee1@example.com' },
      details: { oldRole: 'agent', newRole: 'supervisor' },
    });
    expect(typeof (roleChange as { ip?: unknown }).ip).toBe('string');
  });

  it('filters by one action or several, comma-separated or repeated', async () => {
    const invites = await events('?action=users.invited');
    expect(invites.items.map((event) => event.target?.id)).toEqual([...invitedIds].reverse());
    expect(invites.body.data.total).toBe(3);
    const both = await events('?action=users.invited,users.role_changed');
    expect(both.body.data.total).toBe(4);
    expect(both.items[0]?.action).toBe('users.role_changed');
    const repeated = await events('?action=users.invited&action=users.role_changed');
    expect(repeated.body.data.total).toBe(4);
  });

  it('filters by user, as actor or as target', async () => {
    const asTarget = await events(`?userId=${invitedIds[1]}`);
    expect(asTarget.items.map((event) => event.action).sort()).toEqual([
      'users.invited',
      'users.role_changed',
    ]);
    const asActor = await events(`?userId=${adminId}&action=users.invited,users.role_changed`);
    expect(asActor.body.data.total).toBe(4);
    const nobody = await events('?userId=3f2c1b6a-0d4e-4f5a-9b8c-7d6e5f4a3b2c');
    expect(nobody.body.data).toMatchObject({ total: 0, items: [] });
  });

  it('filters by outcome', async () => {
    const successes = await events('?outcome=success');
    expect(successes.body.data.total).toBeGreaterThanOrEqual(4);
    expect(successes.items.every((event) => event.outcome === 'success')).toBe(true);
    const failures = await events('?outcome=failure');
    expect(failures.items.every((event) => event.outcome === 'failure')).toBe(true);
  });

  it('filters by time range, both ends inclusive', async () => {
    const all = await events('?action=users.invited');
    const middle = all.items[1] as EventView;
    const exact = await events(
      `?action=users.invited&from=${middle.occurredAt}&to=${middle.occurredAt}`,
    );
    expect(exact.items.map((event) => event.id)).toEqual([middle.id]);
    const since = await events(`?action=users.invited&from=${startedAt}`);
    expect(since.body.data.total).toBe(3);
    const future = await events(`?from=${new Date(Date.now() + 3600_000).toISOString()}`);
    expect(future.body.data.total).toBe(0);
    const past = await events('?to=2020-01-01');
    expect(past.body.data.total).toBe(0);
    // A bare date as `to` covers that whole day.
    const today = middle.occurredAt.slice(0, 10);
    const throughToday = await events(`?action=users.invited&from=${today}&to=${today}`);
    expect(throughToday.body.data.total).toBe(3);
  });

  it('paginates newest first without overlap', async () => {
    const first = await events('?action=users.invited,users.role_changed&pageSize=3');
    const second = await events('?action=users.invited,users.role_changed&pageSize=3&page=2');
    expect(first.body.data).toMatchObject({ total: 4, page: 1, pageSize: 3 });
    expect(first.items).toHaveLength(3);
    expect(second.body.data).toMatchObject({ total: 4, page: 2, pageSize: 3 });
    expect(second.items).toHaveLength(1);
    expect(second.items[0]?.target?.id).toBe(invitedIds[0]);
    const ids = [...first.items, ...second.items].map((event) => event.id);
    expect(new Set(ids).size).toBe(4);
  });

  it('pages by cursor in the same order, events of one instant included', async () => {
    const filter = '?action=users.invited,users.role_changed';
    const byPage = await events(`${filter}&pageSize=100`);
    expect(byPage.body.data.nextCursor).toBeNull();
    const walked: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor
        ? `${filter}&pageSize=1&cursor=${cursor}`
        : `${filter}&pageSize=1`;
      const page = await events(query);
      expect(page.status).toBe(200);
      expect(page.body.data).toMatchObject({ total: 4, page: pages + 1, pageSize: 1 });
      walked.push(...page.items.map((event) => event.id));
      cursor = page.body.data.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(4);
    expect(walked).toEqual(byPage.items.map((event) => event.id));

    // Events written in one transaction share their time to the microsecond: the id breaks the tie.
    await query(
      api,
      sql`update audit_events set occurred_at = '2030-01-01T00:00:00.123456Z'
          where action in ('users.invited', 'users.role_changed')`,
    );
    const all = (await events(`${filter}&pageSize=100`)).items.map((event) => event.id);
    expect(new Set(all).size).toBe(4);
    const tied = await events(`${filter}&pageSize=3`);
    const rest = await events(`${filter}&pageSize=3&cursor=${tied.body.data.nextCursor}`);
    expect([...tied.items, ...rest.items].map((event) => event.id)).toEqual(all);
    expect(rest.body.data.nextCursor).toBeNull();
  });

  it.each([
    ['garbage', 'not a cursor'],
    ['base64 of something else', Buffer.from('{"page":2}').toString('base64url')],
    [
      'a calls cursor',
      Buffer.from(
        JSON.stringify(['calls', 2, '2026-11-25T09:30:00.123456Z', randomUUID()]),
      ).toString('base64url'),
    ],
    [
      'a position that is no time',
      Buffer.from(JSON.stringify(['audit', 2, 'yesterday', randomUUID()])).toString('base64url'),
    ],
  ])('refuses %s as a cursor with 400 VALIDATION_ERROR', async (_label, cursor) => {
    const { status, body } = await events(`?cursor=${encodeURIComponent(cursor)}`);
    expect(status).toBe(400);
    expect(body.error.code).toBe('VALIDATION_ERROR');
    expect(body.error.details[0].field).toBe('cursor');
  });

  it.each([
    ['an unknown action', '?action=users.deleted'],
    ['one unknown action among known ones', '?action=users.invited,nope'],
    ['an unknown outcome', '?outcome=maybe'],
    ['a userId that is not a UUID', '?userId=42'],
    ['a from that is not a date', '?from=yesterday'],
    ['a to that is not a date', '?to=2026-13-45'],
    ['from after to', '?from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z'],
    ['pageSize over 100', '?pageSize=500'],
    ['page 0', '?page=0'],
    ['an unknown parameter', '?actorId=3f2c1b6a-0d4e-4f5a-9b8c-7d6e5f4a3b2c'],
  ])('refuses %s with 400', async (_label, query) => {
    const { status, body } = await events(query);
    expect(status).toBe(400);
    expect(body.error.code).toBe('VALIDATION_ERROR');
  });

  it('is for admins only', async () => {
    for (const token of [agentToken, supervisorToken]) {
      const response = await call('GET', '/api/audit', { token });
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('FORBIDDEN');
    }
    expect((await call('GET', '/api/audit')).status).toBe(401);
  });
});
