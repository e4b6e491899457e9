import { randomUUID } from 'node:crypto';
import { Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';

import { SIGNATURE_HEADER, WebhookAction } from '@poscalls4u/contracts';
import { signatureHeader, verifySignature } from '@poscalls4u/server-integrations';

import { Call, createTeam, signInAll, waitFor } from './support/calls';
import { DATABASES, TestApi, apiClient, startTestApi } from './support/test-api';

interface Delivery {
  body: string;
  signature: string;
}

describe.each(DATABASES)('blind transfer to a number, on %s', (kind) => {
  let api: TestApi;
  let call: Call;
  let tokens: Record<string, string>;
  let ids: Record<string, string>;
  let teamId: string;
  let integration: { id: string; secret: string };
  let server: Server;
  const deliveries: Delivery[] = [];

  const presence = (name: string, status: string) =>
    call('PUT', '/api/presence/me', { token: tokens[name], body: { status } });
  const act = (name: string, callId: string, action: string, body?: unknown) =>
    call('POST', `/api/calls/${callId}/${action}`, { token: tokens[name], body });
  const transfer = (name: string, callId: string, target: unknown) =>
    act(name, callId, 'transfer', { target });

  /** The PBX queues a call; it rings at agent1, the team's only available agent. */
  const ringing = async (): Promise<string> => {
    await presence('agent1', 'available');
    const externalId = `pbx-${randomUUID()}`;
    const event = JSON.stringify({
      id: `${externalId}-queued`,
      type: 'call.queued',
      occurredAt: new Date().toISOString(),
      callId: externalId,
      teamId,
      from: '+15550100',
      to: '+15550199',
    });
    const ingested = await call('POST', `/api/integrations/${integration.id}/call-events`, {
      rawBody: event,
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: signatureHeader(integration.secret, event),
      },
    });
    expect(ingested.status).toBe(200);
    const callId: string = ingested.body.data.results[0].callId;
    await waitFor(
      async () => (await call('GET', `/api/calls/${callId}`, { token: tokens.admin })).body,
      (body) => body.data?.call?.state === 'offered',
      10_000,
      'the offer',
    );
    return callId;
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
    ({ tokens, ids } = await signInAll(call, ['admin', 'supervisor1', 'agent1', 'agent2']));
    teamId = await createTeam(call, tokens.supervisor1, 'Transfers', [ids.agent1]);
    const created = await call('POST', '/api/integrations', {
      token: tokens.admin,
      body: { name: 'Transfer PBX', webhookUrl: `http://127.0.0.1:${port}/webhook` },
    });
    expect(created.status).toBe(201);
    integration = created.body.data.integration;
  });
  afterEach(() => presence('agent1', 'offline'));
  afterAll(async () => {
    await api.close();
    // The API keeps its webhook connections alive: close them, or close() waits for them.
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('hands the caller to the number: the call completes as transferred, the agent is free and the PBX gets a signed call.transfer', async () => {
    const callId = await ringing();
    expect((await act('agent1', callId, 'answer')).status).toBe(200);
    expect((await act('agent1', callId, 'hold')).status).toBe(200);

    const done = await transfer('agent1', callId, { type: 'number', to: '+15550177' });
    expect(done.status).toBe(200);
    expect(done.body.data.call).toMatchObject({ id: callId, state: 'completed' });

    const detail = (await call('GET', `/api/calls/${callId}`, { token: tokens.admin })).body.data
      .call;
    expect(detail.timeline.at(-1)).toMatchObject({
      type: 'transferred',
      fromState: 'on_hold',
      toState: 'completed',
      agent: { id: ids.agent1 },
      details: { target: { type: 'number', to: '+15550177' } },
    });
    const everyone = (await call('GET', '/api/presence', { token: tokens.admin })).body.data.items;
    expect(everyone.find((view: { userId: string }) => view.userId === ids.agent1)).toMatchObject({
      status: 'available',
    });
    expect((await call('GET', '/api/calls/current', { token: tokens.agent1 })).body.data.call).toBe(
      null,
    );

    await api.settle();
    const sent = deliveries.filter(
      (delivery) => (JSON.parse(delivery.body) as WebhookAction).type === 'call.transfer',
    );
    expect(sent).toHaveLength(1);
    expect(verifySignature(sent[0]?.signature ?? '', integration.secret, sent[0]?.body ?? '')).toBe(
      'valid',
    );
    expect(JSON.parse(sent[0]?.body ?? '{}')).toMatchObject({
      type: 'call.transfer',
      callId,
      agent: { id: ids.agent1 },
      target: { type: 'number', to: '+15550177' },
    });
  });

  it('refuses a bad target, a call not yet answered, and anyone but its agent', async () => {
    const callId = await ringing();
    const target = { type: 'number', to: '+15550177' };
    // Ringing, not connected: nothing to hand on yet.
    expect((await transfer('agent1', callId, target)).status).toBe(409);
    expect((await act('agent1', callId, 'answer')).status).toBe(200);

    for (const bad of [
      undefined,
      { type: 'queue', to: '+15550177' },
      { type: 'number', to: 'x' },
    ]) {
      const refused = await transfer('agent1', callId, bad);
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('VALIDATION_ERROR');
    }
    // The team's supervisor sees the call but does not work it; another agent does not see it.
    expect((await transfer('supervisor1', callId, target)).status).toBe(403);
    expect((await transfer('agent2', callId, target)).status).toBe(404);

    // Still the agent's, connected: end it as usual.
    expect((await act('agent1', callId, 'end')).status).toBe(200);
    expect((await act('agent1', callId, 'wrap-up', { disposition: 'resolved' })).status).toBe(200);
  });
});
