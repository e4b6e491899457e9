import { randomBytes, randomUUID } from 'node:crypto';
import { Socket } from 'socket.io-client';

import {
  ChatDeviceChangedEvent,
  ChatIdentityChangedEvent,
  ChatKeyMailboxEvent,
} from '@poscalls4u/contracts';

import { createTeam, signInAll, waitFor } from './support/calls';
import { ChatUser, b64u, connect, record, setUpChatUser, until } from './support/chat';
import { DATABASES, TestApi, apiClient, startTestApi } from './support/test-api';

const kind = DATABASES[DATABASES.length - 1] ?? 'pglite';

describe(`chat keys, mailbox and backup on ${kind}`, () => {
  let api: TestApi;
  let call: ReturnType<typeof apiClient>;
  let tokens: Record<string, string>;
  let ids: Record<string, string>;
  const users: Record<string, ChatUser> = {};
  const sockets: Socket[] = [];
  let roomId: string;

  const sealed = () => b64u(randomBytes(120));
  const mailbox = (user: ChatUser, items: unknown[], deviceId = user.deviceId) =>
    call('POST', '/api/chat/key-mailbox', {
      token: user.token,
      headers: { 'x-chat-device': deviceId },
      body: { items },
    });

  beforeAll(async () => {
    api = await startTestApi(kind, { DEMO_SEED: 'true' });
    call = apiClient(api.baseUrl);
    ({ tokens, ids } = await signInAll(call, [
      'admin',
      'supervisor1',
      'agent1',
      'agent2',
      'agent5',
    ]));
    const teamId = await createTeam(call, tokens.supervisor1 as string, 'Keys team', [
      ids.agent1 as string,
      ids.agent2 as string,
    ]);
    for (const name of ['supervisor1', 'agent1', 'agent2', 'agent5', 'admin']) {
      users[name] = await setUpChatUser(call, name, ids[name] as string, tokens[name] as string);
    }
    const listed = await waitFor(
      async () => (await call('GET', '/api/chat/rooms', { token: tokens.agent1 })).body.data.items,
      (items: Array<{ id: string; teamId: string; memberIds: string[] }>) =>
        items.some((room) => room.teamId === teamId && room.memberIds.length === 3),
      10_000,
      'the team room',
    );
    roomId = listed.find((room: { teamId: string }) => room.teamId === teamId)?.id as string;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await api.close();
  });

  it('serves keys to co-members (and admins), not to strangers', async () => {
    const keys = await call('GET', `/api/chat/users/${ids.agent2}/keys`, { token: tokens.agent1 });
    expect(keys.status).toBe(200);
    expect(keys.body.data.keys).toMatchObject({
      userId: ids.agent2,
      identityKey: expect.any(String),
      identityVersion: 1,
      devices: [expect.objectContaining({ deviceId: users.agent2?.deviceId, revokedAt: null })],
    });
    expect(
      (await call('GET', `/api/chat/users/${ids.agent2}/keys`, { token: tokens.agent5 })).status,
    ).toBe(404);
    expect(
      (await call('GET', `/api/chat/users/${ids.agent2}/keys`, { token: tokens.admin })).status,
    ).toBe(200);
    expect(
      (await call('GET', `/api/chat/users/${ids.agent5}/keys`, { token: tokens.agent5 })).status,
    ).toBe(200);
  });

  it('registers devices only after an identity, refuses a taken id, and checks sizes', async () => {
    const fresh = await signInAll(call, ['agent6']);
    const noIdentity = await call('POST', '/api/chat/devices', {
      token: fresh.tokens.agent6,
      body: {
        deviceId: randomUUID(),
        signingKey: b64u(randomBytes(32)),
        encryptionKey: b64u(randomBytes(32)),
        signature: b64u(randomBytes(64)),
      },
    });
    expect(noIdentity.status).toBe(409);
    const taken = await call('POST', '/api/chat/devices', {
      token: tokens.agent5,
      body: {
        deviceId: users.agent1?.deviceId,
        signingKey: b64u(randomBytes(32)),
        encryptionKey: b64u(randomBytes(32)),
        signature: b64u(randomBytes(64)),
      },
    });
    expect(taken.status).toBe(409);
    const tooLong = await call('PUT', '/api/chat/identity', {
      token: tokens.agent5,
      body: { identityKey: b64u(randomBytes(33)) },
    });
    expect(tooLong.status).toBe(400);
  });

  it('delivers sealed keys to the devices of room members, and only their owners read them', async () => {
    const agent2Socket = await connect(api.baseUrl, tokens.agent2 as string);
    sockets.push(agent2Socket);
    const told = record<ChatKeyMailboxEvent>(agent2Socket, 'chat:key-mailbox');
    const sender = users.agent1 as ChatUser;
    const items = [
      { toDeviceId: users.agent2?.deviceId, roomId, sessionId: sender.sessionId, sealed: sealed() },
      {
        toDeviceId: users.supervisor1?.deviceId,
        roomId,
        sessionId: sender.sessionId,
        sealed: sealed(),
      },
    ];
    const posted = await mailbox(sender, items);
    expect(posted.status).toBe(201);
    expect(posted.body.data).toEqual({ stored: 2 });
    await until(
      () => told.some((event) => event.deviceId === users.agent2?.deviceId),
      'chat:key-mailbox',
    );

    const mine = await call('GET', `/api/chat/key-mailbox?deviceId=${users.agent2?.deviceId}`, {
      token: tokens.agent2,
    });
    expect(mine.status).toBe(200);
    expect(mine.body.data.items).toEqual([
      expect.objectContaining({
        fromUserId: ids.agent1,
        fromDeviceId: sender.deviceId,
        roomId,
        sessionId: sender.sessionId,
        sealed: items[0]?.sealed,
      }),
    ]);
    // Someone else's device's mailbox is a 404, even for a co-member or an admin.
    for (const name of ['agent1', 'admin']) {
      const response = await call(
        'GET',
        `/api/chat/key-mailbox?deviceId=${users.agent2?.deviceId}`,
        { token: tokens[name] },
      );
      expect(response.status).toBe(404);
    }
    // Acknowledging someone else's items deletes nothing.
    const itemId = mine.body.data.items[0].id;
    const foreignAck = await call('POST', '/api/chat/key-mailbox/ack', {
      token: tokens.agent1,
      body: { ids: [itemId] },
    });
    expect(foreignAck.body.data).toEqual({ deleted: 0 });
    const ack = await call('POST', '/api/chat/key-mailbox/ack', {
      token: tokens.agent2,
      body: { ids: [itemId] },
    });
    expect(ack.body.data).toEqual({ deleted: 1 });
    const after = await call('GET', `/api/chat/key-mailbox?deviceId=${users.agent2?.deviceId}`, {
      token: tokens.agent2,
    });
    expect(after.body.data.items).toEqual([]);
  });

  it('pages the mailbox by cursor, oldest first', async () => {
    const sender = users.supervisor1 as ChatUser;
    const items = Array.from({ length: 3 }, () => ({
      toDeviceId: users.agent1?.deviceId,
      roomId,
      sessionId: sender.sessionId,
      sealed: sealed(),
    }));
    for (const item of items) expect((await mailbox(sender, [item])).status).toBe(201);
    const first = await call(
      'GET',
      `/api/chat/key-mailbox?deviceId=${users.agent1?.deviceId}&pageSize=2`,
      { token: tokens.agent1 },
    );
    const second = await call(
      'GET',
      `/api/chat/key-mailbox?deviceId=${users.agent1?.deviceId}&pageSize=2&cursor=${first.body.data.nextCursor}`,
      { token: tokens.agent1 },
    );
    expect(
      [...first.body.data.items, ...second.body.data.items].map(
        (item: { sealed: string }) => item.sealed,
      ),
    ).toEqual(items.map((item) => item.sealed));
    expect(second.body.data.nextCursor).toBeNull();
  });

  it('refuses keys from a device not yours, for a room not yours, or to a non-member’s device', async () => {
    const sender = users.agent1 as ChatUser;
    const item = (toDeviceId: string | undefined, room = roomId) => ({
      toDeviceId,
      roomId: room,
      sessionId: sender.sessionId,
      sealed: sealed(),
    });
    expect(
      (await mailbox(sender, [item(users.agent2?.deviceId)], users.agent2?.deviceId)).status,
    ).toBe(403);
    expect((await mailbox(users.agent5 as ChatUser, [item(users.agent2?.deviceId)])).status).toBe(
      403,
    );
    expect((await mailbox(sender, [item(users.agent5?.deviceId)])).status).toBe(403);
    const noHeader = await call('POST', '/api/chat/key-mailbox', {
      token: sender.token,
      body: { items: [item(users.agent2?.deviceId)] },
    });
    expect(noHeader.status).toBe(400);
    const oversized = await mailbox(sender, [
      { ...item(users.agent2?.deviceId), sealed: 'A'.repeat(5_463) },
    ]);
    expect(oversized.status).toBe(400);
  });

  it('revokes own devices only, warning co-members; a revoked device sends nothing', async () => {
    const watcher = await connect(api.baseUrl, tokens.agent1 as string);
    sockets.push(watcher);
    const changed = record<ChatDeviceChangedEvent>(watcher, 'chat:device-changed');
    const identities = record<ChatIdentityChangedEvent>(watcher, 'chat:identity-changed');
    const target = users.agent2 as ChatUser;
    expect(
      (await call('DELETE', `/api/chat/devices/${target.deviceId}`, { token: tokens.agent1 }))
        .status,
    ).toBe(404);
    const revoked = await call('DELETE', `/api/chat/devices/${target.deviceId}`, {
      token: target.token,
    });
    expect(revoked.status).toBe(200);
    expect(revoked.body.data.device.revokedAt).not.toBeNull();
    await until(
      () =>
        changed.some((event) => event.deviceId === target.deviceId && event.change === 'revoked'),
      'chat:device-changed to a co-member',
    );
    const keys = await call('GET', `/api/chat/users/${ids.agent2}/keys`, { token: tokens.agent1 });
    expect(keys.body.data.keys.devices[0].revokedAt).not.toBeNull();
    const send = await call('POST', `/api/chat/rooms/${roomId}/messages`, {
      token: target.token,
      body: {
        clientMessageId: randomUUID(),
        senderDeviceId: target.deviceId,
        sessionId: target.sessionId,
        counter: 0,
        ciphertext: b64u(randomBytes(40)),
        signature: b64u(randomBytes(64)),
      },
    });
    expect(send.status).toBe(403);

    // "Start fresh": a new identity key bumps the version and warns co-members.
    const fresh = await call('PUT', '/api/chat/identity', {
      token: target.token,
      body: { identityKey: b64u(randomBytes(32)) },
    });
    expect(fresh.body.data.identity.identityVersion).toBe(2);
    await until(
      () => identities.some((event) => event.userId === ids.agent2 && event.identityVersion === 2),
      'chat:identity-changed',
    );
  });

  it('keeps one key backup per user, own only, with optimistic versions (409 on a stale one)', async () => {
    const kdf = {
      algorithm: 'argon2id',
      memoryKiB: 65_536,
      iterations: 3,
      parallelism: 1,
      salt: b64u(randomBytes(16)),
    };
    expect((await call('GET', '/api/chat/key-backup', { token: tokens.agent1 })).status).toBe(404);
    const put = (token: string | undefined, version: number, ciphertext = b64u(randomBytes(200))) =>
      call('PUT', '/api/chat/key-backup', { token, body: { version, kdf, ciphertext } });
    const skipped = await put(tokens.agent1, 2);
    expect(skipped.status).toBe(409);
    const v1 = await put(tokens.agent1, 1);
    expect(v1.status).toBe(200);
    expect(v1.body.data.backup).toMatchObject({ version: 1, kdf });
    expect((await put(tokens.agent1, 1)).status).toBe(409);
    const v2 = await put(tokens.agent1, 2);
    expect(v2.status).toBe(200);
    const read = await call('GET', '/api/chat/key-backup', { token: tokens.agent1 });
    expect(read.body.data.backup).toEqual(v2.body.data.backup);
    // Another user sees their own (none), never agent1's.
    expect((await call('GET', '/api/chat/key-backup', { token: tokens.agent2 })).status).toBe(404);
    // A backup near the 2 MB cap fits through the route's body limit; a bigger one is refused.
    const big = await put(tokens.agent1, 3, b64u(randomBytes(2 * 1024 * 1024 - 16)));
    expect(big.status).toBe(200);
    const tooBig = await put(tokens.agent1, 4, b64u(randomBytes(2 * 1024 * 1024 + 16)));
    expect(tooBig.status).toBe(400);
    const badKdf = await call('PUT', '/api/chat/key-backup', {
      token: tokens.agent1,
      body: { version: 4, kdf: { ...kdf, algorithm: 'md5' }, ciphertext: 'AAAA' },
    });
    expect(badKdf.status).toBe(400);
  });
});
