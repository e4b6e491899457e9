import { randomUUID } from 'node:crypto';
import { ServerResponse } from 'node:http';
import { Client } from 'pg';
import { Socket } from 'socket.io-client';

import { ChatUnreadEvent, NotificationPayload } from '@poscalls4u/contracts';
import { currentRequestId } from '@poscalls4u/server-logging';

import { UNREAD_PUSH_SPACING_MS } from '../src/chat/chat-rooms.service';
import { createTeam, signInAll, waitFor } from './support/calls';
import { ChatUser, connect, record, send, setUpChatUser, until } from './support/chat';
import { TestApi, apiClient, startTestApi } from './support/test-api';

/**
 * Counts the SQL statements each request sends to PostgreSQL before its answer (one round trip
 * each; BEGIN and COMMIT count too), by the request id they run under. Installed before the API
 * starts, so every pooled connection's `query` goes through it; the answer is the moment the
 * server ends the response (`ServerResponse.end`), in this same process.
 */
const statementsByRequest = new Map<string, string[]>();
const answered = new Set<string>();
const clientQuery = Client.prototype.query as (...args: unknown[]) => unknown;
(Client.prototype as { query: (...args: unknown[]) => unknown }).query = function (
  this: Client,
  ...args: unknown[]
) {
  const requestId = currentRequestId();
  if (requestId && !answered.has(requestId)) {
    const first = args[0] as string | { text?: string };
    const text = typeof first === 'string' ? first : (first?.text ?? '');
    statementsByRequest.set(requestId, [...(statementsByRequest.get(requestId) ?? []), text]);
  }
  return clientQuery.apply(this, args);
};
const responseEnd = ServerResponse.prototype.end as (...args: unknown[]) => ServerResponse;
(ServerResponse.prototype as { end: (...args: unknown[]) => ServerResponse }).end = function (
  this: ServerResponse,
  ...args: unknown[]
) {
  const requestId = this.getHeader('x-request-id');
  if (typeof requestId === 'string') answered.add(requestId);
  return responseEnd.apply(this, args);
};

// Round trips are the server's cost (the embedded PGlite has none): PostgreSQL only.
const describeOnServer = process.env.DATABASE_URL ? describe : describe.skip;
if (!process.env.DATABASE_URL) {
  process.stderr.write('Skipping the chat send path round trips: DATABASE_URL is not set.\n');
}

/**
 * The send path's cost in database round trips: one statement reads membership, room, device and
 * a resent client id; one statement stores the message, claims its counter, touches the room and
 * (for a direct message or a mention) writes the notification job to the outbox. Unread counts
 * are pushed, and the outbox dispatched, after the answer.
 */
