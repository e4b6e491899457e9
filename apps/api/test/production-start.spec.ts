import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { freePort } from './support/own-postgres';

const ROOT = resolve(__dirname, '../../..');
const MAIN = join(ROOT, 'dist/apps/api/main.js');

/** `npm start`'s script, in production: the built API with plain Node, no Nx. */
function start(env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [join(ROOT, 'tools/scripts/run-api.mjs'), 'main'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += String(chunk)));
  child.stderr.on('data', (chunk) => (output += String(chunk)));
  return { child, output: () => output };
}

/**
 * The production start: it refuses to run with one line per missing or weak setting, and with
 * good settings serves from dist/ without building anything, then stops cleanly on SIGTERM.
 */
describe('NODE_ENV=production npm start', () => {
  let dataDir: string;
  beforeAll(() => {
    if (!existsSync(MAIN))
      throw new Error(`${MAIN} is missing: build the API first (nx build api)`);
    dataDir = mkdtempSync(join(tmpdir(), 'poscalls4u-production-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('refuses to start, naming each missing or weak setting on a line of its own', async () => {
    const { child, output } = start({ DATA_DIR: dataDir, JWT_SECRET: 'z'.repeat(40) });
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    const lines = output().trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/^Invalid configuration: MFA_ENCRYPTION_KEY is required/),
      expect.stringMatching(/^Invalid configuration: JWT_SECRET is weak/),
    ]);
  }, 30_000);

  it('serves the built API without Nx and stops on SIGTERM', async () => {
    const port = await freePort();
    const { child, output } = start({
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      JWT_SECRET: randomBytes(36).toString('base64'),
      MFA_ENCRYPTION_KEY: randomBytes(36).toString('base64'),
      SERVE_CONSOLES: 'false',
      LOG_LEVEL: 'warn',
    });
    const deadline = Date.now() + 60_000;
    for (;;) {
      const ready = await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => undefined);
      if (ready?.status === 200) break;
      if (Date.now() > deadline || child.exitCode !== null)
        throw new Error(`The API did not start:\n${output()}`);
      await new Promise((done) => setTimeout(done, 200));
    }
    expect(output()).not.toMatch(/nx run-many|Successfully ran target/);
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code] = await exited;
    expect(code).toBe(0);
  }, 90_000);
});
