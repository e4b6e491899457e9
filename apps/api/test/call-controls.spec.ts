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

describe.each(DATABASES)('mute, unmute and DTMF relayed to the PBX, on %s', (kind) => {
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
  const sent = (type: string, callId: string) =>
    deliveries
      .map((delivery) => ({ ...delivery, action: JSON.parse(delivery.body) as WebhookAction }))
      .filter(({ action }) => action.type === type && action.callId === callId);

  /** The PBX queues a call; it rings at agent1, who answers. */
  const answered = async (): Promise<string> => {
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
    expect((await act('agent1', callId, 'answer')).status).toBe(200);
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
    teamId = await createTeam(call, tokens.supervisor1, 'Call controls', [ids.agent1]);
    const created = await call('POST', '/api/integrations', {
      token: tokens.admin,
      body: { name: 'Controls PBX', webhookUrl: `http://127.0.0.1:${port}/webhook` },
    });
    expect(created.status).toBe(201);
    integration = created.body.data.integration;
  });
  afterEach(() => presence('agent1', 'offline'));
  afterAll(async () => {
    await api.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('mutes and unmutes: the call shows it, the timeline records it, the PBX gets signed commands', async () => {
    const callId = await answered();

    const muted = await act('agent1', callId, 'mute');
    expect(muted.status).toBe(200);
    expect(muted.body.data.call).toMatchObject({ id: callId, state: 'connected', muted: true });
    // Twice is a mistake the agent should hear about, not a second command to the PBX.
    const again = await act('agent1', callId, 'mute');
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('INVALID_STATE');

    // Muted survives hold and resume: the PBX keeps the agent's leg muted.
    expect((await act('agent1', callId, 'hold')).body.data.call.muted).toBe(true);
    expect((await act('agent1', callId, 'resume')).body.data.call.muted).toBe(true);

    const unmuted = await act('agent1', callId, 'unmute');
    expect(unmuted.status).toBe(200);
    expect(unmuted.body.data.call.muted).toBe(false);
    expect((await act('agent1', callId, 'unmute')).status).toBe(409);

    const detail = (await call('GET', `/api/calls/${callId}`, { token: tokens.admin })).body.data
      .call;
    const controls = detail.timeline.filter((event: { type: string }) =>
      ['muted', 'unmuted'].includes(event.type),
    );
    expect(controls).toEqual([
      expect.objectContaining({
        type: 'muted',
        fromState: null,
        toState: null,
        source: 'agent',
        agent: expect.objectContaining({ id: ids.agent1 }),
      }),
      expect.objectContaining({ type: 'unmuted', fromState: null, toState: null }),
    ]);

    await api.settle();
    for (const type of ['agent.mute', 'agent.unmute']) {
      const [delivery, ...more] = sent(type, callId);
      expect(more).toHaveLength(0);
      expect(
        verifySignature(delivery?.signature ?? '', integration.secret, delivery?.body ?? ''),
      ).toBe('valid');
      expect(delivery?.action).toMatchObject({ type, callId, agent: { id: ids.agent1 } });
    }

    // Muted then hung up: the call is no longer muted (nothing left to mute).
    expect((await act('agent1', callId, 'mute')).status).toBe(200);
    const ended = await act('agent1', callId, 'end');
    expect(ended.body.data.call).toMatchObject({ state: 'wrap_up', muted: false });
    expect((await act('agent1', callId, 'unmute')).status).toBe(409);
    expect((await act('agent1', callId, 'wrap-up', { disposition: 'resolved' })).status).toBe(200);
  });

  it('sends DTMF digits to the PBX and records only how many', async () => {
    const callId = await answered();

    const done = await act('agent1', callId, 'dtmf', { digits: '4929*1234#' });
    expect(done.status).toBe(200);
    expect(done.body.data.call.state).toBe('connected');

    const detail = (await call('GET', `/api/calls/${callId}`, { token: tokens.admin })).body.data
      .call;
    const dtmf = detail.timeline.filter((event: { type: string }) => event.type === 'dtmf');
    expect(dtmf).toEqual([expect.objectContaining({ details: { digitCount: 10 } })]);
    expect(JSON.stringify(detail.timeline)).not.toContain('4929');

    await api.settle();
    const [delivery] = sent('agent.dtmf', callId);
    expect(delivery?.action).toMatchObject({ type: 'agent.dtmf', callId, digits: '4929*1234#' });
    expect(
      verifySignature(delivery?.signature ?? '', integration.secret, delivery?.body ?? ''),
    ).toBe('valid');

    // On hold the far end would not hear the tones.
    expect((await act('agent1', callId, 'hold')).status).toBe(200);
    expect((await act('agent1', callId, 'dtmf', { digits: '1' })).status).toBe(409);
    expect((await act('agent1', callId, 'resume')).status).toBe(200);

    expect((await act('agent1', callId, 'end')).status).toBe(200);
    expect((await act('agent1', callId, 'dtmf', { digits: '1' })).status).toBe(409);
    expect((await act('agent1', callId, 'wrap-up', { disposition: 'resolved' })).status).toBe(200);
  });

  it('refuses bad digits with a 400 naming the field, and anyone but the agent', async () => {
    const callId = await answered();
    for (const digits of [undefined, '', 'A', '12 3', '1'.repeat(33), 123, ['1']]) {
      const refused = await act('agent1', callId, 'dtmf', { digits });
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('VALIDATION_ERROR');
      expect(refused.body.error.details[0].field).toBe('digits');
    }
    expect((await act('agent1', callId, 'dtmf', { digits: '1'.repeat(32) })).status).toBe(200);

    // The team's supervisor sees the call but does not work it; another agent does not see it.
    expect((await act('supervisor1', callId, 'mute')).status).toBe(403);
    expect((await act('supervisor1', callId, 'dtmf', { digits: '1' })).status).toBe(403);
    expect((await act('agent2', callId, 'mute')).status).toBe(404);
    expect((await act('agent2', callId, 'dtmf', { digits: '1' })).status).toBe(404);
    expect((await call('POST', `/api/calls/${callId}/mute`)).status).toBe(401);

    expect((await act('agent1', callId, 'end')).status).toBe(200);
    expect((await act('agent1', callId, 'wrap-up', { disposition: 'resolved' })).status).toBe(200);
  });
});
