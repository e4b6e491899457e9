// The real topology of a production deployment, on this machine, for the fault-injection suite:
// a PostgreSQL cluster and a redis-server of the suite's own (other ports, so stopping them never
// touches the shared servers), two built API instances behind a small TCP load balancer, the built
// worker, a real SMTP server and a PBX webhook receiver on loopback. Every part can be killed,
// stopped, frozen and started again.
import { execFileSync, spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createRequire } from 'node:module';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../../..');
const require = createRequire(join(root, 'package.json'));
export const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

export function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

async function waitFor(what, check, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs} ms`);
    await sleep(100);
  }
}

const portOpen = (port) =>
  new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });

function postgresBin() {
  const base = '/usr/lib/postgresql';
  const version = readdirSync(base).sort((a, b) => Number(b) - Number(a))[0];
  return join(base, version, 'bin');
}

function systemUser(name) {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith(`${name}:`));
  if (!line) throw new Error(`No system user ${name}`);
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/** Direct children of a process, read from /proc (the postmaster's backends). */
function childrenOf(pid) {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        // Field 4 of /proc/<pid>/stat is the parent; the command name (field 2) may hold spaces.
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Resident memory of a process in MB (VmRSS), or NaN when it is gone. */
export function residentMb(pid) {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** initdb + pg_ctl in a temp folder, on a free port; runs as `postgres` when we are root. */
export async function startPostgres() {
  const bin = postgresBin();
  const dir = mkdtempSync(join(tmpdir(), 'poscalls4u-faults-pg-'));
  const dataDir = join(dir, 'data');
  const port = await freePort();
  const owner = process.getuid?.() === 0 ? systemUser('postgres') : undefined;
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const run = (command, args) =>
    execFileSync(join(bin, command), args, {
      cwd: dir,
      stdio: 'pipe',
      ...(owner ? { uid: owner.uid, gid: owner.gid } : {}),
    });
  run('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  const start = () =>
    run('pg_ctl', [
      'start',
      '-w',
      '-t',
      '30',
      '-D',
      dataDir,
      '-l',
      join(dir, 'log'),
      '-o',
      options,
    ]);
  start();
  // The postmaster and its backends: SIGSTOP freezes the server with every connection left open,
  // the way a stalled disk or a paused VM does (nothing is refused, nothing answers).
  const processes = () => {
    const postmaster = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return [postmaster, ...childrenOf(postmaster)];
  };
  let frozen = [];
  const thaw = () => {
    for (const pid of frozen) process.kill(pid, 'SIGCONT');
    frozen = [];
  };
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: () => run('pg_ctl', ['stop', '-w', '-m', 'immediate', '-D', dataDir]),
    start,
    freeze() {
      frozen = processes();
      for (const pid of frozen) process.kill(pid, 'SIGSTOP');
    },
    thaw,
    destroy() {
      thaw();
      try {
        run('pg_ctl', ['stop', '-w', '-m', 'immediate', '-D', dataDir]);
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A redis-server with the append-only file on and fsync'd at every write (docker/compose.yml
 * runs Redis with `--appendonly yes`): a kill -9 then loses nothing it acknowledged.
 */
export async function startRedis() {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'poscalls4u-faults-redis-'));
  let server;
  const start = async () => {
    server = spawn(
      'redis-server',
      [
        ...['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', ''],
        ...['--appendonly', 'yes', '--appendfsync', 'always', '--maxmemory-policy', 'noeviction'],
      ],
      { stdio: 'ignore' },
    );
    await waitFor(`redis-server listening on ${port}`, () => portOpen(port), 10_000);
  };
  await start();
  const stop = async () => {
    if (!server || server.exitCode !== null) return;
    const exited = once(server, 'exit');
    server.kill('SIGKILL');
    await exited;
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    start,
    stop,
    async destroy() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A real SMTP server on loopback (smtp-server): counts messages per Message-ID and recipient. */
export async function startSmtp() {
  const { SMTPServer } = require('smtp-server');
  const { simpleParser } = require('mailparser');
  const messages = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          messages.push({ to: mail.to?.text ?? '', subject: mail.subject ?? '', at: Date.now() });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return {
    port: server.server.address().port,
    messages,
    close: () => new Promise((done) => server.close(done)),
  };
}

/**
 * The PBX's webhook endpoint: checks the signature, counts deliveries per action id (only those
 * it answered 2xx: a delivery whose sender died before the answer does not count), and keeps the
 * X-Request-Id of each. `delayMs` holds each answer, so a test can kill the worker mid-job.
 */
export async function startPbxReceiver() {
  const receiver = {
    secret: undefined,
    delayMs: 0,
    delivered: new Map(),
    requestIds: new Map(),
    badSignatures: 0,
    attempts: 0,
  };
  const server = createHttpServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', async () => {
      receiver.attempts += 1;
      const body = Buffer.concat(chunks).toString('utf8');
      const header = String(request.headers['x-poscalls-signature'] ?? '');
      const t = /t=(\d+)/.exec(header)?.[1];
      const v1 = /v1=([0-9a-f]+)/.exec(header)?.[1];
      const expected =
        receiver.secret && t
          ? createHmac('sha256', receiver.secret).update(`${t}.${body}`).digest('hex')
          : undefined;
      if (!expected || expected !== v1) {
        receiver.badSignatures += 1;
        response.writeHead(401).end();
        return;
      }
      if (receiver.delayMs) await sleep(receiver.delayMs);
      if (request.destroyed || response.destroyed) return; // the sender is gone: not delivered
      const action = JSON.parse(body);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"ok":true}', () => {
        receiver.delivered.set(action.id, (receiver.delivered.get(action.id) ?? 0) + 1);
        receiver.requestIds.set(action.id, request.headers['x-request-id']);
      });
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  receiver.url = `http://127.0.0.1:${server.address().port}/pbx/actions`;
  receiver.close = () => {
    server.closeAllConnections();
    return new Promise((done) => server.close(done));
  };
  return receiver;
}

