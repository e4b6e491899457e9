import { randomUUID } from 'node:crypto';

import {
  DeviceKeyPair,
  DevicePublicKeys,
  IdentityKeyPair,
  InboundSessionStore,
  OutboundSession,
  VerifiedDevice,
  createDevice,
  createIdentity,
  decryptBackup,
  encryptBackup,
  openSealedSession,
  publicDevice,
  sealSession,
  verifyDevice,
} from '@poscalls4u/e2ee';

import { Call, createTeam, signInAll, waitFor } from './support/calls';
import { DATABASES, TestApi, apiClient, startTestApi } from './support/test-api';

const kind = DATABASES[DATABASES.length - 1] ?? 'pglite';

/** Test-only Argon2id cost: the protocol is the same, the derivation fast. */
const FAST_KDF = { memoryKiB: 64, iterations: 1, parallelism: 1 };

interface Client {
  name: string;
  userId: string;
  token: string;
  identity: IdentityKeyPair;
  device: DeviceKeyPair;
  inbound: InboundSessionStore;
}

/**
 * Node clients running the protocol library unchanged (libs/shared/e2ee) against the real API:
 * the wire contract works end to end, from key registration through the mailbox to decryption,
 * and a new device restores the whole history from the passphrase backup.
 */
describe(`chat with the protocol library's clients on ${kind}`, () => {
  let api: TestApi;
  let call: Call;
  let tokens: Record<string, string>;
  let ids: Record<string, string>;
  let roomId: string;
  const clients: Record<string, Client> = {};

  async function register(client: Client): Promise<void> {
    const identity = await call('PUT', '/api/chat/identity', {
      token: client.token,
      body: { identityKey: client.identity.publicKey },
    });
    expect(identity.status).toBe(200);
    const device = await call('POST', '/api/chat/devices', {
      token: client.token,
      body: publicDevice(client.device),
    });
    expect(device.status).toBe(201);
  }

  /** The verified, active devices of a room's members, as a console gathers them. */
  async function memberDevices(client: Client): Promise<VerifiedDevice[]> {
    const room = await call('GET', `/api/chat/rooms/${roomId}`, { token: client.token });
    const verified: VerifiedDevice[] = [];
    for (const userId of room.body.data.room.memberIds as string[]) {
      const keys = (await call('GET', `/api/chat/users/${userId}/keys`, { token: client.token }))
        .body.data.keys as { identityKey: string | null; devices: DevicePublicKeys[] };
      if (!keys.identityKey) continue;
      for (const device of keys.devices) {
        if (device.revokedAt) continue;
        verified.push(verifyDevice(device, keys.identityKey, userId));
      }
    }
    return verified;
  }

  async function sendText(sender: Client, session: OutboundSession, text: string) {
    const message = session.encrypt({ v: 1, type: 'text', text }, sender.device);
    const response = await call('POST', `/api/chat/rooms/${roomId}/messages`, {
      token: sender.token,
      body: { clientMessageId: randomUUID(), ...message },
    });
    expect(response.status).toBe(201);
    return response.body.data.message;
  }

  /** Opens what waits in the mailbox for the client's device, then acknowledges it. */
  async function takeKeys(client: Client): Promise<void> {
    const devices = await memberDevices(client);
    const page = await call('GET', `/api/chat/key-mailbox?deviceId=${client.device.deviceId}`, {
      token: client.token,
    });
    expect(page.status).toBe(200);
    for (const item of page.body.data.items) {
      const sender = devices.find((device) => device.deviceId === item.fromDeviceId);
      if (!sender) throw new Error('a key from an unknown device');
      client.inbound.add(openSealedSession(item.sealed, item, client.device, sender));
    }
    await call('POST', '/api/chat/key-mailbox/ack', {
      token: client.token,
      body: { ids: page.body.data.items.map((item: { id: string }) => item.id) },
    });
  }

  async function readHistory(client: Client): Promise<string[]> {
    const devices = await memberDevices(client);
    const page = await call('GET', `/api/chat/rooms/${roomId}/messages?pageSize=100`, {
      token: client.token,
    });
    const texts: string[] = [];
    for (const message of [...page.body.data.items].reverse()) {
      const sender = devices.find((device) => device.deviceId === message.senderDeviceId);
      if (!sender) throw new Error('a message from an unknown device');
      const opened = await client.inbound.decrypt(message, {
        senderDevice: sender,
        senderIsMember: true,
      });
      texts.push(opened.plaintext.text);
    }
    return texts;
  }

  beforeAll(async () => {
    api = await startTestApi(kind, { DEMO_SEED: 'true' });
    call = apiClient(api.baseUrl);
    ({ tokens, ids } = await signInAll(call, ['supervisor1', 'agent1', 'agent2']));
    const teamId = await createTeam(call, tokens.supervisor1 as string, 'Library clients', [
      ids.agent1 as string,
      ids.agent2 as string,
    ]);
    const rooms = await waitFor(
      async () => (await call('GET', '/api/chat/rooms', { token: tokens.agent1 })).body.data.items,
      (items: Array<{ id: string; teamId: string; memberIds: string[] }>) =>
        items.some((room) => room.teamId === teamId && room.memberIds.length === 3),
      10_000,
      'the team room',
    );
    roomId = rooms.find((room: { teamId: string }) => room.teamId === teamId)?.id as string;
    for (const name of ['supervisor1', 'agent1', 'agent2']) {
      const identity = createIdentity();
      const userId = ids[name] as string;
      clients[name] = {
        name,
        userId,
        token: tokens[name] as string,
        identity,
        device: createDevice(identity, userId),
        inbound: new InboundSessionStore(),
      };
      await register(clients[name] as Client);
    }
  });
  afterAll(() => api.close());

  it('exchanges messages through the mailbox, and a new device restores the history from the backup', async () => {
    const alice = clients.agent1 as Client;
    const bob = clients.agent2 as Client;

    // Alice shares her sender session with every member device, then sends.
    const session = OutboundSession.create(roomId, alice.device);
    alice.inbound.add(session.share());
    const devices = await memberDevices(alice);
    const ids = devices.map((device) => device.deviceId);
    const targets = session
      .devicesToShareWith(ids)
      .filter((deviceId) => deviceId !== alice.device.deviceId);
    const shared = await call('POST', '/api/chat/key-mailbox', {
      token: alice.token,
      headers: { 'x-chat-device': alice.device.deviceId },
      body: {
        items: targets.map((deviceId) => ({
          toDeviceId: deviceId,
          roomId,
          sessionId: session.sessionId,
          sealed: sealSession(
            session.share(),
            devices.find((device) => device.deviceId === deviceId) as VerifiedDevice,
            alice.device,
          ),
        })),
      },
    });
    expect(shared.status).toBe(201);
    expect(shared.body.data.stored).toBe(2);
    session.markSharedWith(targets);
    await sendText(alice, session, 'Hello team');
    await sendText(alice, session, 'Second message');

    // Bob takes his key from the mailbox and reads the history.
    await takeKeys(bob);
    expect(await readHistory(bob)).toEqual(['Hello team', 'Second message']);

    // Alice backs up her keys, then signs in on a new browser and restores them.
    const passphrase = 'correct horse battery staple';
    const { backup } = await encryptBackup(
      passphrase,
      { v: 1, userId: alice.userId, identity: alice.identity, sessions: alice.inbound.shares() },
      FAST_KDF,
    );
    const stored = await call('PUT', '/api/chat/key-backup', {
      token: alice.token,
      body: { version: 1, ...backup },
    });
    expect(stored.status).toBe(200);

    const fetched = await call('GET', '/api/chat/key-backup', { token: alice.token });
    const { payload } = await decryptBackup(passphrase, fetched.body.data.backup, alice.userId);
    const restored: Client = {
      ...alice,
      identity: payload.identity,
      device: createDevice(payload.identity, alice.userId),
      inbound: new InboundSessionStore(),
    };
    for (const share of payload.sessions) restored.inbound.add(share);
    const newDevice = await call('POST', '/api/chat/devices', {
      token: alice.token,
      body: publicDevice(restored.device),
    });
    expect(newDevice.status).toBe(201);
    expect(await readHistory(restored)).toEqual(['Hello team', 'Second message']);
    await expect(
      decryptBackup('wrong passphrase!', fetched.body.data.backup, alice.userId),
    ).rejects.toThrow();
  });
});
