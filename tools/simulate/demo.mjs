#!/usr/bin/env node
// `npm run demo`: the platform (built API serving the consoles, embedded database, demo data) with
// the simulator running a live floor against it: calls arrive at every team, half of each team's
// agents are simulated, and the others (listed at start) are left for people to sign in as.
// Extra arguments go to the simulator and override the demo's settings:
//   npm run demo -- --rate 4 --team-share 1
// Ctrl-C stops the simulator cleanly (callers hang up, simulated agents finish), then the API.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const root = resolve(import.meta.dirname, '../..');
const main = join(root, 'dist/apps/api/main.js');
if (!existsSync(main)) {
  console.error('dist/apps/api/main.js is missing: run "npm run demo" (it builds first)');
  process.exit(1);
}

const port = process.env.PORT ?? '3000';
const shownUrl = `http://localhost:${port}`;
const apiUrl = `http://127.0.0.1:${port}`;

let stopping = false;
let simulator = null;
const api = spawn(process.execPath, [main], {
  cwd: root,
  env: {
    // A folder of its own, so that the demo floor never mixes with data of `npm start`.
    DATA_DIR: '.data/demo',
    DEMO_SEED: 'true',
    // Request logs would drown the simulator's progress lines.
    LOG_LEVEL: 'warn',
    // Seven sign-ins (the simulator's admin and agents) plus a person's come from one address
    // within a minute; the default limit of 10 a minute would soon refuse the person.
    RATE_LIMIT_AUTH_PER_MINUTE: '60',
    // The consoles' sockets are refused from an origin not in CLIENT_URL (default: port 3000).
    CLIENT_URL: `http://localhost:${port},http://127.0.0.1:${port}`,
    ...process.env,
    PORT: port,
  },
  // Its own process group: Ctrl-C reaches the simulator first, the API is stopped after it.
  detached: true,
  stdio: 'inherit',
});
const stopApi = () => {
  if (api.exitCode === null) api.kill('SIGTERM');
};
process.on('exit', stopApi);
api.on('exit', (code) => {
  if (!stopping) {
    console.error(`The API exited (code ${code}).`);
    simulator?.kill('SIGTERM');
    process.exit(1);
  }
});

process.on('SIGINT', () => {
  // The terminal sends SIGINT to the simulator too: it stops by itself; wait for it below.
  stopping = true;
  if (!simulator) {
    stopApi();
    process.exit(130);
  }
});

const deadline = Date.now() + 120_000;
for (;;) {
  try {
    if ((await fetch(`${apiUrl}/health/ready`)).ok) break;
  } catch {
    // not listening yet
  }
  if (Date.now() > deadline) {
    console.error(`The API did not become ready on ${apiUrl} within 120 s.`);
    process.exit(1);
  }
  await sleep(250);
}

console.log(
  [
    '',
    "  Live demo floor: calls arrive at every team; half of each team's agents are simulated.",
    '',
    `  Take calls yourself:  ${shownUrl}/agent/       as an agent the simulator leaves free (listed below)`,
    `  Watch the floor:      ${shownUrl}/supervisor/  as supervisor1@poscalls4u.test or admin@poscalls4u.test`,
    '  Password:             poscalls4u-demo',
    '',
    '  Ctrl-C stops the demo.',
    '',
  ].join('\n'),
);

simulator = spawn(
  process.execPath,
  [
    join(import.meta.dirname, 'simulate.mjs'),
    '--url',
    apiUrl,
    '--demo-teams',
    '--demo-skills',
    '--assists',
    '0.5',
    '--transfer-share',
    '0.12',
    '--consult-share',
    '0.08',
    '--conference-share',
    '0.3',
    '--rate',
    '2',
    '--team-share',
    '0.5',
    '--talk',
    '30',
    '--wrap',
    '8',
    '--patience',
    '90',
    '--patience-dist',
    'lognormal',
    '--duration',
    '0',
    '--progress',
    '10',
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: 'inherit' },
);
const code = await new Promise((done) => simulator.on('exit', (exitCode) => done(exitCode ?? 1)));
stopping = true;
stopApi();
await new Promise((done) => (api.exitCode !== null ? done() : api.once('exit', done)));
process.exit(code);
