import { Queue } from 'bullmq';
import { sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { Socket } from 'socket.io-client';

import {
  CHAT_UNREAD_CAP,
  ChatMessageEvent,
  ChatUnreadEvent,
  NotificationPayload,
} from '@poscalls4u/contracts';
import { ChatRetentionJobHandler } from '@poscalls4u/server-database';
import { QueueName } from '@poscalls4u/server-jobs';

import { createTeam, query, signInAll, waitFor } from './support/calls';
import { ChatUser, connect, open, pause, record, send, setUpChatUser, until } from './support/chat';
import { DATABASES, TestApi, apiClient, startTestApi } from './support/test-api';

const kind = DATABASES[DATABASES.length - 1] ?? 'pglite';

describe(`chat notifications, muting and retention on ${kind}`, () => {
  let api: TestApi;
  let call: ReturnType<typeof apiClient>;
  let tokens: Record<string, string>;
  let ids: Record<string, string>;
  const users: Record<string, ChatUser> = {};
  const sockets: Socket[] = [];
  let teamRoom: string;
  let directRoom: string;

  const notifications = async (name: string) =>
    (await call('GET', '/api/notifications', { token: tokens[name] })).body.data.items as Array<{
      kind: string;
      title: string;
      body: string;
      link: Record<string, string>;
    }>;

  beforeAll(async () => {
    api = await startTestApi(kind, { DEMO_SEED: 'true' });
    call = apiClient(api.baseUrl);
    ({ tokens, ids } = await signInAll(call, ['admin', 'supervisor1', 'agent1', 'agent2']));
    const teamId = await createTeam(call, tokens.supervisor1 as string, 'Notify chat', [
      ids.agent1 as string,
      ids.agent2 as string,
    ]);
    for (const name of ['supervisor1', 'agent1', 'agent2']) {
      users[name] = await setUpChatUser(call, name, ids[name] as string, tokens[name] as string);
    }
    const rooms = await waitFor(
      async () => (await call('GET', '/api/chat/rooms', { token: tokens.agent1 })).body.data.items,
      (items: Array<{ id: string; teamId: string; memberIds: string[] }>) =>
        items.some((room) => room.teamId === teamId && room.memberIds.length === 3),
      10_000,
      'the team room',
    );
    teamRoom = rooms.find((room: { teamId: string }) => room.teamId === teamId)?.id as string;
    directRoom = (
      await call('POST', '/api/chat/direct', { token: tokens.agent1, body: { userId: ids.agent2 } })
    ).body.data.room.id;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await api.close();
  });

  it('notifies the recipient of a direct message: who and where, no text, live once', async () => {
    const socket = await connect(api.baseUrl, tokens.agent2 as string);
    sockets.push(socket);
    const live: NotificationPayload[] = [];
    socket.on('notification', (payload: NotificationPayload) => {
      if (payload.notification) live.push(payload);
    });
    const sent = await send(call, users.agent1 as ChatUser, directRoom, 'secret words');
    expect(sent.status).toBe(201);
    await until(() => live.length === 1, 'the live notification');
    const stored = await notifications('agent2');
    const chat = stored.filter((item) => item.kind === 'chat_direct');
    expect(chat).toEqual([
      expect.objectContaining({
        kind: 'chat_direct',
        title: 'New message from Amara Okafor',
        body: 'Open the chat to read it.',
        link: { roomId: directRoom, messageId: sent.body.data.message.id },
      }),
    ]);
    expect(JSON.stringify(stored)).not.toContain('secret words');
    expect((await notifications('agent1')).some((item) => item.kind.startsWith('chat_'))).toBe(
      false,
    );
    await pause();
    expect(live).toHaveLength(1);
  });

  it('notifies mentioned members only (never a non-member)', async () => {
    const sent = await send(call, users.agent1 as ChatUser, teamRoom, '@Sam look', {
      mentions: [ids.supervisor1 as string, ids.admin as string],
    });
    expect(sent.status).toBe(201);
    const mention = await waitFor(
      () => notifications('supervisor1'),
      (items) => items.some((item) => item.kind === 'chat_mention'),
      10_000,
      'the mention',
    );
    expect(mention.find((item) => item.kind === 'chat_mention')).toMatchObject({
      title: 'Amara Okafor mentioned you',
      link: { roomId: teamRoom, messageId: sent.body.data.message.id },
    });
    await pause();
    expect((await notifications('admin')).some((item) => item.kind === 'chat_mention')).toBe(false);
    expect((await notifications('agent2')).some((item) => item.kind === 'chat_mention')).toBe(
      false,
    );
  });

  it('lets a user mute a source: neither stored nor pushed', async () => {
    const socket = await connect(api.baseUrl, tokens.agent2 as string);
    sockets.push(socket);
    const live = record<NotificationPayload>(socket, 'notification');
    const muted = await call('PUT', '/api/notifications/preferences', {
      token: tokens.agent2,
      body: { muted: ['chat_direct'] },
    });
    expect(muted.status).toBe(200);
    expect(muted.body.data.preferences).toEqual({ muted: ['chat_direct'] });
    expect(
      (await call('GET', '/api/notifications/preferences', { token: tokens.agent2 })).body.data
        .preferences,
    ).toEqual({ muted: ['chat_direct'] });
    const before = (await notifications('agent2')).length;
    const messages = record<ChatMessageEvent>(socket, 'chat:message');
    await send(call, users.agent1 as ChatUser, directRoom, 'while muted');
    await until(() => messages.length === 1, 'the message itself still arrives');
    await pause(500);
    expect(live).toEqual([]);
    expect(await notifications('agent2')).toHaveLength(before);

    expect(
      (
        await call('PUT', '/api/notifications/preferences', {
          token: tokens.agent2,
          body: { muted: ['not_a_source'] },
        })
      ).status,
    ).toBe(400);
    await call('PUT', '/api/notifications/preferences', {
      token: tokens.agent2,
      body: { muted: [] },
    });
    await send(call, users.agent1 as ChatUser, directRoom, 'unmuted');
    await until(() => live.length === 1, 'notifications again after unmuting');
  });

  it('pushes unread counts to each member’s sockets', async () => {
    const socket = await connect(api.baseUrl, tokens.supervisor1 as string);
    sockets.push(socket);
    const unread = record<ChatUnreadEvent>(socket, 'chat:unread');
    const listed = (await call('GET', '/api/chat/rooms', { token: tokens.supervisor1 })).body.data
      .items;
    const current = listed.find((room: { id: string }) => room.id === teamRoom).unread as number;
    await send(call, users.agent2 as ChatUser, teamRoom, 'one more');
    await until(
      () => unread.some((event) => event.roomId === teamRoom && event.unread === current + 1),
      'the unread count',
    );
  });

  it('stops counting unread at CHAT_UNREAD_CAP', async () => {
    const socket = await connect(api.baseUrl, tokens.supervisor1 as string);
    sockets.push(socket);
    const unread = record<ChatUnreadEvent>(socket, 'chat:unread');
    for (let i = 0; i <= CHAT_UNREAD_CAP; i++) {
      expect((await send(call, users.agent2 as ChatUser, teamRoom, `n${i}`)).status).toBe(201);
    }
    await until(
      () => unread.some((event) => event.roomId === teamRoom && event.unread === CHAT_UNREAD_CAP),
      'the capped count',
    );
    expect(unread.every((event) => event.unread <= CHAT_UNREAD_CAP)).toBe(true);
    const listed = (await call('GET', '/api/chat/rooms', { token: tokens.supervisor1 })).body.data
      .items;
    expect(listed.find((room: { id: string }) => room.id === teamRoom).unread).toBe(
      CHAT_UNREAD_CAP,
    );
  });

  it('deletes messages past the retention set by an admin, for good, and keeps the rest', async () => {
    const old = await send(call, users.agent1 as ChatUser, teamRoom, 'ancient');
    const recent = await send(call, users.agent1 as ChatUser, teamRoom, 'recent');
    const oldId = old.body.data.message.id as string;
    await query(
      api,
      sql`update chat_messages set created_at = now() - interval '40 days' where id = ${oldId}`,
    );
    const handler = api.app.get(ChatRetentionJobHandler);

    // Forever by default: the sweep deletes nothing.
    const settings = await call('GET', '/api/settings/organization', { token: tokens.admin });
    expect(settings.body.data.settings.chatRetentionDays).toBeNull();
    await handler.handle();
    expect(await query(api, sql`select id from chat_messages where id = ${oldId}`)).toHaveLength(1);

    expect(
      (
        await call('PUT', '/api/settings/organization', {
          token: tokens.agent1,
          body: { ...settings.body.data.settings, chatRetentionDays: 30 },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call('PUT', '/api/settings/organization', {
          token: tokens.admin,
          body: { ...settings.body.data.settings, chatRetentionDays: 0 },
        })
      ).status,
    ).toBe(400);
    const saved = await call('PUT', '/api/settings/organization', {
      token: tokens.admin,
      body: { ...settings.body.data.settings, chatRetentionDays: 30 },
    });
    expect(saved.status).toBe(200);
    expect(saved.body.data.settings.chatRetentionDays).toBe(30);
    // A client that does not know the field leaves it as it is.
    const older = await call('PUT', '/api/settings/organization', {
      token: tokens.admin,
      body: { timeZone: saved.body.data.settings.timeZone, shortAbandonSeconds: 5 },
    });
    expect(older.body.data.settings.chatRetentionDays).toBe(30);

    await handler.handle();
    expect(await query(api, sql`select id from chat_messages where id = ${oldId}`)).toEqual([]);
    expect(
      await query(api, sql`select 1 from chat_message_counters where message_id = ${oldId}`),
    ).toEqual([]);
    expect(
      await query(
        api,
        sql`select id from chat_messages where id = ${recent.body.data.message.id as string}`,
      ),
    ).toHaveLength(1);
    const history = await call('GET', `/api/chat/rooms/${teamRoom}/messages`, {
      token: tokens.agent2,
    });
    expect(history.body.data.items.map((item: { id: string }) => item.id)).not.toContain(oldId);
    expect(open(users.agent1 as ChatUser, teamRoom, history.body.data.items[0])).toBe('recent');
  });

  it('limits chat sends per client address (429 with Retry-After)', async () => {
    const strict = await startTestApi(kind, {
      DEMO_SEED: 'true',
      RATE_LIMIT_CHAT_SEND_PER_MINUTE: '2',
    });
    try {
      const strictCall = apiClient(strict.baseUrl);
      const signedIn = await signInAll(strictCall, ['agent1']);
      const user = await setUpChatUser(
        strictCall,
        'agent1',
        signedIn.ids.agent1 as string,
        signedIn.tokens.agent1 as string,
      );
      // A room of their own is not needed to be counted: the limit comes before the room check.
      const room = '00000000-0000-4000-8000-000000000000';
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await send(strictCall, user, room, 'x')).status);
      expect(statuses).toEqual([404, 404, 429]);
      const limited = await send(strictCall, user, room, 'x');
      expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(limited.body.error.code).toBe('RATE_LIMITED');
      // Other chat routes are not under the send limit.
      expect((await strictCall('GET', '/api/chat/rooms', { token: user.token })).status).toBe(200);
    } finally {
      await strict.close();
    }
  });

  const redisUrl = process.env.REDIS_URL;
  (redisUrl ? it : it.skip)(
    'schedules the retention sweep as a BullMQ job scheduler when Redis is configured',
    async () => {
      const prefix = `test-${randomBytes(6).toString('hex')}`;
      const withRedis = await startTestApi(kind, {
        REDIS_URL: redisUrl as string,
        QUEUE_PREFIX: prefix,
      });
      const connection = new Redis(redisUrl as string, { maxRetriesPerRequest: null });
      const queue = new Queue(QueueName.Maintenance, { connection, prefix });
      try {
        const schedulers = await queue.getJobSchedulers();
        expect(schedulers).toEqual([
          expect.objectContaining({
            key: 'chat-retention',
            name: 'chat-retention',
            every: 3_600_000,
          }),
        ]);
      } finally {
        await queue.obliterate({ force: true });
        await queue.close();
        const keys = await connection.keys(`${prefix}:*`);
        if (keys.length > 0) await connection.del(...keys);
        connection.disconnect();
        await withRedis.close();
      }
    },
  );
});
