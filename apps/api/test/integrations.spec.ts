import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

import { SIGNATURE_HEADER } from '@poscalls4u/contracts';
import { signatureHeader } from '@poscalls4u/server-integrations';

import { DATABASES, TestApi, apiClient, startTestApi } from './support/test-api';

const PASSWORD = 'poscalls4u-demo';
const SIGNATURE_FAILURE = /signature does not match/;

describe.each(DATABASES)('telephony integrations on %s', (kind) => {
  let api: TestApi;
  let call: ReturnType<typeof apiClient>;
  const tokens: Record<string, string> = {};
  let teamId: string;
  let integration: { id: string; secret: string };

  /** Posts `body` (a string, sent as is) to the call-events route, signed at `at`. */
  function postEvents(
    body: string,
    options: { id?: string; secret?: string; at?: Date; header?: string | null } = {},
  ) {
    const secret = options.secret ?? integration.secret;
    const header =
      options.header === undefined ? signatureHeader(secret, body, options.at) : options.header;
    return call('POST', `/api/integrations/${options.id ?? integration.id}/call-events`, {
      rawBody: body,
      headers: {
        'content-type': 'application/json',
        ...(header === null ? {} : { [SIGNATURE_HEADER]: header }),
      },
    });
  }

  const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

  /** A call.queued event for a new PBX call in the test team. */
  function queued(callId: string, overrides: Record<string, unknown> = {}) {
    return {
      id: `${callId}-queued`,
      type: 'call.queued',
      occurredAt: minutesAgo(10),
      callId,
      teamId,
      direction: 'inbound',
      from: '+15550100',
      to: '+15550199',
      ...overrides,
    };
  }

  /** A new PBX call queued ten minutes ago and abandoned a minute later, as one batch. */
  function queuedThenAbandoned(callId: string) {
    return JSON.stringify([
      queued(callId),
      { id: `${callId}-a`, type: 'call.abandoned', occurredAt: minutesAgo(9), callId },
    ]);
  }

  async function getCall(callId: string) {
    const response = await call('GET', `/api/calls/${callId}`, { token: tokens.admin });
    expect(response.status).toBe(200);
    return response.body.data.call;
  }

  beforeAll(async () => {
    api = await startTestApi(kind, { DEMO_SEED: 'true' });
    call = apiClient(api.baseUrl);
    for (const name of ['admin', 'supervisor1', 'agent1']) {
      const response = await call('POST', '/api/auth/login', {
        body: { email: `${name}@poscalls4u.test`, password: PASSWORD },
      });
      tokens[name] = response.body.data.token;
    }
    // A team without members: its calls stay queued, nobody is offered them.
    const team = await call('POST', '/api/teams', {
      token: tokens.admin,
      body: { name: 'PBX Queue' },
    });
    teamId = team.body.data.team.id;
    const created = await call('POST', '/api/integrations', {
      token: tokens.admin,
      body: { name: 'Asterisk HQ' },
    });
    integration = created.body.data.integration;
  });
  afterAll(() => api?.close());

  describe('administration', () => {
    it('shows the secret once: at creation, never in GET', async () => {
      const created = await call('POST', '/api/integrations', {
        token: tokens.admin,
        body: { name: '  Twilio  ', webhookUrl: 'https://pbx.example.com/hook' },
      });
      expect(created.status).toBe(201);
      const view = created.body.data.integration;
      expect(view).toMatchObject({
        name: 'Twilio',
        webhookUrl: 'https://pbx.example.com/hook',
        isActive: true,
        callEventsUrl: `http://localhost:4200/api/integrations/${view.id}/call-events`,
      });
      expect(view.secret).toMatch(/^[0-9a-f]{64}$/);

      const one = await call('GET', `/api/integrations/${view.id}`, { token: tokens.admin });
      expect(one.status).toBe(200);
      expect(one.body.data.integration).toMatchObject({ id: view.id, name: 'Twilio' });
      expect(one.body.data.integration).not.toHaveProperty('secret');
      const list = await call('GET', '/api/integrations', { token: tokens.admin });
      expect(list.body.data.items.map((item: { id: string }) => item.id)).toContain(view.id);
      expect(JSON.stringify(list.body)).not.toContain(view.secret);
      expect(JSON.stringify(one.body)).not.toContain(view.secret);
    });

    it('refuses a bad name or webhook URL with 400', async () => {
      for (const body of [
        { name: '' },
        { name: 'x', webhookUrl: 'ftp://pbx.example.com/hook' },
        { name: 'x', webhookUrl: 'not a url' },
        { name: 'x', secret: 'mine' },
      ]) {
        const response = await call('POST', '/api/integrations', { token: tokens.admin, body });
        expect(response.status).toBe(400);
        expect(response.body.error.code).toBe('VALIDATION_ERROR');
      }
      const patched = await call('PATCH', `/api/integrations/${integration.id}`, {
        token: tokens.admin,
        body: { webhookUrl: 'javascript:alert(1)' },
      });
      expect(patched.status).toBe(400);
      expect(patched.body.error.details[0].field).toBe('webhookUrl');
      const unknown = await call('GET', `/api/integrations/${randomUUID()}`, {
        token: tokens.admin,
      });
      expect(unknown.status).toBe(404);
    });

    it('lets only admins manage integrations', async () => {
      for (const name of ['supervisor1', 'agent1']) {
        const token = tokens[name];
        expect((await call('GET', '/api/integrations', { token })).status).toBe(403);
        expect(
          (await call('POST', '/api/integrations', { token, body: { name: 'Mine' } })).status,
        ).toBe(403);
        expect(
          (await call('POST', `/api/integrations/${integration.id}/rotate-secret`, { token }))
            .status,
        ).toBe(403);
      }
      expect((await call('GET', '/api/integrations')).status).toBe(401);
    });

    it('rotates the secret: the old one stops working at once', async () => {
      const created = await call('POST', '/api/integrations', {
        token: tokens.admin,
        body: { name: 'Rotating PBX' },
      });
      const old = created.body.data.integration;
      const rotated = await call('POST', `/api/integrations/${old.id}/rotate-secret`, {
        token: tokens.admin,
      });
      expect(rotated.status).toBe(200);
      expect(rotated.body.data.integration.secret).toMatch(/^[0-9a-f]{64}$/);
      expect(rotated.body.data.integration.secret).not.toBe(old.secret);

      const body = JSON.stringify(queued(`rot-${randomUUID()}`));
      const withOld = await postEvents(body, { id: old.id, secret: old.secret });
      expect(withOld.status).toBe(401);
      const withNew = await postEvents(body, {
        id: old.id,
        secret: rotated.body.data.integration.secret,
      });
      expect(withNew.status).toBe(200);
      expect(withNew.body.data.results[0].outcome).toBe('applied');
    });
  });

  describe('call events', () => {
    it('applies a signed event and answers with its outcome', async () => {
      const event = queued(`pbx-${randomUUID()}`, { priority: 7 });
      const response = await postEvents(JSON.stringify(event));
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        success: true,
        data: { results: [{ id: event.id, outcome: 'applied', callId: expect.any(String) }] },
      });
      const stored = await getCall(response.body.data.results[0].callId);
      expect(stored).toMatchObject({
        state: 'queued',
        teamId,
        externalId: event.callId,
        integrationId: integration.id,
        from: '+15550100',
        to: '+15550199',
        priority: 7,
      });
    });

    it('refuses a missing, malformed or wrong signature with 401, applying nothing', async () => {
      const event = queued(`pbx-${randomUUID()}`);
      const body = JSON.stringify(event);
      const cases: Array<{ header?: string | null; secret?: string; message: RegExp }> = [
        { header: null, message: /Missing or malformed X-PosCalls-Signature/ },
        { header: 'sha256=abc', message: /Missing or malformed/ },
        { secret: 'f'.repeat(64), message: SIGNATURE_FAILURE },
        // Signed over another body: a body changed on the way.
        { header: signatureHeader(integration.secret, `${body} `), message: SIGNATURE_FAILURE },
      ];
      for (const attempt of cases) {
        const response = await postEvents(body, attempt);
        expect(response.status).toBe(401);
        expect(response.body.success).toBe(false);
        expect(response.body.error.code).toBe('UNAUTHORIZED');
        expect(response.body.error.message).toMatch(attempt.message);
      }
      // Nothing was recorded: the same event, now signed, is applied (not a duplicate).
      const signed = await postEvents(body);
      expect(signed.body.data.results[0].outcome).toBe('applied');
    });

    it('refuses a timestamp more than 300 s away, on either side', async () => {
      const body = JSON.stringify(queued(`pbx-${randomUUID()}`));
      for (const offsetSeconds of [-301, 301]) {
        const at = new Date(Date.now() + offsetSeconds * 1000);
        const response = await postEvents(body, { at });
        expect(response.status).toBe(401);
        expect(response.body.error.message).toMatch(/more than 300 s away/);
      }
      const withinWindow = await postEvents(body, { at: new Date(Date.now() - 240_000) });
      expect(withinWindow.status).toBe(200);
      expect(withinWindow.body.data.results[0].outcome).toBe('applied');
    });

    it('acknowledges a replayed request without applying it twice', async () => {
      const externalId = `pbx-${randomUUID()}`;
      const body = JSON.stringify([
        queued(externalId),
        {
          id: `${externalId}-c`,
          type: 'call.connected',
          occurredAt: minutesAgo(9),
          callId: externalId,
        },
      ]);
      const header = signatureHeader(integration.secret, body);
      const first = await postEvents(body, { header });
      expect(first.body.data.results.map((r: { outcome: string }) => r.outcome)).toEqual([
        'applied',
        'applied',
      ]);
      const callId = first.body.data.results[0].callId;
      const before = await getCall(callId);

      // The very same bytes and header again, within the window: a replay or a PBX retry.
      const replay = await postEvents(body, { header });
      expect(replay.status).toBe(200);
      expect(replay.body.data.results).toEqual([
        { id: `${externalId}-queued`, outcome: 'duplicate', callId },
        { id: `${externalId}-c`, outcome: 'duplicate', callId },
      ]);
      const after = await getCall(callId);
      expect(after.state).toBe('connected');
      expect(after.timeline).toEqual(before.timeline);
      expect(after.updatedAt).toBe(before.updatedAt);
    });

    it('answers a duplicate event id in a new request as duplicate', async () => {
      const event = queued(`pbx-${randomUUID()}`);
      const first = await postEvents(JSON.stringify(event));
      const callId = first.body.data.results[0].callId;
      // Same id, other content (a PBX re-sending after a timeout, freshly signed).
      const again = await postEvents(JSON.stringify({ ...event, priority: 50 }));
      expect(again.status).toBe(200);
      expect(again.body.data.results).toEqual([{ id: event.id, outcome: 'duplicate', callId }]);
      expect((await getCall(callId)).priority).toBe(0);
    });

    it('applies a batch in order, one result per event', async () => {
      const externalId = `pbx-${randomUUID()}`;
      const events = [
        queued(externalId),
        {
          id: `${externalId}-c`,
          type: 'call.connected',
          occurredAt: minutesAgo(9),
          callId: externalId,
        },
        { id: `${externalId}-h`, type: 'call.hold', occurredAt: minutesAgo(8), callId: externalId },
        {
          id: `${externalId}-r`,
          type: 'call.resumed',
          occurredAt: minutesAgo(7),
          callId: externalId,
        },
        {
          id: `${externalId}-e`,
          type: 'call.ended',
          occurredAt: minutesAgo(5),
          callId: externalId,
        },
      ];
      const response = await postEvents(JSON.stringify(events));
      expect(response.status).toBe(200);
      const results = response.body.data.results;
      expect(results.map((r: { id: string }) => r.id)).toEqual(events.map((e) => e.id));
      expect(results.every((r: { outcome: string }) => r.outcome === 'applied')).toBe(true);
      const stored = await getCall(results[0].callId);
      expect(stored.state).toBe('completed');
      expect(stored.durations).toMatchObject({
        waitSeconds: 60,
        talkSeconds: 180,
        holdSeconds: 60,
      });
    });

    it('applies a batch in the order its events happened, answering in the order sent', async () => {
      // A PBX that flushes a call's hang-up before its queueing in one batch.
      const externalId = `pbx-${randomUUID()}`;
      const abandoned = {
        id: `${externalId}-a`,
        type: 'call.abandoned',
        occurredAt: minutesAgo(9),
        callId: externalId,
      };
      const response = await postEvents(JSON.stringify([abandoned, queued(externalId)]));
      expect(response.status).toBe(200);
      const results = response.body.data.results;
      expect(results.map((r: { id: string }) => r.id)).toEqual([
        abandoned.id,
        queued(externalId).id,
      ]);
      expect(results.map((r: { outcome: string }) => r.outcome)).toEqual(['applied', 'applied']);
      const stored = await getCall(results[1].callId);
      expect(stored.state).toBe('abandoned');
      expect(stored.durations).toMatchObject({ waitSeconds: 60 });
    });

    it('writes a batch of new and hung-up calls whole: every call, its events in order, once', async () => {
      // The batch's common moves are held and written together at its end (CallWriteBatch).
      const ids = Array.from({ length: 6 }, () => `pbx-${randomUUID()}`);
      const first = await postEvents(JSON.stringify(ids.map((id) => queued(id))));
      expect(
        first.body.data.results.every((r: { outcome: string }) => r.outcome === 'applied'),
      ).toBe(true);
      const abandon = (id: string) => ({
        id: `${id}-a`,
        type: 'call.abandoned',
        occurredAt: minutesAgo(9),
        callId: id,
      });
      // Three of them abandoned, three new ones queued and two of those abandoned at once.
      const fresh = Array.from({ length: 3 }, () => `pbx-${randomUUID()}`);
      const second = await postEvents(
        JSON.stringify([
          ...ids.slice(0, 3).map(abandon),
          ...fresh.map((id) => queued(id)),
          ...fresh.slice(0, 2).map(abandon),
        ]),
      );
      expect(second.status).toBe(200);
      const results = second.body.data.results as { outcome: string; callId: string }[];
      expect(results.map((r) => r.outcome)).toEqual(Array(8).fill('applied'));
      for (const [index, state] of [
        [0, 'abandoned'],
        [3, 'abandoned'],
        [5, 'queued'],
        [6, 'abandoned'],
      ] as const) {
        expect((await getCall((results[index] as { callId: string }).callId)).state).toBe(state);
      }
      const both = await getCall((results[6] as { callId: string }).callId);
      expect(both.timeline.map((entry: { type: string }) => entry.type)).toEqual([
        'queued',
        'abandoned',
      ]);
      expect(both.durations).toMatchObject({ waitSeconds: 60 });
      const untouched = await getCall(first.body.data.results[4].callId);
      expect(untouched.state).toBe('queued');
    });

    it('runs a batch again when another transaction creates one of its new calls meanwhile', async () => {
      // PGlite: the API holds the only connection, no other transaction can run.
      if (kind !== 'postgres') return;
      const externalId = `pbx-${randomUUID()}`;
      // Another writer (another API instance) is creating the same PBX call, not yet committed:
      // the batch's claim cannot see it, and its insert waits for that transaction.
      const other = new Client({ connectionString: api.databaseUrl });
      await other.connect();
      try {
        await other.query('begin');
        const {
          rows: [created],
        } = await other.query(
          `insert into calls (team_id, direction, state, from_number, to_number, integration_id,
                              external_id, queued_at)
           values ($1, 'inbound', 'queued', '+15550100', '+15550199', $2, $3, now())
           returning id`,
          [teamId, integration.id, externalId],
        );
        const posting = postEvents(queuedThenAbandoned(externalId));
        // Commit only once the batch's insert waits for this transaction (not before its claim).
        const watcher = new Client({ connectionString: api.databaseUrl });
        await watcher.connect();
        try {
          for (;;) {
            const { rows } = await watcher.query(
              `select count(*)::int as waiting from pg_stat_activity
               where datname = current_database() and wait_event_type = 'Lock'
                 and query like '%insert into calls%'`,
            );
            if (rows[0].waiting > 0) break;
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
        } finally {
          await watcher.end();
        }
        await other.query('commit');
        const response = await posting;
        expect(response.status).toBe(200);
        // Run again after the other commit: its call is the one the events apply to.
        expect(response.body.data.results).toEqual([
          {
            id: `${externalId}-queued`,
            outcome: 'ignored',
            callId: created.id,
            reason: 'the call is already known',
          },
          { id: `${externalId}-a`, outcome: 'applied', callId: created.id },
        ]);
        expect((await getCall(created.id)).state).toBe('abandoned');
      } finally {
        await other.end();
      }
    });

    it('never reopens a finished call with a late event', async () => {
      const externalId = `pbx-${randomUUID()}`;
      const first = await postEvents(queuedThenAbandoned(externalId));
      const callId = first.body.data.results[0].callId;
      const before = await getCall(callId);
      expect(before.state).toBe('abandoned');

      // The connect arrives after the hang-up it preceded at the PBX, then a stray hold.
      const late = await postEvents(
        JSON.stringify([
          {
            id: `${externalId}-c`,
            type: 'call.connected',
            occurredAt: minutesAgo(9.5),
            callId: externalId,
          },
          {
            id: `${externalId}-h`,
            type: 'call.hold',
            occurredAt: minutesAgo(8),
            callId: externalId,
          },
        ]),
      );
      expect(late.status).toBe(200);
      expect(late.body.data.results).toEqual([
        expect.objectContaining({ outcome: 'ignored', callId, reason: expect.any(String) }),
        expect.objectContaining({ outcome: 'ignored', callId, reason: expect.any(String) }),
      ]);
      const after = await getCall(callId);
      expect(after.state).toBe('abandoned');
      expect(after.timeline).toEqual(before.timeline);
    });

    it('handles an end that arrives before the connect it followed', async () => {
      const externalId = `pbx-${randomUUID()}`;
      await postEvents(JSON.stringify(queued(externalId)));
      const ended = await postEvents(
        JSON.stringify({
          id: `${externalId}-e`,
          type: 'call.ended',
          occurredAt: minutesAgo(2),
          callId: externalId,
        }),
      );
      expect(ended.status).toBe(200);
      const callId = ended.body.data.results[0].callId;
      const afterEnd = await getCall(callId);
      expect(afterEnd.state).toBe('abandoned');

      const connected = await postEvents(
        JSON.stringify({
          id: `${externalId}-c`,
          type: 'call.connected',
          occurredAt: minutesAgo(8),
          callId: externalId,
        }),
      );
      expect(connected.status).toBe(200);
      expect(connected.body.data.results[0]).toMatchObject({ outcome: 'ignored', callId });
      expect((await getCall(callId)).state).toBe(afterEnd.state);
    });

    it('answers an unknown integration like a bad signature', async () => {
      const body = JSON.stringify(queued(`pbx-${randomUUID()}`));
      for (const id of [randomUUID(), 'not-a-uuid']) {
        const response = await postEvents(body, { id });
        expect(response.status).toBe(401);
        expect(response.body.error).toMatchObject({ code: 'UNAUTHORIZED' });
        expect(response.body.error.message).toMatch(SIGNATURE_FAILURE);
      }
    });

    it('refuses events for an inactive integration until it is reactivated', async () => {
      const created = await call('POST', '/api/integrations', {
        token: tokens.admin,
        body: { name: 'Soon inactive' },
      });
      const target = created.body.data.integration;
      const deactivated = await call('DELETE', `/api/integrations/${target.id}`, {
        token: tokens.admin,
      });
      expect(deactivated.status).toBe(200);
      expect(deactivated.body.data.integration.isActive).toBe(false);

      const body = JSON.stringify(queued(`pbx-${randomUUID()}`));
      const refused = await postEvents(body, { id: target.id, secret: target.secret });
      expect(refused.status).toBe(401);
      expect(refused.body.error.message).toMatch(SIGNATURE_FAILURE);

      await call('PATCH', `/api/integrations/${target.id}`, {
        token: tokens.admin,
        body: { isActive: true },
      });
      const accepted = await postEvents(body, { id: target.id, secret: target.secret });
      expect(accepted.status).toBe(200);
    });

    it('refuses a body that is not JSON with 400', async () => {
      const notJson = await postEvents('{"id": "x", ');
      expect(notJson.status).toBe(400);
      expect(notJson.body.error.code).toBe('VALIDATION_ERROR');
      const text = await call('POST', `/api/integrations/${integration.id}/call-events`, {
        rawBody: 'id=1',
        headers: {
          'content-type': 'text/plain',
          [SIGNATURE_HEADER]: signatureHeader(integration.secret, 'id=1'),
        },
      });
      expect(text.status).toBe(400);
      for (const body of ['"call.queued"', '[]', 'null', '[1]']) {
        const response = await postEvents(body);
        expect(response.status).toBe(400);
        expect(response.body.error.code).toBe('VALIDATION_ERROR');
      }
      // Short events: 501 of them stay under the 100 kB body limit, which applies on its own (413).
      const at = new Date().toISOString();
      const tooMany = Array.from({ length: 501 }, (_, i) => ({
        id: `b${i}`,
        type: 'call.ended',
        occurredAt: at,
        callId: `b${i}`,
      }));
      const big = await postEvents(JSON.stringify(tooMany));
      expect(big.status).toBe(400);
      expect(big.body.error.details[0].messages[0]).toMatch(/1 to 500 events/);
    });

    it('refuses a bad field with 400 naming it', async () => {
      const event = queued(`pbx-${randomUUID()}`);
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ type: 'call.parked' }, 'type'],
        [{ occurredAt: 'yesterday' }, 'occurredAt'],
        [{ callId: '' }, 'callId'],
        [{ id: 'x'.repeat(201) }, 'id'],
        [{ teamId: 'sales' }, 'teamId'],
        [{ priority: 101 }, 'priority'],
        [{ from: '+1 555 <script>' }, 'from'],
        [{ direction: 'sideways' }, 'direction'],
        [{ agentEmail: 'nobody' }, 'agentEmail'],
        [{ extra: true }, 'extra'],
      ];
      for (const [change, field] of cases) {
        const response = await postEvents(JSON.stringify({ ...event, ...change }));
        expect(response.status).toBe(400);
        expect(response.body.error.code).toBe('VALIDATION_ERROR');
        expect(response.body.error.details.map((d: { field: string }) => d.field)).toEqual([field]);
      }
      // None of them was applied.
      const valid = await postEvents(JSON.stringify(event));
      expect(valid.body.data.results[0].outcome).toBe('applied');
    });

    it('refuses a batch with one bad event whole, naming its index', async () => {
      const externalId = `pbx-${randomUUID()}`;
      const good = queued(externalId);
      const bad = {
        id: `${externalId}-c`,
        type: 'call.connected',
        occurredAt: 'soon',
        callId: externalId,
      };
      const response = await postEvents(JSON.stringify([good, bad]));
      expect(response.status).toBe(400);
      expect(response.body.error.message).toMatch(/nothing was applied \(bad events: 1\)/);
      expect(response.body.error.details).toEqual([
        { field: '1.occurredAt', messages: ['occurredAt must be an ISO 8601 date-time'] },
      ]);
      // The good event of that batch was not applied.
      const alone = await postEvents(JSON.stringify(good));
      expect(alone.body.data.results[0].outcome).toBe('applied');
    });
  });
});

