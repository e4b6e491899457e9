import { randomUUID } from 'node:crypto';
import { Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';

import { SIGNATURE_HEADER, WebhookAction } from '@poscalls4u/contracts';
import { signatureHeader } from '@poscalls4u/server-integrations';

import { Call, createTeam, signInAll, waitFor } from './support/calls';
import { DATABASES, TestApi, apiClient, startTestApi } from './support/test-api';

/**
 * Where a call transferred to a queue takes its place: its original arrival (`keep`, the
 * default) or the back of the queue, by the receiving team's setting or the transfer's own
 * `queuePosition`. Front's agent1 transfers to Back office, whose only agent (agent2) stays
 * offline until the queue holds both the transferred call and a caller who arrived after it.
 */
describe.each(DATABASES)('the place of a call transferred to a queue, on %s', (kind) => {
  let api: TestApi;
  let call: Call;
  let tokens: Record<string, string>;
  let ids: Record<string, string>;
  let frontId: string;
  let backOfficeId: string;
  let integration: { id: string; secret: string };
  let server: Server;
  const deliveries: string[] = [];

  const presence = (name: string, status: string) =>
    call('PUT', '/api/presence/me', { token: tokens[name], body: { status } });
  const act = (name: string, callId: string, action: string, body?: unknown) =>
    call('POST', `/api/calls/${callId}/${action}`, { token: tokens[name], body });
  const detailOf = async (callId: string) =>
    (await call('GET', `/api/calls/${callId}`, { token: tokens.admin })).body.data.call;
  const setTransferredCalls = (value: unknown) =>
    call('PUT', `/api/skills/teams/${backOfficeId}`, {
      token: tokens.supervisor1,
      body: { requiredSkills: [], transferredCalls: value },
    });
  const transferSent = (callId: string) =>
    deliveries
      .map((body) => JSON.parse(body) as WebhookAction)
      .filter((action) => action.callId === callId && action.type === 'call.transfer');

  const externalIds = new Map<string, string>();
  /** A signed event from the PBX; answers its result. */
  const pbx = async (fields: Record<string, unknown>) => {
    const event = JSON.stringify({
      id: `${String(fields.callId)}-${randomUUID()}`,
      occurredAt: new Date().toISOString(),
      ...fields,
    });
    const ingested = await call('POST', `/api/integrations/${integration.id}/call-events`, {
      rawBody: event,
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: signatureHeader(integration.secret, event),
      },
    });
    expect(ingested.status).toBe(200);
    return ingested.body.data.results[0] as { outcome: string; callId: string };
  };
  /** A caller joins a team's queue through the PBX. */
  const arrive = async (teamId: string): Promise<string> => {
    const externalId = `pbx-${randomUUID()}`;
    const { callId } = await pbx({
      type: 'call.queued',
      callId: externalId,
      teamId,
      from: '+15550100',
      to: '+15550199',
    });
    externalIds.set(callId, externalId);
    return callId;
  };
  /** A call of Front that agent1 answers. */
  const answeredByAgent1 = async (): Promise<string> => {
    await presence('agent1', 'available');
    const callId = await arrive(frontId);
    await waitFor(
      () => detailOf(callId),
      (view) => view.state === 'offered' && view.agent?.id === ids.agent1,
      10_000,
      'the offer to agent1',
    );
    expect((await act('agent1', callId, 'answer')).status).toBe(200);
    return callId;
  };
  /** agent2 comes in: answers which of the two calls rings at them first. */
  const firstOfferedToAgent2 = async (callIds: string[]): Promise<string> => {
    await presence('agent2', 'available');
    const views = await waitFor(
      () => Promise.all(callIds.map(detailOf)),
      (list) => list.some((view) => view.state === 'offered'),
      10_000,
      'an offer to agent2',
    );
    const offered = views.filter((view) => view.state === 'offered');
    expect(offered).toHaveLength(1);
    expect(offered[0].agent?.id).toBe(ids.agent2);
    return offered[0].id as string;
  };
  /** The caller at agent2 is served; the other one hangs up in the queue. */
  const finish = async (servedId: string, otherId: string) => {
    expect(await pbx({ type: 'call.abandoned', callId: externalIds.get(otherId) })).toMatchObject({
      outcome: 'applied',
    });
    expect((await act('agent2', servedId, 'answer')).status).toBe(200);
    expect((await act('agent2', servedId, 'end')).status).toBe(200);
    expect((await act('agent2', servedId, 'wrap-up', { disposition: 'resolved' })).status).toBe(
      200,
    );
  };

  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        deliveries.push(Buffer.concat(chunks).toString('utf8'));
        response.statusCode = 204;
        response.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;

    api = await startTestApi(kind, { DEMO_SEED: 'true' });
    call = apiClient(api.baseUrl);
    ({ tokens, ids } = await signInAll(call, ['admin', 'supervisor1', 'agent1', 'agent2']));
    frontId = await createTeam(call, tokens.supervisor1, 'Front', [ids.agent1]);
    backOfficeId = await createTeam(call, tokens.supervisor1, 'Back office', [ids.agent2]);
    const created = await call('POST', '/api/integrations', {
      token: tokens.admin,
      body: { name: 'Queue PBX', webhookUrl: `http://127.0.0.1:${port}/webhook` },
    });
    expect(created.status).toBe(201);
    integration = created.body.data.integration;
  });
  afterEach(async () => {
    for (const name of ['agent1', 'agent2']) await presence(name, 'offline');
  });
  afterAll(async () => {
    await api.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('keeps its place by default: served before a caller who arrived after it', async () => {
    const routing = await call('GET', `/api/skills/teams/${backOfficeId}`, {
      token: tokens.supervisor1,
    });
    expect(routing.body.data.routing.transferredCalls).toBe('keep');
    const transferred = await answeredByAgent1();
    const arrival = (await detailOf(transferred)).queuedAt;
    const later = await arrive(backOfficeId);

    const moved = await act('agent1', transferred, 'transfer', {
      target: { type: 'queue', teamId: backOfficeId },
    });
    expect(moved.status).toBe(200);
    expect(moved.body.data.call).toMatchObject({
      state: 'queued',
      teamId: backOfficeId,
      queuedAt: arrival,
      requeuedAt: null,
    });

    expect(await firstOfferedToAgent2([transferred, later])).toBe(transferred);
    await finish(transferred, later);
    const detail = await detailOf(transferred);
    expect(
      detail.timeline.find((event: { type: string }) => event.type === 'transferred'),
    ).toMatchObject({ details: { queuePosition: 'keep' } });
    await api.settle();
    expect(transferSent(transferred)[0]).toMatchObject({
      target: { type: 'queue', teamId: backOfficeId },
      queuePosition: 'keep',
    });
  });

  it("goes to the back by the team's setting: behind the callers waiting, with its arrival and wait unchanged", async () => {
    const set = await setTransferredCalls('back');
    expect(set.status).toBe(200);
    expect(set.body.data.routing).toMatchObject({ teamId: backOfficeId, transferredCalls: 'back' });

    const transferred = await answeredByAgent1();
    const before = await detailOf(transferred);
    const waiting = await arrive(backOfficeId);
    const waitingSince = (await detailOf(waiting)).queuedAt as string;

    const moved = await act('agent1', transferred, 'transfer', {
      target: { type: 'queue', teamId: backOfficeId },
    });
    expect(moved.status).toBe(200);
    const after = moved.body.data.call;
    // Its place in line is now; its arrival (the statistics' bucket) and its wait stay.
    expect(Date.parse(after.requeuedAt)).toBeGreaterThanOrEqual(Date.parse(waitingSince));
    expect(after.queuedAt).toBe(before.queuedAt);
    expect(after.answeredAt).toBe(before.answeredAt);
    expect(after.durations.waitSeconds).toBe(before.durations.waitSeconds);

    expect(await firstOfferedToAgent2([transferred, waiting])).toBe(waiting);
    // The caller ahead hangs up while it rings: the transferred one is next.
    expect(await pbx({ type: 'call.abandoned', callId: externalIds.get(waiting) })).toMatchObject({
      outcome: 'applied',
    });
    await waitFor(
      () => detailOf(transferred),
      (view) => view.state === 'offered' && view.agent?.id === ids.agent2,
      10_000,
      'the offer of the transferred call',
    );
    expect((await act('agent2', transferred, 'answer')).status).toBe(200);
    expect((await act('agent2', transferred, 'end')).status).toBe(200);
    expect((await act('agent2', transferred, 'wrap-up', { disposition: 'resolved' })).status).toBe(
      200,
    );
    const done = await detailOf(transferred);
    expect(done).toMatchObject({ queuedAt: before.queuedAt, answeredAt: before.answeredAt });
    expect(done.durations.waitSeconds).toBe(before.durations.waitSeconds);
    await api.settle();
    expect(transferSent(transferred)[0]).toMatchObject({ queuePosition: 'back' });

    // A transfer at the phone to the team follows its setting too.
    const atPhone = await answeredByAgent1();
    expect(
      await pbx({
        type: 'call.transferred',
        callId: externalIds.get(atPhone),
        transferTeamId: backOfficeId,
      }),
    ).toMatchObject({ outcome: 'applied' });
    expect((await detailOf(atPhone)).requeuedAt).not.toBeNull();
    expect(await pbx({ type: 'call.abandoned', callId: externalIds.get(atPhone) })).toMatchObject({
      outcome: 'applied',
    });
  });

  it("lets a transfer choose its place over the team's, and refuses a bad choice", async () => {
    expect((await setTransferredCalls('back')).status).toBe(200);
    const transferred = await answeredByAgent1();
    const later = await arrive(backOfficeId);

    for (const [body, field] of [
      [
        { target: { type: 'queue', teamId: backOfficeId }, queuePosition: 'front' },
        'queuePosition',
      ],
      [{ target: { type: 'number', to: '+15550177' }, queuePosition: 'back' }, 'queuePosition'],
    ] as const) {
      const refused = await act('agent1', transferred, 'transfer', body);
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('VALIDATION_ERROR');
      expect(refused.body.error.details.map((detail: { field: string }) => detail.field)).toContain(
        field,
      );
    }
    const badSetting = await setTransferredCalls('sideways');
    expect(badSetting.status).toBe(400);
    expect(badSetting.body.error.code).toBe('VALIDATION_ERROR');

    const moved = await act('agent1', transferred, 'transfer', {
      target: { type: 'queue', teamId: backOfficeId },
      queuePosition: 'keep',
    });
    expect(moved.status).toBe(200);
    expect(moved.body.data.call.requeuedAt).toBeNull();
    expect(await firstOfferedToAgent2([transferred, later])).toBe(transferred);
    await finish(transferred, later);

    // Back to the default; a PUT without it leaves the setting as it is.
    expect((await setTransferredCalls('keep')).status).toBe(200);
    const unchanged = await call('PUT', `/api/skills/teams/${backOfficeId}`, {
      token: tokens.supervisor1,
      body: { requiredSkills: [] },
    });
    expect(unchanged.body.data.routing.transferredCalls).toBe('keep');
  });
});