/**
 * A TCP load balancer in front of the API instances: each new connection goes to the next
 * instance that accepts it (a refused one is skipped), the way nginx's `max_fails` does; a
 * connection to an instance that dies is cut, so its clients reconnect through here to the other.
 * With `preferFirst` every connection goes to the first instance that accepts it, in the order
 * given (an active/backup pair: bench:failover puts every socket on one instance, then kills it).
 * `open` counts the connections open to each instance.
 */
export async function startBalancer(backendPorts, { preferFirst = false } = {}) {
  let next = 0;
  const open = backendPorts.map(() => 0);
  const server = createServer((client) => {
    client.pause();
    const tryBackend = (left) => {
      if (left === 0) return client.destroy();
      const index = preferFirst ? backendPorts.length - left : next++ % backendPorts.length;
      const upstream = connect(backendPorts[index], '127.0.0.1');
      upstream.once('connect', () => {
        upstream.removeAllListeners('error');
        client.pipe(upstream).pipe(client);
        client.resume();
        open[index] += 1;
        let counted = true;
        const cut = () => {
          if (counted) open[index] -= 1;
          counted = false;
          client.destroy();
          upstream.destroy();
        };
        upstream.on('error', cut);
        client.on('error', cut);
        upstream.on('close', cut);
        client.on('close', cut);
      });
      upstream.once('error', () => tryBackend(left - 1));
    };
    tryBackend(backendPorts.length);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    open,
    close: () => new Promise((done) => server.close(done)),
  };
}

/** One built server process (`dist/apps/api/main.js` or `dist/apps/worker/main.js`). */
class ServerProcess {
  constructor(name, entry, env) {
    this.name = name;
    this.entry = join(root, entry);
    if (!existsSync(this.entry))
      throw new Error(`${entry} is missing: build first (npx nx run-many -t build -p api worker)`);
    this.env = env;
    this.log = [];
  }

  start() {
    this.child = spawn(process.execPath, [this.entry], {
      cwd: root,
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk) => {
      for (const line of String(chunk).split('\n')) if (line) this.log.push(line);
      if (this.log.length > 20_000) this.log.splice(0, 10_000);
    };
    this.child.stdout.on('data', keep);
    this.child.stderr.on('data', keep);
    this.exited = once(this.child, 'exit');
  }

  /** Resident memory in MB. */
  get residentMb() {
    return this.running ? residentMb(this.child.pid) : NaN;
  }

  get running() {
    return this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  async kill9() {
    if (!this.running) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM; resolves with the exit code. */
  async terminate() {
    if (!this.running) return this.child?.exitCode;
    this.child.kill('SIGTERM');
    const [code] = await this.exited;
    return code;
  }

  /** Log lines (JSON) matching `predicate`. */
  lines(predicate = () => true) {
    return this.log
      .map((line) => {
        try {
          return JSON.parse(line);
        } catch {
          return undefined;
        }
      })
      .filter((line) => line && predicate(line));
  }
}

export class ApiInstance extends ServerProcess {
  constructor(name, port, env) {
    super(name, 'dist/apps/api/main.js', { ...env, PORT: String(port) });
    this.port = port;
    this.url = `http://127.0.0.1:${port}`;
  }

  async startAndWait() {
    this.start();
    await waitFor(
      `${this.name} ready`,
      async () => {
        if (!this.running)
          throw new Error(`${this.name} exited:\n${this.log.slice(-20).join('\n')}`);
        return (await fetch(`${this.url}/health/ready`)).status === 200;
      },
      90_000,
    );
  }
}

export class WorkerProcess extends ServerProcess {
  constructor(env) {
    super('worker', 'dist/apps/worker/main.js', env);
  }

  async startAndWait() {
    this.start();
    await waitFor('worker started', async () => {
      if (!this.running) throw new Error(`worker exited:\n${this.log.slice(-20).join('\n')}`);
      return this.log.some((line) => line.includes('Worker started'));
    });
  }
}

/**
 * Starts everything: PostgreSQL, Redis, SMTP, the PBX receiver, two API instances (the first one
 * migrates and seeds the demo organisation, then the second starts), the balancer and the worker.
 */
export async function startTopology({ extraEnv = {} } = {}) {
  const postgres = await startPostgres();
  const redis = await startRedis();
  const smtp = await startSmtp();
  const pbx = await startPbxReceiver();
  const password = `faults-${randomBytes(6).toString('hex')}`;
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    DATABASE_URL: postgres.url,
    REDIS_URL: redis.url,
    QUEUE_PREFIX: 'faults',
    JWT_SECRET: randomBytes(36).toString('base64'),
    MFA_ENCRYPTION_KEY: randomBytes(36).toString('base64'),
    EMAIL_HOST: '127.0.0.1',
    EMAIL_PORT: String(smtp.port),
    EMAIL_SECURE: 'false',
    EMAIL_FROM: 'PosCalls4U <no-reply@poscalls4u.test>',
    DEMO_SEED: 'true',
    DEMO_PASSWORD: password,
    SERVE_CONSOLES: 'false',
    // The instances' access lines would cost more than the traffic; the worker logs at info.
    LOG_LEVEL: 'warn',
    BCRYPT_COST: '10',
    SHUTDOWN_TIMEOUT: '5s',
    // The suite measures what a fault does to the traffic, not the limits that protect it.
    RATE_LIMIT_GLOBAL_PER_MINUTE: '100000000',
    RATE_LIMIT_AUTH_PER_MINUTE: '100000000',
    RATE_LIMIT_REFRESH_PER_MINUTE: '100000000',
    ...extraEnv,
  };
  const ports = [await freePort(), await freePort()];
  const apis = ports.map((port, i) => new ApiInstance(`api-${i + 1}`, port, env));
  await apis[0].startAndWait();
  await apis[1].startAndWait();
  const balancer = await startBalancer(ports);
  const worker = new WorkerProcess({ ...env, LOG_LEVEL: 'info' });
  await worker.startAndWait();
  return {
    postgres,
    redis,
    smtp,
    pbx,
    apis,
    worker,
    balancer,
    env,
    password,
    async destroy() {
      for (const part of [...apis, worker]) await part.kill9().catch(() => undefined);
      await balancer.close().catch(() => undefined);
      await pbx.close().catch(() => undefined);
      await smtp.close().catch(() => undefined);
      await redis.destroy().catch(() => undefined);
      postgres.destroy();
    },
  };
}
