import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { freePort, waitUntilReady } from './global-setup';
import { WORKSPACE_ROOT } from './platform';

/**
 * A platform of one spec's own (the built API serving the consoles), for a spec that stops and
 * restarts the API, which the shared platform of the other specs must never see. Same port and
 * data folder (PGlite, the development JWT secret) across restarts: what a redeploy looks like
 * to a browser that stays open.
 */
export interface OwnPlatform {
  url: string;
  /** Stops the API (SIGTERM: graceful, as a deploy would) and starts it again. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startOwnPlatform(): Promise<OwnPlatform> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'poscalls4u-own-platform-'));
  const url = `http://127.0.0.1:${String(port)}`;
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) {
    if (key.startsWith('EMAIL_') || key === 'DATABASE_URL' || key === 'REDIS_URL') delete env[key];
  }
  Object.assign(env, {
    PORT: String(port),
    CLIENT_URL: url,
    DATA_DIR: dataDir,
    DEMO_SEED: 'true',
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
    RATE_LIMIT_AUTH_PER_MINUTE: '1000',
    RATE_LIMIT_REFRESH_PER_MINUTE: '1000',
    RATE_LIMIT_GLOBAL_PER_MINUTE: '10000',
  });

  let child: ChildProcess | null = null;
  let exit: string | null = null;
  const start = async () => {
    exit = null;
    const started = spawn(process.execPath, ['dist/apps/api/main.js'], {
      cwd: WORKSPACE_ROOT,
      env,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    started.once('exit', (code, signal) => {
      exit = signal === null ? `exit code ${String(code)}` : `signal ${signal}`;
    });
    child = started;
    await waitUntilReady(`${url}/health/ready`, () => exit);
  };
  const halt = async () => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGTERM');
    });
  };

  try {
    await start();
  } catch (error) {
    await halt();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    url,
    async restart() {
      await halt();
      await start();
    },
    async stop() {
      await halt();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
