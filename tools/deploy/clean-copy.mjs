// The deployment a user follows, in a clean copy of the repository (issue 17, §1):
//
//   git clone, npm ci, npm run build, npm ci --omit=dev, npm run migrate, NODE_ENV=production npm start
//
// then /health/ready, a sign-in and a console page over HTTP, and the refusal lines for missing and
// weak settings. The copy is a `git clone` of the commit checked out here (what is committed is
// what is deployed), with its own fresh PostgreSQL database on the server of DATABASE_URL
// (default postgres://postgres@127.0.0.1:5432). Run by `.ci/run` through `npm run test:deploy`.
//
// To stay within CI's time budget it reuses the npm cache (`--prefer-offline`); everything else
// happens in the copy: its own node_modules, its own Nx cache and dist/ (a full build, about 50 s
// here: Nx will not restore artifacts from another workspace's cache). About 2 minutes in all.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import pg from 'pg';

const root = resolve(import.meta.dirname, '../..');
const keep = process.argv.includes('--keep');
const serverUrl = new URL(
  process.env.DEPLOY_TEST_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432/postgres',
);
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;
const step = (what) => console.log(`[deploy ${elapsed()}] ${what}`);

const copy = mkdtempSync(join(tmpdir(), 'poscalls4u-deploy-'));
const database = `deploy_${randomBytes(4).toString('hex')}`;
const databaseUrl = Object.assign(new URL(serverUrl), { pathname: `/${database}` }).toString();
// After `npm ci --omit=dev` the copy has no `node` package (a dev dependency that pins Node 24 for
// the npm scripts): a production machine brings its own Node 24, here the one running this script.
const PATH = `${dirname(process.execPath)}:${process.env.PATH}`;

function run(command, args, env = {}) {
  execFileSync(command, args, {
    cwd: copy,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, PATH, ...env },
  });
}

async function admin(sql) {
  const client = new pg.Client({ connectionString: serverUrl.toString() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function freePort() {
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

/** `NODE_ENV=production npm start` in the copy; resolves with its output once it exits. */
function npmStart(env) {
  const child = spawn('npm', ['start', '--silent'], {
    cwd: copy,
    // Only what a production machine would set: no inherited DATABASE_URL, REDIS_URL, NX_*.
    env: { PATH, HOME: process.env.HOME, NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, stopped as a terminal's Ctrl-C or systemd stops a service: the signal
    // goes to the whole group. (npm runs the script through `sh -c`, and a SIGTERM sent to npm
    // alone leaves the API running without a parent.)
    detached: true,
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = once(child, 'exit').then(([code]) => ({ code, output }));
  return { child, exited, output: () => output };
}

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function check(condition, message) {
  if (!condition) throw new Error(message);
  console.log(`  ok: ${message}`);
}

async function main() {
  const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  step(`clean copy of ${head.slice(0, 10)} in ${copy}`);
  execFileSync('git', ['clone', '--quiet', '--no-checkout', root, copy]);
  execFileSync('git', ['checkout', '--quiet', '--detach', head], { cwd: copy });

  step('npm ci');
  run('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error']);

  step('npm run build');
  run('npm', ['run', 'build', '--silent'], {
    CI: 'true',
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
  });
  for (const built of ['dist/apps/api/main.js', 'dist/apps/worker/main.js'])
    check(existsSync(join(copy, built)), `${built} built`);

  step('npm ci --omit=dev');
  run('npm', [
    'ci',
    '--omit=dev',
    '--no-audit',
    '--no-fund',
    '--prefer-offline',
    '--loglevel=error',
  ]);
  check(!existsSync(join(copy, 'node_modules/nx')), 'no dev dependency left (nx is gone)');

  const secrets = {
    JWT_SECRET: randomBytes(36).toString('base64'),
    MFA_ENCRYPTION_KEY: randomBytes(36).toString('base64'),
  };
  step(`npm run migrate (database ${database})`);
  await admin(`create database ${database}`);
  run('npm', ['run', 'migrate', '--silent'], {
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    ...secrets,
  });

  step('NODE_ENV=production npm start refuses missing and weak settings');
  const refused = await npmStart({ DATABASE_URL: databaseUrl, JWT_SECRET: 'z'.repeat(40) }).exited;
  check(refused.code !== 0, `exit code ${refused.code}`);
  const lines = refused.output.trim().split('\n');
  check(
    lines.some((line) => /^Invalid configuration: MFA_ENCRYPTION_KEY is required/.test(line)),
    'a line for the missing MFA_ENCRYPTION_KEY',
  );
  check(
    lines.some((line) => /^Invalid configuration: JWT_SECRET is weak/.test(line)),
    'a line for the weak JWT_SECRET',
  );
  check(!/\n\s+at /.test(refused.output), 'no stack trace');

  step('NODE_ENV=production npm start');
  const port = await freePort();
  const password = `deploy-${randomBytes(9).toString('base64url')}`;
  const api = npmStart({
    DATABASE_URL: databaseUrl,
    HOST: '127.0.0.1',
    PORT: String(port),
    DEMO_SEED: 'true',
    DEMO_PASSWORD: password,
    LOG_LEVEL: 'info',
    ...secrets,
  });
  try {
    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 90_000;
    for (;;) {
      const ready = await fetch(`${base}/health/ready`).catch(() => undefined);
      if (ready?.status === 200) break;
      if (Date.now() > deadline || api.child.exitCode !== null)
        throw new Error(`The API did not become ready:\n${api.output()}`);
      await new Promise((done) => setTimeout(done, 250));
    }
    check(true, 'GET /health/ready 200');
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@poscalls4u.test', password }),
    });
    const body = await login.json();
    check(login.status === 200 && body.success === true, `sign-in answered ${login.status}`);
    const token = body.data?.token;
    const me = await fetch(`${base}/api/auth/profile`, {
      headers: { authorization: `Bearer ${token}` },
    });
    check(me.status === 200, `GET /api/auth/profile with the token answered ${me.status}`);
    for (const page of ['/agent/', '/supervisor/']) {
      const response = await fetch(`${base}${page}`);
      const html = await response.text();
      check(
        response.status === 200 && /<app-root|<script/.test(html),
        `console page ${page} served (${response.status})`,
      );
    }
    check(!/nx run-many|Successfully ran target/.test(api.output()), 'nothing built at start');
    process.kill(-api.child.pid, 'SIGTERM');
    await api.exited;
    // npm itself exits at once; the API drains first (SHUTDOWN_TIMEOUT, 10 s by default).
    const stopDeadline = Date.now() + 15_000;
    while (groupAlive(api.child.pid) && Date.now() < stopDeadline)
      await new Promise((done) => setTimeout(done, 100));
    check(!groupAlive(api.child.pid), 'every process of `npm start` gone after SIGTERM');
    check(/"msg":"Drained and closed"/.test(api.output()), 'the API drained and closed');
  } finally {
    if (groupAlive(api.child.pid)) process.kill(-api.child.pid, 'SIGKILL');
  }
  step('deployment works');
}

try {
  await main();
} catch (error) {
  console.error(`[deploy ${elapsed()}] FAILED: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
} finally {
  await admin(`drop database if exists ${database} with (force)`).catch(() => undefined);
  if (keep) console.log(`Kept ${copy}`);
  else rmSync(copy, { recursive: true, force: true });
}
