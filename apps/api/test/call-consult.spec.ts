import { randomUUID } from 'node:crypto';
import { Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { Socket, io } from 'socket.io-client';

import { CallUpdatedEvent, SIGNATURE_HEADER, WebhookAction } from '@poscalls4u/contracts';
import { signatureHeader, verifySignature } from '@poscalls4u/server-integrations';

import { Call, createTeam, signInAll, waitFor } from './support/calls';
import { DATABASES, TestApi, apiClient, startTestApi } from './support/test-api';

interface Delivery {
  body: string;
  signature: string;
}

async function connect(baseUrl: string, token: string): Promise<Socket> {
  const socket = io(baseUrl, { auth: { token }, transports: ['websocket'], reconnection: false });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

describe.each(DATABASES)('consult (warm) transfers, on %s', (kind) => {
  let api: TestApi;
  let call: Call;
  let tokens: Record<string, string>;
  let ids: Record<string, string>;
  let teamId: string;
  let integration: { id: string; secret: string };
  let server: Server;
  const deliveries: Delivery[] = [];
  const sockets: Socket[] = [];

  const presence = (name: string, status: string) =>
    call('PUT', '/api/presence/me', { token: tokens[name], body: { status } });
  const act = (name: string, callId: string, action: string, body?: unknown) =>
    call('POST', `/api/calls/${callId}/${action}`, { token: tokens[name], body });
  const consult = (name: string, callId: string, target: unknown) =>
    act(name, callId, 'consult', { target });
  const statusOf = async (userId: string) =>
    (
      (await call('GET', '/api/presence', { token: tokens.admin })).body.data.items as {
        userId: string;
        status: string;
      }[]
    ).find((view) => view.userId === userId)?.status;
  const detailOf = async (callId: string) =>
    (await call('GET', `/api/calls/${callId}`, { token: tokens.admin })).body.data.call;
  const sentOf = (callId: string, type: string) =>
    deliveries
      .filter((delivery) => {
        const action = JSON.parse(delivery.body) as WebhookAction;
        return action.callId === callId && action.type === type;
      })
      .map((delivery) => ({
        action: JSON.parse(delivery.body) as WebhookAction,
        signature: delivery.signature,
        body: delivery.body,
      }));

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

  /** The PBX queues a call; agent1 (the only one available) answers it. Answers both ids. */
  const connected = async (): Promise<{ callId: string; externalId: string }> => {
    await presence('agent1', 'available');
    const externalId = `pbx-${randomUUID()}`;
    const { callId } = await pbx({
      type: 'call.queued',
      callId: externalId,
      teamId,
      from: '+15550100',
      to: '+15550199',
    });
    await waitFor(
      () => detailOf(callId),
      (view) => view.state === 'offered' && view.agent?.id === ids.agent1,
      10_000,
      'the offer to agent1',
    );
    expect((await act('agent1', callId, 'answer')).status).toBe(200);
    return { callId, externalId };
  };

  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        deliveries.push({
          body: Buffer.concat(chunks).toString('utf8'),
          signature: String(request.headers[SIGNATURE_HEADER]),
        });
        response.statusCode = 204;
        response.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;

    api = await startTestApi(kind, { DEMO_SEED: 'true' });
    call = apiClient(api.baseUrl);
    ({ tokens, ids } = await signInAll(call, [
      'admin',
      'supervisor1',
      'agent1',
      'agent2',
      'agent3',
    ]));
    teamId = await createTeam(call, tokens.supervisor1, 'Consults', [
      ids.agent1,
      ids.agent2,
      ids.agent3,
    ]);
    const created = await call('POST', '/api/integrations', {
      token: tokens.admin,
      body: { name: 'Consult PBX', webhookUrl: `http://127.0.0.1:${port}/webhook` },
    });
    expect(created.status).toBe(201);
    integration = created.body.data.integration;
  });
  afterEach(async () => {
    for (const name of ['agent1', 'agent2', 'agent3']) await presence(name, 'offline');
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await api.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('holds the caller, consults an available agent (both agents hear of it), then completes: the call is theirs in a new segment, counted as a transfer', async () => {
    const { callId } = await connected();
    await presence('agent2', 'available');
    const seen: Record<string, CallUpdatedEvent[]> = { agent1: [], agent2: [] };
    for (const name of ['agent1', 'agent2'] as const) {
      const socket = await connect(api.baseUrl, tokens[name]);
      sockets.push(socket);
      socket.on('call:updated', (payload: CallUpdatedEvent) => seen[name]?.push(payload));
    }

    const started = await consult('agent1', callId, { type: 'agent', agentId: ids.agent2 });
    expect(started.status).toBe(200);
    expect(started.body.data.call).toMatchObject({
      state: 'on_hold',
      agent: { id: ids.agent1 },
      consult: {
        target: { type: 'agent', agentId: ids.agent2 },
        agent: { id: ids.agent2 },
      },
    });
    // agent2 is reserved for the consult: on a call, and no other call rings at them.
    expect(await statusOf(ids.agent2)).toBe('on_call');
    for (const name of ['agent1', 'agent2'] as const) {
      await waitFor(
        async () => seen[name] ?? [],
        (events) =>
          events.some(
            (payload) =>
              payload.call.id === callId &&
              payload.event.type === 'consult_started' &&
              payload.call.consult?.agent?.id === ids.agent2,
          ),
        5_000,
        `consult_started to ${name}`,
      );
    }
    // While it is open the caller stays held: hold, resume, end and a blind transfer wait.
    for (const action of ['resume', 'end']) {
      const refused = await act('agent1', callId, action);
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('INVALID_STATE');
    }
    expect(
      (await act('agent1', callId, 'transfer', { target: { type: 'number', to: '+15550177' } }))
        .status,
    ).toBe(409);
    // One consult at a time.
    expect((await consult('agent1', callId, { type: 'number', to: '+15550177' })).status).toBe(409);

    const done = await act('agent1', callId, 'consult/complete');
    expect(done.status).toBe(200);
    expect(done.body.data.call).toMatchObject({
      state: 'connected',
      agent: { id: ids.agent2 },
      consult: null,
    });
    expect(await statusOf(ids.agent1)).toBe('available');
    expect(
      (await call('GET', '/api/calls/current', { token: tokens.agent2 })).body.data.call,
    ).toMatchObject({ id: callId, state: 'connected' });
    await waitFor(
      async () => seen.agent2 ?? [],
      (events) =>
        events.some(
          (payload) => payload.call.id === callId && payload.call.agent?.id === ids.agent2,
        ),
      5_000,
      'the completed consult to agent2',
    );

    expect((await act('agent2', callId, 'end')).status).toBe(200);
    expect((await act('agent2', callId, 'wrap-up', { disposition: 'resolved' })).status).toBe(200);
    const detail = await detailOf(callId);
    expect(detail.segments).toHaveLength(2);
    expect(detail.segments[0]).toMatchObject({
      agent: { id: ids.agent1 },
      transferredTo: { type: 'agent', agentId: ids.agent2 },
    });
    expect(detail.segments[1]).toMatchObject({ agent: { id: ids.agent2 }, transferredTo: null });
    expect(detail.timeline.map((event: { type: string }) => event.type)).toEqual(
      expect.arrayContaining(['consult_started', 'transferred', 'connected', 'wrapped_up']),
    );

    // Audited, and the PBX was told each step, signed.
    const audit = await call('GET', '/api/audit?action=calls.consult_ended', {
      token: tokens.admin,
    });
    expect(
      audit.body.data.items.some(
        (entry: { details: { callId?: string; result?: string } }) =>
          entry.details.callId === callId && entry.details.result === 'completed',
      ),
    ).toBe(true);
    await api.settle();
    const [sentStart] = sentOf(callId, 'call.consult');
    expect(sentStart?.action).toMatchObject({
      agent: { id: ids.agent1 },
      target: { type: 'agent', agentId: ids.agent2 },
    });
    expect(
      verifySignature(sentStart?.signature ?? '', integration.secret, sentStart?.body ?? ''),
    ).toBe('valid');
    expect(sentOf(callId, 'call.consult_complete')).toHaveLength(1);
  });

  it('cancels: the consulted agent is free again and the agent has the caller back', async () => {
    const { callId } = await connected();
    await presence('agent2', 'available');
    expect((await act('agent1', callId, 'consult/cancel')).status).toBe(409);
    expect((await consult('agent1', callId, { type: 'agent', agentId: ids.agent2 })).status).toBe(
      200,
    );

    const cancelled = await act('agent1', callId, 'consult/cancel');
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.data.call).toMatchObject({
      state: 'connected',
      agent: { id: ids.agent1 },
      consult: null,
    });
    expect(await statusOf(ids.agent2)).toBe('available');
    expect((await act('agent1', callId, 'consult/complete')).status).toBe(409);
    await api.settle();
    expect(sentOf(callId, 'call.consult_cancel')[0]?.action).toMatchObject({
      target: { type: 'agent', agentId: ids.agent2 },
    });

    expect((await act('agent1', callId, 'end')).status).toBe(200);
    expect((await act('agent1', callId, 'wrap-up', { disposition: 'resolved' })).status).toBe(200);
    const detail = await detailOf(callId);
    expect(detail.segments).toHaveLength(1);
    expect(detail.timeline.map((event: { type: string }) => event.type)).toEqual(
      expect.arrayContaining(['consult_started', 'consult_cancelled']),
    );
  });

  it('consults a number from a held call and completes: the call leaves the platform', async () => {
    const { callId } = await connected();
    expect((await act('agent1', callId, 'hold')).status).toBe(200);
    const started = await consult('agent1', callId, { type: 'number', to: '+15550177' });
    expect(started.status).toBe(200);
    expect(started.body.data.call).toMatchObject({
      state: 'on_hold',
      consult: { target: { type: 'number', to: '+15550177' }, agent: null },
    });
    const done = await act('agent1', callId, 'consult/complete');
    expect(done.status).toBe(200);
    expect(done.body.data.call).toMatchObject({ state: 'completed', consult: null });
    expect(await statusOf(ids.agent1)).toBe('available');
  });

  it('refuses bad targets, unavailable agents and anyone but the call agent', async () => {
    const { callId } = await connected();
    for (const bad of [
      undefined,
      { type: 'queue', teamId },
      { type: 'number' },
      { type: 'agent', agentId: 'x' },
    ]) {
      const refused = await consult('agent1', callId, bad);
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('VALIDATION_ERROR');
    }
    // agent3 is offline.
    const busy = await consult('agent1', callId, { type: 'agent', agentId: ids.agent3 });
    expect(busy.status).toBe(409);
    expect(busy.body.error.code).toBe('AGENT_UNAVAILABLE');
    expect((await consult('agent1', callId, { type: 'agent', agentId: ids.agent1 })).status).toBe(
      400,
    );
    expect((await consult('supervisor1', callId, { type: 'number', to: '+15550177' })).status).toBe(
      403,
    );
    expect((await act('supervisor1', callId, 'consult/cancel')).status).toBe(403);
    // Nothing changed: still agent1's, connected.
    expect(await detailOf(callId)).toMatchObject({ state: 'connected', consult: null });
    expect((await act('agent1', callId, 'end')).status).toBe(200);
    expect((await act('agent1', callId, 'wrap-up', { disposition: 'resolved' })).status).toBe(200);
  });

  it('a caller who hangs up during a consult frees the consulted agent', async () => {
    const { callId, externalId } = await connected();
    await presence('agent2', 'available');
    expect((await consult('agent1', callId, { type: 'agent', agentId: ids.agent2 })).status).toBe(
      200,
    );
    const ended = await pbx({ type: 'call.ended', callId: externalId });
    expect(ended.outcome).toBe('applied');
    const after = await detailOf(callId);
    expect(after.consult).toBeNull();
    expect(await statusOf(ids.agent2)).toBe('available');
    if (after.state === 'wrap_up') {
      expect((await act('agent1', callId, 'wrap-up', { disposition: 'resolved' })).status).toBe(
        200,
      );
    }
  });
});
