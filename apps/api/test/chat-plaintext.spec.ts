import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { sql } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createTeam, query, signInAll, waitFor } from './support/calls';
import { ChatUser, b64u, seal, send, setUpChatUser } from './support/chat';
import { DATABASES, TestApi, apiClient, startTestApi } from './support/test-api';

const kind = DATABASES[DATABASES.length - 1] ?? 'pglite';

/**
 * The server must never hold a message in clear. Messages, an edit, sealed room keys and a key
 * backup whose plaintext carries a unique marker are sent the way a console sends them (encrypted
 * with XChaCha20-Poly1305 before they leave the client); then every row of every table of the
 * database and every line the API logged are searched for the marker, in clear and in the
 * encodings a careless server might use. A positive control proves the search finds what is there.
 */
describe(`chat stores no plaintext, on ${kind}`, () => {
  let api: TestApi;
  let call: ReturnType<typeof apiClient>;
  const marker = `PLAINTEXT-MARKER-${randomBytes(8).toString('hex')}`;
  const logDir = mkdtempSync(join(tmpdir(), 'poscalls4u-chat-logs-'));

  beforeAll(async () => {
    api = await startTestApi(kind, {
      DEMO_SEED: 'true',
      // Everything the API logs, at the most detailed level, goes to a file this test reads.
      LOG_LEVEL: 'debug',
      LOG_FILE: join(logDir, 'api.log'),
    });
    call = apiClient(api.baseUrl);
  });
  afterAll(async () => {
    await api.close();
    rmSync(logDir, { recursive: true, force: true });
  });

  /** Needles: the marker as text, hex (bytea), base64 and base64url. */
  function needles(): string[] {
    const bytes = Buffer.from(marker, 'utf8');
    return [
      marker,
      bytes.toString('hex'),
      bytes.toString('base64').replace(/=+$/, ''),
      bytes.toString('base64url'),
    ];
  }

  /** Every base table of every schema but the catalogs, with the rows holding `needle`. */
  async function tablesHolding(needle: string): Promise<string[]> {
    const tables = await query<{ schema: string; name: string }>(
      api,
      sql`select table_schema as schema, table_name as name from information_schema.tables
          where table_type = 'BASE TABLE'
            and table_schema not in ('pg_catalog', 'information_schema')`,
    );
    const holding: string[] = [];
    for (const table of tables) {
      // A row's text form holds every column: text, jsonb, arrays, and bytea as hex.
      const [row] = await query<{ n: number }>(
        api,
        sql`select count(*)::int as n from ${sql.identifier(table.schema)}.${sql.identifier(table.name)} t
            where position(${needle} in t::text) > 0`,
      );
      if ((row?.n ?? 0) > 0) holding.push(`${table.schema}.${table.name}`);
    }
    return holding;
  }

  function logText(): string {
    if (!existsSync(logDir)) return '';
    return readdirSync(logDir)
      .map((file) => readFileSync(join(logDir, file), 'utf8'))
      .join('\n');
  }

  it('holds no plaintext in any table or log line after messages, edits, keys and backups', async () => {
    const { tokens, ids } = await signInAll(call, ['supervisor1', 'agent1', 'agent2']);
    const teamId = await createTeam(call, tokens.supervisor1 as string, 'Plaintext team', [
      ids.agent1 as string,
      ids.agent2 as string,
    ]);
    const users: Record<string, ChatUser> = {};
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
    const teamRoom = rooms.find((room: { teamId: string }) => room.teamId === teamId)?.id as string;
    const direct = await call('POST', '/api/chat/direct', {
      token: tokens.agent1,
      body: { userId: ids.agent2 },
    });
    const directRoom = direct.body.data.room.id as string;

    const sender = users.agent1 as ChatUser;
    const ciphertexts: string[] = [];
    for (const [roomId, text] of [
      [teamRoom, `hello team ${marker}`],
      [directRoom, `a secret for you: ${marker}`],
    ] as const) {
      const response = await send(call, sender, roomId, text, {
        mentions: [ids.supervisor1 as string],
      });
      expect(response.status).toBe(201);
      ciphertexts.push(response.body.data.message.ciphertext);
    }
    const toEdit = await send(call, sender, teamRoom, 'draft');
    const edit = await call(
      'PATCH',
      `/api/chat/rooms/${teamRoom}/messages/${toEdit.body.data.message.id}`,
      {
        token: sender.token,
        body: {
          senderDeviceId: sender.deviceId,
          sessionId: sender.sessionId,
          ...seal(sender, teamRoom, `edited ${marker}`),
        },
      },
    );
    expect(edit.status).toBe(200);

    // A sealed room key and a key backup whose plaintext names the marker.
    const wrap = (plaintext: string) => {
      const key = randomBytes(32);
      const nonce = randomBytes(24);
      const body = xchacha20poly1305(key, nonce).encrypt(Buffer.from(plaintext, 'utf8'));
      return b64u(Buffer.concat([nonce, body]));
    };
    const mailbox = await call('POST', '/api/chat/key-mailbox', {
      token: sender.token,
      headers: { 'x-chat-device': sender.deviceId },
      body: {
        items: [
          {
            toDeviceId: users.agent2?.deviceId,
            roomId: teamRoom,
            sessionId: sender.sessionId,
            sealed: wrap(`room key for ${marker}`),
          },
        ],
      },
    });
    expect(mailbox.status).toBe(201);
    const backup = await call('PUT', '/api/chat/key-backup', {
      token: sender.token,
      body: {
        version: 1,
        kdf: {
          algorithm: 'argon2id',
          memoryKiB: 65_536,
          iterations: 3,
          parallelism: 1,
          salt: b64u(randomBytes(16)),
        },
        ciphertext: wrap(`identity and room keys ${marker}`),
      },
    });
    expect(backup.status).toBe(200);
    // A refused replay must not log its body either.
    const replay = await call('POST', `/api/chat/rooms/${teamRoom}/messages`, {
      token: sender.token,
      body: {
        clientMessageId: '6d2f9e1a-3b4c-4d5e-8f6a-7b8c9d0e1f2a',
        senderDeviceId: sender.deviceId,
        sessionId: sender.sessionId,
        counter: 0,
        ciphertext: ciphertexts[0],
        signature: b64u(randomBytes(64)),
      },
    });
    expect(replay.status).toBe(409);

    // The DM and the mentions stored notifications (who and where, never what).
    await waitFor(
      async () =>
        (await call('GET', '/api/notifications', { token: tokens.supervisor1 })).body.data.items,
      (items: unknown[]) => items.some((item) => JSON.stringify(item).includes('chat_mention')),
      10_000,
      'the mention notification',
    );
    await api.settle();

    // Positive control: the search finds the ciphertext where it is stored.
    expect(await tablesHolding(ciphertexts[0] as string)).toEqual(['public.chat_messages']);
    for (const needle of needles()) {
      expect({ needle, tables: await tablesHolding(needle) }).toEqual({ needle, tables: [] });
    }

    // Wait for the log file, then check it has lines (the control) and no marker in any form.
    const logs = await waitFor(
      async () => logText(),
      (text) => text.includes('/api/chat/rooms'),
      10_000,
      'the request log lines',
    );
    for (const needle of needles()) expect(logs.includes(needle)).toBe(false);
    // Not even the ciphertext or the keys reach the logs.
    expect(logs.includes(ciphertexts[0] as string)).toBe(false);
    expect(logs.includes(sender.sessionId)).toBe(false);
  });
});
