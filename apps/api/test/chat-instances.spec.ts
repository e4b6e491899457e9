import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { Socket } from 'socket.io-client';

import {
  ChatMessageEvent,
  ChatRoomChangedEvent,
  ChatUnreadEvent,
  NotificationPayload,
} from '@poscalls4u/contracts';

import { createTeam, signInAll, waitFor } from './support/calls';
import { ChatUser, connect, open, pause, record, send, setUpChatUser, until } from './support/chat';
import { TestApi, apiClient, startTestApi } from './support/test-api';

const redisUrl = process.env.REDIS_URL;
const databaseUrl = process.env.DATABASE_URL;
const describeWithBoth = redisUrl && databaseUrl ? describe : describe.skip;
if (!redisUrl || !databaseUrl) {
  process.stderr.write('Chat two-instance suite skipped: it needs REDIS_URL and DATABASE_URL.\n');
}

/**
 * Two API instances on one PostgreSQL database and one Redis: a message sent through one reaches
 * the members' sockets on the other (the Socket.IO Redis adapter), once each.
 */
describeWithBoth('chat across two API instances (needs REDIS_URL and DATABASE_URL)', () => {
  const prefix = `test-${randomBytes(6).toString('hex')}`;
  let first: TestApi;
  let second: TestApi;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    const env = { DEMO_SEED: 'true', REDIS_URL: redisUrl as string, QUEUE_PREFIX: prefix };
    first = await startTestApi('postgres', env);
    second = await startTestApi('postgres', env, { shareDatabaseOf: first });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await second.close();
    await first.close();
    const redis = new Redis(redisUrl as string);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('delivers messages, unread counts, room changes and notifications across instances, once', async () => {
    const callFirst = apiClient(first.baseUrl);
    const callSecond = apiClient(second.baseUrl);
    const { tokens, ids } = await signInAll(callFirst, [
      'supervisor1',
      'agent1',
      'agent2',
      'agent3',
    ]);
    const teamId = await createTeam(callFirst, tokens.supervisor1 as string, 'Two instances', [
      ids.agent1 as string,
    ]);
    const users: Record<string, ChatUser> = {};
    for (const name of ['agent1', 'agent2', 'supervisor1']) {
      users[name] = await setUpChatUser(
        callFirst,
        name,
        ids[name] as string,
        tokens[name] as string,
      );
    }
    const rooms = await waitFor(
      async () =>
        (await callSecond('GET', '/api/chat/rooms', { token: tokens.agent1 })).body.data.items,
      (items: Array<{ id: string; teamId: string; memberIds: string[] }>) =>
        items.some((room) => room.teamId === teamId && room.memberIds.length === 2),
      10_000,
      'the team room',
    );
    const roomId = rooms.find((room: { teamId: string }) => room.teamId === teamId)?.id as string;

    // The supervisor listens on the second instance; agent3 (no member) too.
    const supervisor = await connect(second.baseUrl, tokens.supervisor1 as string);
    const outsider = await connect(second.baseUrl, tokens.agent3 as string);
    sockets.push(supervisor, outsider);
    const heard = record<ChatMessageEvent>(supervisor, 'chat:message');
    const unread = record<ChatUnreadEvent>(supervisor, 'chat:unread');
    const outsiderHeard = record<ChatMessageEvent>(outsider, 'chat:message');

    const sent = await send(callFirst, users.agent1 as ChatUser, roomId, 'across');
    expect(sent.status).toBe(201);
    await until(() => heard.length === 1, 'the message on the other instance');
    expect(
      open(users.agent1 as ChatUser, roomId, heard[0]?.message as ChatMessageEvent['message']),
    ).toBe('across');
    await until(() => unread.some((event) => event.unread === 1), 'the unread count');

    // A member added through the first instance: their socket on the second hears the change.
    const newcomer = await connect(second.baseUrl, tokens.agent2 as string);
    sockets.push(newcomer);
    const changes = record<ChatRoomChangedEvent>(newcomer, 'chat:room-changed');
    const notified = record<NotificationPayload>(newcomer, 'notification');
    await callFirst('POST', `/api/teams/${teamId}/members`, {
      token: tokens.supervisor1,
      body: { userId: ids.agent2, role: 'agent' },
    });
    await until(
      () => changes.some((event) => event.added.some((member) => member.userId === ids.agent2)),
      'the room change across instances',
    );
    // A direct message sent through the second instance notifies once.
    const direct = await callSecond('POST', '/api/chat/direct', {
      token: tokens.agent1,
      body: { userId: ids.agent2 },
    });
    await send(callSecond, users.agent1 as ChatUser, direct.body.data.room.id, 'dm');
    await until(
      () => notified.some((event) => event.notification?.kind === 'chat_direct'),
      'the DM notification',
    );
    await pause(500);
    expect(heard).toHaveLength(1);
    expect(notified.filter((event) => event.notification?.kind === 'chat_direct')).toHaveLength(1);
    expect(outsiderHeard).toEqual([]);
  });
});
