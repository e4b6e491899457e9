import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { MAIL_PASSWORD, MAIL_USER, startMailCatcher } from './mail-catcher';
import { GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET, startOAuthProvider } from './oauth-provider';
import {
  BASE_URL_ENV,
  MAIL_DIR_ENV,
  PLATFORM_KEY,
  RunningPlatform,
  WORKSPACE_ROOT,
} from './platform';

const REQUIRED_BUILDS = [
  'dist/apps/api/main.js',
  'dist/apps/agent-console/browser/index.html',
  'dist/apps/supervisor-console/browser/index.html',
];
const READY_TIMEOUT_MS = 90_000;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The API's environment: the embedded defaults (PGlite, in-process queues), mail to the loopback
 * SMTP server, links built for this origin, and rate limits that many sign-ins in a row fit in.
 */
function platformEnv(
  port: number,
  dataDir: string,
  mailPort: number,
  googleIssuer: string,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env['DATABASE_URL'];
  delete env['REDIS_URL'];
  for (const key of Object.keys(env)) {
    if (key.startsWith('EMAIL_')) {
      delete env[key];
    }
  }
  return {
    ...env,
    PORT: String(port),
    CLIENT_URL: `http://127.0.0.1:${port}`,
    DATA_DIR: dataDir,
    EMAIL_HOST: '127.0.0.1',
    EMAIL_PORT: String(mailPort),
    EMAIL_SECURE: 'false',
    EMAIL_USER: MAIL_USER,
    EMAIL_PASSWORD: MAIL_PASSWORD,
    GOOGLE_CLIENT_ID,
    GOOGLE_CLIENT_SECRET,
    GOOGLE_ISSUER_URL: googleIssuer,
    RATE_LIMIT_AUTH_PER_MINUTE: '1000',
    RATE_LIMIT_REFRESH_PER_MINUTE: '1000',
    RATE_LIMIT_GLOBAL_PER_MINUTE: '10000',
    DEMO_SEED: 'true',
    NODE_ENV: 'test',
    // The API logs every 4xx as a warning; the tests provoke many on purpose.
    LOG_LEVEL: 'error',
  };
}

export async function waitUntilReady(url: string, exited: () => string | null): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const exit = exited();
    if (exit !== null) {
      throw new Error(`The API exited before it was ready (${exit}). Its output is above.`);
    }
    try {
      const response = await fetch(url);
      if (response.status === 200) {
        return;
      }
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The API did not answer 200 on ${url} within ${READY_TIMEOUT_MS / 1000} s.`);
}

export default async function globalSetup(): Promise<void> {
  const missing = REQUIRED_BUILDS.filter((file) => !existsSync(path.join(WORKSPACE_ROOT, file)));
  if (missing.length > 0) {
    throw new Error(`Missing ${missing.join(', ')}: run the build first: npx nx run-many -t build`);
  }

  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'poscalls4u-console-e2e-'));
  const mailDir = path.join(dataDir, 'caught-mail');
  const mail = await startMailCatcher(mailDir);
  const google = await startOAuthProvider();
  const stopHelpers = async () => {
    await mail.close();
    await google.stop();
  };
  const child = spawn(process.execPath, ['dist/apps/api/main.js'], {
    cwd: WORKSPACE_ROOT,
    env: platformEnv(port, dataDir, mail.port, google.url),
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  let exit: string | null = null;
  child.once('exit', (code, signal) => {
    exit = signal === null ? `exit code ${String(code)}` : `signal ${signal}`;
  });
  const platform: RunningPlatform = { child, dataDir, stopHelpers };
  (globalThis as Record<string, unknown>)[PLATFORM_KEY] = platform;

  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(`${url}/health/ready`, () => exit);
  } catch (error) {
    // Jest skips the global teardown when the setup fails: clean up here.
    child.kill('SIGKILL');
    await stopHelpers();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  process.env[BASE_URL_ENV] = url;
  process.env[MAIL_DIR_ENV] = mailDir;
}
