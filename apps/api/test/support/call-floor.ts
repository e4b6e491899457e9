import { randomUUID } from 'node:crypto';
import { Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { Socket } from 'socket.io-client';

import { SIGNATURE_HEADER, WebhookAction } from '@poscalls4u/contracts';
import { signatureHeader } from '@poscalls4u/server-integrations';

import { Call, createTeam, signInAll, waitFor } from './calls';
import { connect as connectSocket } from './chat';
import { DatabaseKind, TestApi, apiClient, startTestApi } from './test-api';

export interface CallFloorOptions {
  /** Demo users to sign in by the part of their email before the `@` (`admin`, `agent1`...). */
  users: string[];
  /** Teams to create, by name, with their agents (by user name); supervisor1 supervises each. */
  teams: Record<string, string[]>;
  /** The PBX integration's name. */
  pbx: string;
}

/** A webhook the API sent the PBX, as it came: its body, its signature header and the action. */
export interface Delivery {
  body: string;
  signature: string;
  action: WebhookAction;
}

/** What the API answered for one PBX event (`callId` is ours: null for a call it does not know). */
export interface PbxResult {
  id: string;
  outcome: string;
  callId: string | null;
  reason?: string;
}

/** A call on the floor: our id and the PBX's. */
export interface FloorCall {
  callId: string;
  externalId: string;
}

/**
 * A call floor for the call suites: the real API with the demo users signed in, teams that
 * supervisor1 creates (so supervises), a PBX integration whose signed webhooks a local server
 * records, and the moves the suites make on it (presence, agent actions, signed PBX events,
 * a call queued, rung and answered).
 *
 * `callFloor()` is empty until `open()`: a suite makes one at the top of its `describe`, may
 * destructure it there (the records fill in and the functions work once it is open), and opens
 * and closes it in its own hooks.
 */
export function callFloor() {
  let api: TestApi | undefined;
  let client: Call | undefined;
  let webhooks: Server | undefined;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const teams: Record<string, string> = {};
  const integration = { id: '', secret: '' };
  const deliveries: Delivery[] = [];
  const sockets: Socket[] = [];
  /** The PBX's id of each call the floor queued, by our id. */
  const externalIds = new Map<string, string>();

  const opened = (): { api: TestApi; client: Call } => {
    if (!api || !client) throw new Error('The call floor is not open: call open() in beforeAll.');
    return { api, client };
  };

  /** The API client (see test-api.ts), once the floor is open. */
  const call: Call = (...args) => opened().client(...args);

  const presence = (name: string, status: string) =>
    call('PUT', '/api/presence/me', { token: tokens[name], body: { status } });

  /** `name` takes an action on a call: `POST /api/calls/:id/<action>`. */
  const act = (name: string, callId: string, action: string, body?: unknown) =>
    call('POST', `/api/calls/${callId}/${action}`, { token: tokens[name], body });

  /** The call's detail as an admin reads it. */
  const detailOf = async (callId: string) =>
    (await call('GET', `/api/calls/${callId}`, { token: tokens.admin })).body.data.call;

  /** The presence status of a user, as an admin reads it. */
  const statusOf = async (userId: string): Promise<string | undefined> =>
    (
      (await call('GET', '/api/presence', { token: tokens.admin })).body.data.items as {
        userId: string;
        status: string;
      }[]
    ).find((view) => view.userId === userId)?.status;

  /** The webhooks of `type` the PBX was sent about a call, oldest first. */
  const sent = (callId: string, type: string): Delivery[] =>
    deliveries.filter(({ action }) => action.callId === callId && action.type === type);

  /** A body posted to the integration's event route, signed with its secret: the raw answer. */
  const postSigned = (body: string) =>
    call('POST', `/api/integrations/${integration.id}/call-events`, {
      rawBody: body,
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: signatureHeader(integration.secret, body),
      },
    });

  /** A PBX event with a fresh `id` and `occurredAt` now, unless `fields` sets them. */
  const event = (fields: Record<string, unknown>) => ({
    id: `${String(fields.callId)}-${randomUUID()}`,
    occurredAt: new Date().toISOString(),
    ...fields,
  });

  /** Posts signed events (one, or a batch); answers their results in order. */
  const ingest = async (body: unknown): Promise<PbxResult[]> => {
    const answer = await postSigned(JSON.stringify(body));
    expect(answer.status).toBe(200);
    return answer.body.data.results as PbxResult[];
  };

  /** One signed event from the PBX; answers its result. */
  const pbx = async (fields: Record<string, unknown>): Promise<PbxResult> =>
    (await ingest(event(fields)))[0] as PbxResult;

  /** Signed events from the PBX in one request; answers their results in order. */
  const pbxBatch = (events: Record<string, unknown>[]): Promise<PbxResult[]> =>
    ingest(events.map(event));

  /** A caller joins `teamId`'s queue through the PBX. */
  const queued = async (teamId: string): Promise<FloorCall> => {
    const externalId = `pbx-${randomUUID()}`;
    const result = await pbx({
      type: 'call.queued',
      callId: externalId,
      teamId,
      from: '+15550100',
      to: '+15550199',
    });
    expect(result.outcome).toBe('applied');
    const callId = result.callId as string;
    externalIds.set(callId, externalId);
    return { callId, externalId };
  };

  /** `agent` comes available and a call to `teamId` (where nobody else is) rings at them. */
  const offered = async (agent: string, teamId: string): Promise<FloorCall> => {
    await presence(agent, 'available');
    const live = await queued(teamId);
    await waitFor(
      () => detailOf(live.callId),
      (view) => view?.state === 'offered' && view.agent?.id === ids[agent],
      10_000,
      `the offer to ${agent}`,
    );
    return live;
  };

  /** As `offered`, and `agent` answers: the call is theirs, connected. */
  const answered = async (agent: string, teamId: string): Promise<FloorCall> => {
    const live = await offered(agent, teamId);
    expect((await act(agent, live.callId, 'answer')).status).toBe(200);
    return live;
  };

  /** `name` ends the call and wraps it up as resolved (after-call work done). */
  const endAndWrapUp = async (name: string, callId: string): Promise<void> => {
    expect((await act(name, callId, 'end')).status).toBe(200);
    expect((await act(name, callId, 'wrap-up', { disposition: 'resolved' })).status).toBe(200);
  };

  /** A Socket.IO client signed in as `name`, connected; the floor disconnects it on close. */
  const connect = async (name: string): Promise<Socket> => {
    const socket = await connectSocket(opened().api.baseUrl, tokens[name] as string);
    sockets.push(socket);
    return socket;
  };

  /** Waits until the outbox and the job queue are idle (every webhook sent). */
  const settle = () => opened().api.settle();

  const open = async (kind: DatabaseKind, options: CallFloorOptions): Promise<void> => {
    webhooks = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        deliveries.push({
          body,
          signature: String(request.headers[SIGNATURE_HEADER]),
          action: JSON.parse(body) as WebhookAction,
        });
        response.statusCode = 204;
        response.end();
      });
    });
    const server = webhooks;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;

    api = await startTestApi(kind, { DEMO_SEED: 'true' });
    client = apiClient(api.baseUrl);
    const signedIn = await signInAll(call, options.users);
    Object.assign(tokens, signedIn.tokens);
    Object.assign(ids, signedIn.ids);
    for (const [name, agents] of Object.entries(options.teams)) {
      teams[name] = await createTeam(
        call,
        tokens.supervisor1,
        name,
        agents.map((agent) => ids[agent] as string),
      );
    }
    const created = await call('POST', '/api/integrations', {
      token: tokens.admin,
      body: { name: options.pbx, webhookUrl: `http://127.0.0.1:${port}/webhook` },
    });
    if (created.status !== 201) {
      throw new Error(`Integration creation failed: ${JSON.stringify(created.body)}`);
    }
    Object.assign(integration, created.body.data.integration);
  };

  /** Takes `names` offline (between tests, so that each test's calls ring where it says). */
  const offline = async (names: string[]): Promise<void> => {
    for (const name of names) await presence(name, 'offline');
  };

  const close = async (): Promise<void> => {
    for (const socket of sockets) socket.disconnect();
    await api?.close();
    // The API keeps its webhook connections alive: close them, or close() waits for them.
    webhooks?.closeAllConnections();
    await new Promise<void>((resolve) => (webhooks ? webhooks.close(() => resolve()) : resolve()));
  };

  return {
    open,
    offline,
    close,
    call,
    tokens,
    ids,
    teams,
    integration,
    deliveries,
    externalIds,
    presence,
    act,
    detailOf,
    statusOf,
    sent,
    postSigned,
    pbx,
    pbxBatch,
    queued,
    offered,
    answered,
    endAndWrapUp,
    connect,
    settle,
  };
}
