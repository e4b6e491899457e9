import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Socket, io } from 'socket.io-client';

import { freePort } from './support/own-postgres';

const MAIN = resolve(__dirname, '../../../dist/apps/api/main.js');
const SHUTDOWN_TIMEOUT_MS = 5_000;
const CLIENTS = 8;

type Outcome = { status: number; afterSigterm: boolean } | { error: string; afterSigterm: boolean };

/** One GET (or a sign-in) on a kept-alive agent, resolved with its status or its socket error. */
function send(
  agent: Agent,
  port: number,
  path: string,
  token: string,
  body?: string,
): Promise<{ status: number } | { error: string }> {
  return new Promise((done) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        agent,
        method: body ? 'POST' : 'GET',
        headers: {
          authorization: `Bearer ${token}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
      },
      (response) => {
        response.resume();
        response.once('end', () => done({ status: response.statusCode ?? 0 }));
        response.once('error', (error) =>
          done({ error: (error as NodeJS.ErrnoException).message }),
        );
      },
    );
    req.once('error', (error: NodeJS.ErrnoException) =>
      done({ error: error.code ?? error.message }),
    );
    req.end(body);
  });
}

/**
 * The built API under busy kept-alive clients and a Socket.IO client, SIGTERM'd: it exits within
 * SHUTDOWN_TIMEOUT with code 0, every request it accepted is answered (none 5xx, none cut), later
 * ones are refused at connect, and the socket is told to reconnect ("transport close"). The run
 * also writes its logs to a LOG_FILE, rotated small.
 */
describe('graceful shutdown of the built API', () => {
  let child: ChildProcess;
  let dataDir: string;
  let output = '';

  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('drains busy kept-alive clients and exits within SHUTDOWN_TIMEOUT', async () => {
    if (!existsSync(MAIN))
      throw new Error(`${MAIN} is missing: build the API first (nx build api)`);
    const port = await freePort();
    dataDir = mkdtempSync(join(tmpdir(), 'poscalls4u-shutdown-'));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'test',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DEMO_SEED: 'true',
      DEMO_TEAMS: 'false',
      SERVE_CONSOLES: 'false',
      BCRYPT_COST: '10',
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
      JWT_SECRET: randomBytes(32).toString('hex'),
      CLIENT_URL: 'http://localhost:4200',
      RATE_LIMIT_GLOBAL_PER_MINUTE: '1000000',
      RATE_LIMIT_AUTH_PER_MINUTE: '100000',
      SHUTDOWN_TIMEOUT: `${SHUTDOWN_TIMEOUT_MS}ms`,
      // The JSON logs to a file as well, rotated small so that this run rotates it several times.
      LOG_FILE: join(dataDir, 'logs', 'api.log'),
      LOG_FILE_SIZE: '4k',
      LOG_FILE_COUNT: '2',
    };
    // The embedded database and in-process jobs: this test is about the HTTP server.
    delete env.DATABASE_URL;
    delete env.REDIS_URL;
    child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (chunk) => (output += String(chunk)));
    child.stderr?.on('data', (chunk) => (output += String(chunk)));
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;

    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 60_000;
    for (;;) {
      const ready = await fetch(`${base}/health/ready`).catch(() => undefined);
      if (ready?.status === 200) break;
      if (Date.now() > deadline || child.exitCode !== null)
        throw new Error(`The API did not start:\n${output}`);
      await new Promise((done) => setTimeout(done, 200));
    }
    const credentials = JSON.stringify({
      email: 'admin@poscalls4u.test',
      password: 'poscalls4u-demo',
    });
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: credentials,
    });
    const token = ((await login.json()) as { data: { token: string } }).data.token;

    const socket: Socket = io(base, {
      auth: { token },
      transports: ['websocket'],
      extraHeaders: { origin: 'http://localhost:4200' },
      reconnection: false,
    });
    await new Promise<void>((done, fail) => {
      socket.once('connect', () => done());
      socket.once('connect_error', fail);
    });
    const socketClosed = new Promise<string>((done) => socket.once('disconnect', done));

    let sigtermAt = 0;
    const outcomes: Outcome[] = [];
    const paths = ['/api/auth/profile', '/api/teams', '/health/ready'];
    const clients = Array.from({ length: CLIENTS }, async (_, index) => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      for (let n = 0; ; n++) {
        // Every fourth request of some clients is a sign-in: slower (bcrypt) and a write.
        const signIn = index % 2 === 0 && n % 4 === 0;
        const path = signIn ? '/api/auth/login' : (paths[n % paths.length] as string);
        const outcome = await send(agent, port, path, token, signIn ? credentials : undefined);
        outcomes.push({ ...outcome, afterSigterm: sigtermAt > 0 });
        if ('error' in outcome) break;
      }
      agent.destroy();
    });

    await new Promise((done) => setTimeout(done, 1_000));
    sigtermAt = Date.now();
    child.kill('SIGTERM');
    const [code] = await exited;
    const tookMs = Date.now() - sigtermAt;
    await Promise.all(clients);

    expect(tookMs).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
    expect(code).toBe(0);
    const answered = outcomes.filter((outcome) => 'status' in outcome);
    expect(answered.length).toBeGreaterThan(CLIENTS);
    expect(answered.filter((outcome) => outcome.status >= 500)).toEqual([]);
    // The only failures: connections refused after the listener closed (one per client).
    const failed = outcomes.filter((outcome) => 'error' in outcome);
    expect(failed.map((outcome) => ('error' in outcome ? outcome.error : ''))).toEqual(
      Array(CLIENTS).fill('ECONNREFUSED'),
    );
    expect(failed.every((outcome) => outcome.afterSigterm)).toBe(true);
    expect(await socketClosed).toBe('transport close');
    expect(output).toContain('SIGTERM: draining connections');
    expect(output).toContain('Drained and closed');

    // LOG_FILE: rotated by size, the oldest files deleted, every line JSON, the last words kept.
    const logs = readdirSync(join(dataDir, 'logs')).filter((name) => /^api\.\d+\.log$/.test(name));
    expect(logs.length).toBeGreaterThanOrEqual(2);
    expect(logs.length).toBeLessThanOrEqual(3);
    const numbers = logs.map((name) => Number(name.split('.')[1])).sort((a, b) => a - b);
    expect(numbers.at(-1)).toBeGreaterThan(3);
    const lines = logs
      .flatMap((name) => readFileSync(join(dataDir, 'logs', name), 'utf8').split('\n'))
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { service: string; msg: string });
    expect(lines.every((line) => line.service === 'api')).toBe(true);
    expect(lines.some((line) => line.msg === 'Drained and closed')).toBe(true);
  }, 90_000);
});