describe('call events and the global rate limit', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi('pglite', { DEMO_SEED: 'true', RATE_LIMIT_GLOBAL_PER_MINUTE: '3' });
  });
  afterAll(() => api?.close());

  it('lets a busy PBX post past the global per-address limit', async () => {
    const call = apiClient(api.baseUrl);
    const login = await call('POST', '/api/auth/login', {
      body: { email: 'admin@poscalls4u.test', password: PASSWORD },
    });
    const token = login.body.data.token;
    const created = await call('POST', '/api/integrations', { token, body: { name: 'Busy' } });
    const { id, secret } = created.body.data.integration;
    // The admin uses the global limit up; the PBX keeps going.
    let status = 200;
    for (let i = 0; i < 5 && status !== 429; i++) {
      status = (await call('GET', '/api/integrations', { token })).status;
    }
    expect(status).toBe(429);
    for (let i = 0; i < 5; i++) {
      const body = JSON.stringify({
        id: `e${i}`,
        type: 'call.ended',
        occurredAt: new Date().toISOString(),
        callId: `c${i}`,
      });
      const response = await call('POST', `/api/integrations/${id}/call-events`, {
        rawBody: body,
        headers: {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: signatureHeader(secret, body),
        },
      });
      expect(response.status).toBe(200);
    }
  });
});
