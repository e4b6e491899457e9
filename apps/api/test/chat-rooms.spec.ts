import { sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { Socket } from 'socket.io-client';

import {
  ChatMessageEvent,
  ChatReadEvent,
  ChatRoomChangedEvent,
  ChatUnreadEvent,
} from '@poscalls4u/contracts';

import { createTeam, query, signInAll, waitFor } from './support/calls';
import {
  ChatUser,
  connect,
  open,
  pause,
  record,
  seal,
  send,
  setUpChatUser,
  until,
} from './support/chat';
import { DATABASES, TestApi, apiClient, startTestApi } from './support/test-api';

/** The server suites need PostgreSQL; without DATABASE_URL they run on PGlite. */
const kind = DATABASES[DATABASES.length - 1] ?? 'pglite';

describe(`chat rooms and messages on ${kind}`, () => {
  let api: TestApi;
  let call: ReturnType<typeof apiClient>;
  let tokens: Record<string, string>;
  let ids: Record<string, string>;
  const users: Record<string, ChatUser> = {};
  const sockets: Record<string, Socket> = {};
  let teamA: string;
  let teamRoom: string;

  const rooms = async (name: string) => {
    const response = await call('GET', '/api/chat/rooms', { token: tokens[name] });
    expect(response.status).toBe(200);
    return response.body.data.items as Array<{
      id: string;
      kind: string;
      teamId: string | null;
      memberIds: string[];
      unread: number;
      title: string;
    }>;
  };
  const messages = (name: string, roomId: string, q = '') =>
    call('GET', `/api/chat/rooms/${roomId}/messages${q}`, { token: tokens[name] });

  beforeAll(async () => {
    api = await startTestApi(kind, { DEMO_SEED: 'true', CALL_OFFER_TIMEOUT: '30s' });
    call = apiClient(api.baseUrl);
    ({ tokens, ids } = await signInAll(call, [
      'admin',
      'supervisor1',
      'supervisor2',
      'agent1',
      'agent2',
      'agent3',
      'agent4',
    ]));
    teamA = await createTeam(call, tokens.supervisor1 as string, 'Chat A', [
      ids.agent1 as string,
      ids.agent2 as string,
    ]);
    await createTeam(call, tokens.supervisor2 as string, 'Chat B', [ids.agent3 as string]);
    for (const name of Object.keys(tokens)) {
      users[name] = await setUpChatUser(call, name, ids[name] as string, tokens[name] as string);
    }
  });
  afterAll(async () => {
    for (const socket of Object.values(sockets)) socket.disconnect();
    await api.close();
  });

  it('gives each team a room of its members and supervisors', async () => {
    const listed = await waitFor(
      () => rooms('agent1'),
      (items) => items.some((room) => room.teamId === teamA && room.memberIds.length === 3),
      10_000,
      'the team room with its three members',
    );
    const room = listed.find((item) => item.teamId === teamA);
    expect(room).toMatchObject({ kind: 'team', title: 'Chat A', unread: 0 });
    expect([...(room?.memberIds ?? [])].sort()).toEqual(
      [ids.supervisor1, ids.agent1, ids.agent2].sort(),
    );
    teamRoom = room?.id as string;
    expect((await rooms('agent3')).some((item) => item.id === teamRoom)).toBe(false);

    const detail = await call('GET', `/api/chat/rooms/${teamRoom}`, { token: tokens.agent2 });
    expect(detail.status).toBe(200);
    expect(detail.body.data.room.members).toHaveLength(3);
    expect(detail.body.data.room.members[0]).toEqual(
      expect.objectContaining({
        userId: expect.any(String),
        joinedAt: expect.any(String),
        leftAt: null,
      }),
    );
  });

  it('delivers messages live to the members only, counts unread, and an offline member catches up by paging', async () => {
    sockets.supervisor1 = await connect(api.baseUrl, tokens.supervisor1 as string);
    sockets.agent1 = await connect(api.baseUrl, tokens.agent1 as string);
    sockets.agent3 = await connect(api.baseUrl, tokens.agent3 as string);
    const supervisorHeard = record<ChatMessageEvent>(sockets.supervisor1, 'chat:message');
    const supervisorUnread = record<ChatUnreadEvent>(sockets.supervisor1, 'chat:unread');
    const outsiderHeard = record<ChatMessageEvent>(sockets.agent3, 'chat:message');
    const outsiderUnread = record<ChatUnreadEvent>(sockets.agent3, 'chat:unread');

    const sent: string[] = [];
    for (const text of ['first', 'second', 'third']) {
      const response = await send(call, users.agent1 as ChatUser, teamRoom, text);
      expect(response.status).toBe(201);
      expect(response.body.data.message).toMatchObject({
        roomId: teamRoom,
        senderUserId: ids.agent1,
        senderDeviceId: users.agent1?.deviceId,
        deletedAt: null,
        editedAt: null,
      });
      sent.push(response.body.data.message.id);
    }
    await until(() => supervisorHeard.length === 3, 'three live messages');
    expect(
      supervisorHeard.map((event) => open(users.agent1 as ChatUser, teamRoom, event.message)),
    ).toEqual(['first', 'second', 'third']);
    await until(
      () => supervisorUnread.some((event) => event.roomId === teamRoom && event.unread === 3),
      'the unread count 3',
    );
    await pause();
    expect(outsiderHeard).toEqual([]);
    expect(outsiderUnread).toEqual([]);

    // agent2 was offline: the list says 3 unread, and the history pages back by cursor.
    expect((await rooms('agent2')).find((room) => room.id === teamRoom)?.unread).toBe(3);
    const page1 = await messages('agent2', teamRoom, '?pageSize=2');
    expect(page1.status).toBe(200);
    expect(page1.body.data.items.map((item: { id: string }) => item.id)).toEqual([
      sent[2],
      sent[1],
    ]);
    expect(page1.body.data.total).toBe(3);
    const page2 = await messages(
      'agent2',
      teamRoom,
      `?pageSize=2&before=${page1.body.data.nextCursor}`,
    );
    expect(page2.body.data.items.map((item: { id: string }) => item.id)).toEqual([sent[0]]);
    expect(page2.body.data.nextCursor).toBeNull();
    expect(open(users.agent1 as ChatUser, teamRoom, page2.body.data.items[0])).toBe('first');

    // The sender's own messages are not unread for them.
    expect((await rooms('agent1')).find((room) => room.id === teamRoom)?.unread).toBe(0);
  });

  it('moves read markers, pushes the reader’s unread count and tells the members', async () => {
    const readHeard = record<ChatReadEvent>(sockets.agent1 as Socket, 'chat:read');
    const unreadHeard = record<ChatUnreadEvent>(sockets.supervisor1 as Socket, 'chat:unread');
    const page = await messages('supervisor1', teamRoom);
    const [newest, middle] = page.body.data.items as Array<{ id: string }>;

    const partly = await call('POST', `/api/chat/rooms/${teamRoom}/read`, {
      token: tokens.supervisor1,
      body: { messageId: middle?.id },
    });
    expect(partly.status).toBe(200);
    expect(partly.body.data).toEqual({ roomId: teamRoom, messageId: middle?.id, unread: 1 });
    const all = await call('POST', `/api/chat/rooms/${teamRoom}/read`, {
      token: tokens.supervisor1,
      body: { messageId: newest?.id },
    });
    expect(all.body.data.unread).toBe(0);
    // Never back: reading an older one again leaves the marker at the newest.
    const back = await call('POST', `/api/chat/rooms/${teamRoom}/read`, {
      token: tokens.supervisor1,
      body: { messageId: middle?.id },
    });
    expect(back.body.data.unread).toBe(0);
    await until(() => unreadHeard.some((event) => event.unread === 0), 'unread 0 pushed');
    await until(
      () =>
        readHeard.some(
          (event) => event.userId === ids.supervisor1 && event.messageId === newest?.id,
        ),
      'chat:read heard by a member',
    );
    // Whoever opens the room next learns where each member has read to, from the start.
    const detail = await call('GET', `/api/chat/rooms/${teamRoom}`, { token: tokens.agent1 });
    const readTo = Object.fromEntries(
      (detail.body.data.room.members as Array<{ userId: string; readMessageId: string | null }>)
        .filter((member) => member.userId === ids.supervisor1)
        .map((member) => [member.userId, member.readMessageId]),
    );
    expect(readTo[ids.supervisor1 as string]).toBe(newest?.id);
    expect(
      (
        await call('POST', `/api/chat/rooms/${teamRoom}/read`, {
          token: tokens.supervisor1,
          body: { messageId: randomUUID() },
        })
      ).status,
    ).toBe(404);
  });

  it('answers a resent clientMessageId with the stored message (200), never a copy', async () => {
    const clientMessageId = randomUUID();
    const first = await send(call, users.agent2 as ChatUser, teamRoom, 'once', { clientMessageId });
    expect(first.status).toBe(201);
    const again = await send(call, users.agent2 as ChatUser, teamRoom, 'once', { clientMessageId });
    expect(again.status).toBe(200);
    expect(again.body.data.message.id).toBe(first.body.data.message.id);
    expect(again.body.data.message.ciphertext).toBe(first.body.data.message.ciphertext);
    const rows = await query<{ n: number }>(
      api,
      sql`select count(*)::int as n from chat_messages where client_message_id = ${clientMessageId}`,
    );
    expect(rows[0]?.n).toBe(1);
  });

  it('refuses a reused (device, session, counter) with 409', async () => {
    const user = users.agent2 as ChatUser;
    const sealed = seal(user, teamRoom, 'counter');
    const body = {
      senderDeviceId: user.deviceId,
      sessionId: user.sessionId,
      ...sealed,
    };
    const stored = await call('POST', `/api/chat/rooms/${teamRoom}/messages`, {
      token: user.token,
      body: { ...body, clientMessageId: randomUUID() },
    });
    expect(stored.status).toBe(201);
    const replay = await call('POST', `/api/chat/rooms/${teamRoom}/messages`, {
      token: user.token,
      body: { ...body, clientMessageId: randomUUID() },
    });
    expect(replay.status).toBe(409);
    expect(replay.body.error.code).toBe('CONFLICT');
    // An edit under a used counter is refused the same way.
    const edit = await call(
      'PATCH',
      `/api/chat/rooms/${teamRoom}/messages/${stored.body.data.message.id}`,
      { token: user.token, body },
    );
    expect(edit.status).toBe(409);
  });

  it('edits and deletes own messages only; a delete removes the ciphertext from the database', async () => {
    const author = users.agent1 as ChatUser;
    const edited = record<ChatMessageEvent>(sockets.supervisor1 as Socket, 'chat:message-edited');
    const deleted = record<{ messageId: string }>(
      sockets.supervisor1 as Socket,
      'chat:message-deleted',
    );
    const original = await send(call, author, teamRoom, 'typo');
    const id = original.body.data.message.id as string;
    const oldCiphertext = original.body.data.message.ciphertext as string;

    const fix = seal(author, teamRoom, 'fixed');
    const patched = await call('PATCH', `/api/chat/rooms/${teamRoom}/messages/${id}`, {
      token: author.token,
      body: { senderDeviceId: author.deviceId, sessionId: author.sessionId, ...fix },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.data.message.editedAt).not.toBeNull();
    expect(open(author, teamRoom, patched.body.data.message)).toBe('fixed');
    await until(() => edited.some((event) => event.message.id === id), 'chat:message-edited');

    const other = users.agent2 as ChatUser;
    const notMine = await call('PATCH', `/api/chat/rooms/${teamRoom}/messages/${id}`, {
      token: other.token,
      body: {
        senderDeviceId: other.deviceId,
        sessionId: other.sessionId,
        ...seal(other, teamRoom, 'x'),
      },
    });
    expect(notMine.status).toBe(403);
    expect(
      (await call('DELETE', `/api/chat/rooms/${teamRoom}/messages/${id}`, { token: other.token }))
        .status,
    ).toBe(403);

    const removed = await call('DELETE', `/api/chat/rooms/${teamRoom}/messages/${id}`, {
      token: author.token,
    });
    expect(removed.status).toBe(200);
    expect(removed.body.data.message).toMatchObject({ id, ciphertext: null, signature: null });
    expect(removed.body.data.message.deletedAt).not.toBeNull();
    await until(() => deleted.some((event) => event.messageId === id), 'chat:message-deleted');
    const [row] = await query<{ ciphertext: string | null; signature: string | null }>(
      api,
      sql`select ciphertext, signature from chat_messages where id = ${id}`,
    );
    expect(row).toEqual({ ciphertext: null, signature: null });
    const anywhere = await query<{ n: number }>(
      api,
      sql`select count(*)::int as n from chat_messages m where position(${oldCiphertext} in m::text) > 0
           or position(${patched.body.data.message.ciphertext as string} in m::text) > 0`,
    );
    expect(anywhere[0]?.n).toBe(0);
    const listed = (await messages('agent2', teamRoom)).body.data.items.find(
      (item: { id: string }) => item.id === id,
    );
    expect(listed).toMatchObject({ ciphertext: null, deletedAt: expect.any(String) });
  });

  it('keeps non-members out: no read, no send, no events, and only your own devices send', async () => {
    const outsider = users.agent3 as ChatUser;
    const heard = record<ChatMessageEvent>(sockets.agent3 as Socket, 'chat:message');
    expect(
      (await call('GET', `/api/chat/rooms/${teamRoom}`, { token: outsider.token })).status,
    ).toBe(404);
    expect((await messages('agent3', teamRoom)).status).toBe(404);
    expect((await send(call, outsider, teamRoom, 'let me in')).status).toBe(404);
    const anyMessage = (await messages('agent1', teamRoom)).body.data.items[0].id;
    expect(
      (
        await call('POST', `/api/chat/rooms/${teamRoom}/read`, {
          token: outsider.token,
          body: { messageId: anyMessage },
        })
      ).status,
    ).toBe(404);
    // A member sending from someone else's device.
    const member = users.agent1 as ChatUser;
    const forged = await call('POST', `/api/chat/rooms/${teamRoom}/messages`, {
      token: member.token,
      body: {
        clientMessageId: randomUUID(),
        senderDeviceId: (users.agent2 as ChatUser).deviceId,
        sessionId: member.sessionId,
        ...seal(member, teamRoom, 'forged'),
      },
    });
    expect(forged.status).toBe(403);
    await send(call, member, teamRoom, 'members only');
    await pause();
    expect(heard).toEqual([]);
    // Bad input is a 400, never a 500.
    const bad = await call('POST', `/api/chat/rooms/${teamRoom}/messages`, {
      token: member.token,
      body: {
        clientMessageId: 'x',
        senderDeviceId: member.deviceId,
        sessionId: 's',
        counter: -1,
        ciphertext: 'not base64!',
        signature: '',
      },
    });
    expect(bad.status).toBe(400);
    const tooBig = await call('POST', `/api/chat/rooms/${teamRoom}/messages`, {
      token: member.token,
      body: {
        clientMessageId: randomUUID(),
        senderDeviceId: member.deviceId,
        sessionId: member.sessionId,
        counter: 99_999,
        ciphertext: 'A'.repeat(32_769),
        signature: 'A'.repeat(86),
      },
    });
    expect(tooBig.status).toBe(400);
  });

  it('opens direct rooms between people who share a team (admins: anyone), reusing them', async () => {
    const direct = (from: string, to: string) =>
      call('POST', '/api/chat/direct', { token: tokens[from], body: { userId: ids[to] } });
    const opened = await direct('agent1', 'agent2');
    expect(opened.status).toBe(200);
    expect(opened.body.data.room).toMatchObject({ kind: 'direct', title: expect.any(String) });
    expect([...opened.body.data.room.memberIds].sort()).toEqual([ids.agent1, ids.agent2].sort());
    const reused = await direct('agent2', 'agent1');
    expect(reused.body.data.room.id).toBe(opened.body.data.room.id);

    const noSharedTeam = await direct('agent1', 'agent3');
    expect(noSharedTeam.status).toBe(403);
    expect(noSharedTeam.body.error.message).toMatch(/share a team/);
    expect((await direct('agent4', 'agent1')).status).toBe(403);
    expect((await direct('admin', 'agent4')).status).toBe(200);
    expect((await direct('agent1', 'agent1')).status).toBe(400);
    expect(
      (
        await call('POST', '/api/chat/direct', {
          token: tokens.agent1,
          body: { userId: randomUUID() },
        })
      ).status,
    ).toBe(404);

    // The team's security profile can withhold chat:direct from its agents.
    const withhold = await call('PUT', `/api/teams/${teamA}/security-profile`, {
      token: tokens.admin,
      body: {
        agents: { grant: [], withhold: ['chat:direct'] },
        supervisors: { grant: [], withhold: [] },
      },
    });
    expect(withhold.status).toBe(200);
    const refused = await direct('agent2', 'agent1');
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/chat:direct/);
    expect((await direct('supervisor1', 'agent1')).status).toBe(200);
    await call('PUT', `/api/teams/${teamA}/security-profile`, {
      token: tokens.admin,
      body: { agents: { grant: [], withhold: [] }, supervisors: { grant: [], withhold: [] } },
    });
  });

  it('keeps the team room in step with the team: joins and leaves live, with who and when', async () => {
    const joiner = users.agent3 as ChatUser;
    const changes = record<ChatRoomChangedEvent>(sockets.agent3 as Socket, 'chat:room-changed');
    const memberChanges = record<ChatRoomChangedEvent>(
      sockets.agent1 as Socket,
      'chat:room-changed',
    );
    const added = await call('POST', `/api/teams/${teamA}/members`, {
      token: tokens.supervisor1,
      body: { userId: ids.agent3, role: 'agent' },
    });
    expect(added.status).toBe(201);
    await until(
      () =>
        changes.some(
          (event) => event.roomId === teamRoom && event.added.some((m) => m.userId === ids.agent3),
        ),
      'the newcomer hears the room change',
    );
    await until(
      () => memberChanges.some((event) => event.added.some((m) => m.userId === ids.agent3)),
      'members hear the newcomer (to share their keys)',
    );
    // A newcomer reads from their joining on: the older history is not theirs.
    const history = await messages('agent3', teamRoom);
    expect(history.status).toBe(200);
    expect(history.body.data.items).toEqual([]);
    const live = record<ChatMessageEvent>(sockets.agent3 as Socket, 'chat:message');
    await send(call, users.agent1 as ChatUser, teamRoom, 'welcome');
    await until(() => live.length === 1, 'the newcomer hears new messages');
    expect((await send(call, joiner, teamRoom, 'hello all')).status).toBe(201);

    // Removing agent2: out of the room at once, told so, and hears nothing after.
    sockets.agent2 = await connect(api.baseUrl, tokens.agent2 as string);
    const leaverChanges = record<ChatRoomChangedEvent>(sockets.agent2, 'chat:room-changed');
    const leaverHeard = record<ChatMessageEvent>(sockets.agent2, 'chat:message');
    const removed = await call('DELETE', `/api/teams/${teamA}/members/${ids.agent2}`, {
      token: tokens.supervisor1,
    });
    expect(removed.status).toBe(200);
    await until(
      () => leaverChanges.some((event) => event.removed.some((m) => m.userId === ids.agent2)),
      'the leaver hears they left',
    );
    const removal = leaverChanges.find((event) => event.removed.length > 0);
    expect(removal?.memberIds).not.toContain(ids.agent2);
    expect(removal?.removed[0]?.leftAt).not.toBeNull();
    expect((await messages('agent2', teamRoom)).status).toBe(404);
    expect((await send(call, users.agent2 as ChatUser, teamRoom, 'still here?')).status).toBe(404);
    await send(call, users.agent1 as ChatUser, teamRoom, 'after the removal');
    await pause();
    expect(leaverHeard).toEqual([]);

    const detail = await call('GET', `/api/chat/rooms/${teamRoom}`, { token: tokens.agent1 });
    const agent2Periods = detail.body.data.room.members.filter(
      (member: { userId: string }) => member.userId === ids.agent2,
    );
    expect(agent2Periods).toEqual([expect.objectContaining({ leftAt: expect.any(String) })]);
  });

  it('opens "ask a supervisor" for the call’s agent only, with the team’s supervisors', async () => {
    expect(
      (
        await call('PUT', '/api/presence/me', {
          token: tokens.agent1,
          body: { status: 'available' },
        })
      ).status,
    ).toBe(200);
    for (const name of ['agent3']) {
      await call('PUT', '/api/presence/me', { token: tokens[name], body: { status: 'offline' } });
    }
    const queued = await call('POST', '/api/calls', {
      token: tokens.supervisor1,
      body: { teamId: teamA, from: '+15550100', to: '+15550199' },
    });
    expect(queued.status).toBe(201);
    const callId = queued.body.data.call.id as string;
    await waitFor(
      async () =>
        (await call('GET', `/api/calls/${callId}`, { token: tokens.admin })).body.data.call,
      (current: { agent: { id: string } | null }) => current.agent?.id === ids.agent1,
      10_000,
      'the call offered to agent1',
    );

    const asked = await call('POST', '/api/chat/ask-supervisor', {
      token: tokens.agent1,
      body: { callId },
    });
    expect(asked.status).toBe(200);
    expect(asked.body.data.room).toMatchObject({ kind: 'ask_supervisor', teamId: teamA });
    expect([...asked.body.data.room.memberIds].sort()).toEqual(
      [ids.agent1, ids.supervisor1].sort(),
    );
    const again = await call('POST', '/api/chat/ask-supervisor', {
      token: tokens.agent1,
      body: { callId },
    });
    expect(again.body.data.room.id).toBe(asked.body.data.room.id);
    expect(
      (await send(call, users.agent1 as ChatUser, asked.body.data.room.id, `callRef ${callId}`))
        .status,
    ).toBe(201);

    for (const name of ['agent3', 'supervisor1', 'supervisor2', 'admin']) {
      const refused = await call('POST', '/api/chat/ask-supervisor', {
        token: tokens[name],
        body: { callId },
      });
      expect(refused.status).toBe(404);
    }
    expect(
      (
        await call('POST', '/api/chat/ask-supervisor', {
          token: tokens.agent1,
          body: { callId: 'x' },
        })
      ).status,
    ).toBe(400);
  });

  it('closes the room of an archived team for writing', async () => {
    const archivedTeam = await createTeam(call, tokens.supervisor2 as string, 'Chat C', [
      ids.agent4 as string,
    ]);
    const room = await waitFor(
      async () => (await rooms('agent4')).find((item) => item.teamId === archivedTeam),
      (found) => found !== undefined && found.memberIds.length === 2,
      10_000,
      'the room of team C',
    );
    expect((await send(call, users.agent4 as ChatUser, room?.id as string, 'before')).status).toBe(
      201,
    );
    const archived = await call('DELETE', `/api/teams/${archivedTeam}`, { token: tokens.admin });
    expect(archived.status).toBe(200);
    await waitFor(
      async () =>
        (await call('GET', `/api/chat/rooms/${room?.id}`, { token: tokens.agent4 })).body.data.room,
      (detail: { archivedAt: string | null }) => detail.archivedAt !== null,
      10_000,
      'the room archived',
    );
    const refused = await send(call, users.agent4 as ChatUser, room?.id as string, 'after');
    expect(refused.status).toBe(409);
    expect((await messages('agent4', room?.id as string)).body.data.items).toHaveLength(1);
  });

  it('keeps every member in the team room when members are added at once', async () => {
    const created = await call('POST', '/api/teams', {
      token: tokens.admin,
      body: { name: 'Chat all at once' },
    });
    expect(created.status).toBe(201);
    const teamId = created.body.data.team.id as string;
    const added = ['agent1', 'agent2', 'agent3', 'agent4'].map((name) => ids[name] as string);
    const responses = await Promise.all(
      added.map((userId) =>
        call('POST', `/api/teams/${teamId}/members`, {
          token: tokens.admin,
          body: { userId, role: 'agent' },
        }),
      ),
    );
    expect(responses.every((response) => response.status < 300)).toBe(true);
    // Each addition syncs the room; whatever their order, the last sync leaves all four in it.
    const listed = await waitFor(
      () => rooms('agent1'),
      (items) =>
        items.some(
          (room) => room.teamId === teamId && added.every((id) => room.memberIds.includes(id)),
        ),
      10_000,
      'the team room with the four agents added at once',
    );
    expect(listed.find((room) => room.teamId === teamId)?.memberIds).toEqual(
      expect.arrayContaining(added),
    );
  });
});