describeOnServer('chat send path (PostgreSQL round trips)', () => {
  let api: TestApi;
  let call: ReturnType<typeof apiClient>;
  let tokens: Record<string, string>;
  let ids: Record<string, string>;
  const users: Record<string, ChatUser> = {};
  const sockets: Socket[] = [];
  let teamRoom: string;

  const statementsOf = (response: { headers: Headers }) =>
    statementsByRequest.get(response.headers.get('x-request-id') ?? '') ?? [];

  beforeAll(async () => {
    api = await startTestApi('postgres', { DEMO_SEED: 'true' });
    call = apiClient(api.baseUrl);
    ({ tokens, ids } = await signInAll(call, ['supervisor1', 'agent1', 'agent2']));
    const teamId = await createTeam(call, tokens.supervisor1 as string, 'Send path', [
      ids.agent1 as string,
      ids.agent2 as string,
    ]);
    for (const name of Object.keys(tokens)) {
      users[name] = await setUpChatUser(call, name, ids[name] as string, tokens[name] as string);
    }
    const listed = await waitFor(
      () => call('GET', '/api/chat/rooms', { token: tokens.agent1 }),
      (response) =>
        (response.body.data.items as Array<{ teamId: string; memberIds: string[] }>).some(
          (room) => room.teamId === teamId && room.memberIds.length === 3,
        ),
    );
    teamRoom = (listed.body.data.items as Array<{ id: string; teamId: string }>).find(
      (room) => room.teamId === teamId,
    )?.id as string;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await api.close();
  });

  it('stores a team message in two statements and pushes the unread counts after the answer', async () => {
    const socket = await connect(api.baseUrl, tokens.agent2 as string);
    sockets.push(socket);
    const unread = record<ChatUnreadEvent>(socket, 'chat:unread');
    const counts: number[] = [];
    for (let index = 0; index < 3; index += 1) {
      const response = await send(call, users.agent1 as ChatUser, teamRoom, `hello ${index}`);
      expect(response.status).toBe(201);
      counts.push(statementsOf(response).length);
    }
    process.stdout.write(`chat send, team room: ${counts.join(', ')} statements a request\n`);
    expect(Math.max(...counts)).toBeLessThanOrEqual(2);
    await until(
      () => unread.some((event) => event.roomId === teamRoom && event.unread === 3),
      'the reader to hear 3 unread',
    );
  });

  it('pushes the unread counts of a burst at most once a second, the last one exact', async () => {
    const socket = await connect(api.baseUrl, tokens.agent2 as string);
    sockets.push(socket);
    const unread = record<ChatUnreadEvent>(socket, 'chat:unread');
    const started = Date.now();
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        send(call, users.agent1 as ChatUser, teamRoom, `burst ${index}`),
      ),
    );
    const sendingMs = Date.now() - started;
    expect(responses.map((response) => response.status)).toEqual(Array(10).fill(201));
    // 3 unread from the test above, 10 from this burst.
    await until(
      () => unread.some((event) => event.roomId === teamRoom && event.unread === 13),
      'the reader to hear 13 unread',
    );
    const pushes = unread.filter((event) => event.roomId === teamRoom).length;
    process.stdout.write(`chat send, a burst of 10: ${pushes} unread pushes to a reader\n`);
    // One at once, then one a second while the sends last, and the one after the last send.
    expect(pushes).toBeLessThanOrEqual(2 + Math.ceil(sendingMs / UNREAD_PUSH_SPACING_MS));
  });

  it('answers a resent message from the first statement', async () => {
    const clientMessageId = randomUUID();
    const first = await send(call, users.agent1 as ChatUser, teamRoom, 'once', {
      clientMessageId,
    });
    const again = await send(call, users.agent1 as ChatUser, teamRoom, 'once', {
      clientMessageId,
    });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body.data.message.id).toBe(first.body.data.message.id);
    expect(statementsOf(again)).toHaveLength(1);
  });

  it('keeps a direct message’s notification in the outbox of the same statement, then delivers it', async () => {
    const direct = await call('POST', '/api/chat/direct', {
      token: tokens.supervisor1,
      body: { userId: ids.agent1 },
    });
    expect(direct.status).toBe(200);
    const roomId = direct.body.data.room.id as string;
    const socket = await connect(api.baseUrl, tokens.agent1 as string);
    sockets.push(socket);
    const heard = record<NotificationPayload>(socket, 'notification');

    const response = await send(call, users.supervisor1 as ChatUser, roomId, 'a word');
    expect(response.status).toBe(201);
    process.stdout.write(
      `chat send, direct message: ${statementsOf(response).length} statements a request\n`,
    );
    expect(statementsOf(response).length).toBeLessThanOrEqual(2);
    await until(
      () =>
        heard.some(
          (event) => event.notification?.link?.messageId === response.body.data.message.id,
        ),
      'the direct message notification',
    );
    await api.settle();
    const listed = await call('GET', '/api/notifications', { token: tokens.agent1 });
    const forMessage = (
      listed.body.data.items as Array<{ kind: string; link: { messageId?: string } }>
    ).filter((item) => item.link?.messageId === response.body.data.message.id);
    expect(forMessage).toEqual([expect.objectContaining({ kind: 'chat_direct' })]);
  });
});
