// Starts the built API as a child process on a free loopback port, on a throw-away data folder,
// for the benchmarks. Traffic goes to 127.0.0.1 only.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../../..');

/**
 * The demo accounts' password in a benchmark's API: production refuses to seed the published
 * default one, and the benchmarks run the API in production mode.
 */
export const BENCH_PASSWORD = 'poscalls4u-bench-demo';

export function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

export async function startPlatform(env = {}) {
  // BENCH_API_MAIN: another build of the API (a copy of dist/apps/api), to compare two versions.
  const main = process.env.BENCH_API_MAIN
    ? resolve(process.env.BENCH_API_MAIN)
    : join(root, 'dist/apps/api/main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: run "npx nx build api" first`);
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'poscalls4u-bench-'));
  // Services come only from `env`: a DATABASE_URL or REDIS_URL in the shell must not send a
  // PGlite run to the shared server (or seed the demo into its database).
  const childEnv = { ...process.env };
  for (const key of Object.keys(childEnv))
    if (key.startsWith('EMAIL_') || key === 'REDIS_URL' || key === 'DATABASE_URL')
      delete childEnv[key];
  const { BENCH_NODE_ARGS: nodeArgs = '', ...apiEnv } = env;
  const child = spawn(process.execPath, [...nodeArgs.split(' ').filter(Boolean), main], {
    cwd: root,
    env: {
      ...childEnv,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      // Random, as production demands of its secrets (a throw-away API needs no stable ones).
      JWT_SECRET: randomBytes(48).toString('base64'),
      MFA_ENCRYPTION_KEY: randomBytes(48).toString('base64'),
      DEMO_SEED: 'true',
      DEMO_PASSWORD: BENCH_PASSWORD,
      SERVE_CONSOLES: 'false',
      LOG_LEVEL: 'warn',
      // The benchmark measures throughput, not the limits that protect it.
      RATE_LIMIT_GLOBAL_PER_MINUTE: '100000000',
      RATE_LIMIT_AUTH_PER_MINUTE: '100000000',
      RATE_LIMIT_REFRESH_PER_MINUTE: '100000000',
      ...apiEnv,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the API exited with code ${child.exitCode}`);
    try {
      if ((await fetch(`${baseUrl}/health/ready`)).ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error('the API did not become ready within 120 s');
    await new Promise((done) => setTimeout(done, 250));
  }
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const waitForExit = () => new Promise((done) => (exited() ? done() : child.once('exit', done)));
  return {
    baseUrl,
    port,
    /** A crash: SIGKILL, no shutdown of any kind (bench:failover). Resolves once it is gone. */
    async kill9() {
      if (!exited()) child.kill('SIGKILL');
      await waitForExit();
    },
    async stop() {
      if (!exited()) child.kill('SIGTERM');
      await waitForExit();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
