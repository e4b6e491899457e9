// tools/bench/auth: how much of the machine's bcrypt capacity sign-in delivers, and how close an
// authenticated request comes to an unauthenticated probe. Both ratios against a baseline
// measured in the same run. Targets (issue 3): sign-in >= 85 % of raw bcrypt.compare throughput;
// GET /api/auth/profile >= 60 % of GET /health.
//
//   npm run bench:auth                                  embedded PGlite, in-memory limits
//   npm run bench:auth -- --postgres [--redis]          a scratch database on the server of
//                                                       DATABASE_URL (and Redis at REDIS_URL)
//   options: --seconds 10 --connections 8
import autocannon from 'autocannon';
import bcrypt from 'bcrypt';
import { createHmac } from 'node:crypto';
import { parseArgs } from 'node:util';

import { BENCH_PASSWORD, startPlatform } from '../lib/platform.mjs';
import { scratchDatabase, scratchRedisPrefix } from '../lib/scratch.mjs';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '8' },
    postgres: { type: 'boolean', default: false },
    redis: { type: 'boolean', default: false },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const COST = 12;
const PASSWORD = BENCH_PASSWORD;

/** bcrypt.compare as the API runs it (pre-hashed input, same cost), at the same concurrency. */
async function rawBcryptPerSecond() {
  const prehashed = createHmac('sha256', 'poscalls4u/password/v1')
    .update(PASSWORD)
    .digest('base64');
  const hash = await bcrypt.hash(prehashed, COST);
  let done = 0;
  const until = Date.now() + seconds * 1000;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < until) {
        await bcrypt.compare(prehashed, hash);
        done += 1;
      }
    }),
  );
  return done / ((Date.now() - started) / 1000);
}

function load(options) {
  return new Promise((done, fail) => {
    autocannon({ connections, duration: seconds, ...options }, (error, result) =>
      error ? fail(error) : done(result),
    );
  });
}

function summary(result) {
  return {
    requestsPerSecond: Number(result.requests.average.toFixed(1)),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

const database = values.postgres ? await scratchDatabase(process.env.DATABASE_URL) : undefined;
const redis = values.redis ? scratchRedisPrefix(process.env.REDIS_URL) : undefined;
const platform = await startPlatform({
  ...(database ? { DATABASE_URL: database.url } : {}),
  ...(redis
    ? { REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', QUEUE_PREFIX: redis.prefix }
    : {}),
});
const setup = `${database ? 'PostgreSQL server' : 'PGlite'}${redis ? ' + Redis' : ''}`;
try {
  const login = await fetch(`${platform.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'agent1@poscalls4u.test', password: PASSWORD }),
  });
  if (!login.ok) throw new Error(`sign-in failed: ${login.status} ${await login.text()}`);
  const { token } = (await login.json()).data;

  console.log(
    `auth bench (${setup}): ${seconds} s per measure, ${connections} concurrent, bcrypt cost ${COST}`,
  );
  const raw = await rawBcryptPerSecond();
  const signIn = summary(
    await load({
      url: `${platform.baseUrl}/api/auth/login`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'agent1@poscalls4u.test', password: PASSWORD }),
    }),
  );
  const health = summary(await load({ url: `${platform.baseUrl}/health` }));
  const profile = summary(
    await load({
      url: `${platform.baseUrl}/api/auth/profile`,
      headers: { authorization: `Bearer ${token}` },
    }),
  );

  const signInRatio = signIn.requestsPerSecond / raw;
  const profileRatio = profile.requestsPerSecond / health.requestsPerSecond;
  console.log(`raw bcrypt.compare      ${raw.toFixed(1)} /s`);
  console.log(
    `POST /api/auth/login    ${signIn.requestsPerSecond} /s  p50 ${signIn.p50Ms} ms  p99 ${signIn.p99Ms} ms  errors ${signIn.errors}`,
  );
  console.log(
    `GET /health             ${health.requestsPerSecond} /s  p50 ${health.p50Ms} ms  p99 ${health.p99Ms} ms  errors ${health.errors}`,
  );
  console.log(
    `GET /api/auth/profile   ${profile.requestsPerSecond} /s  p50 ${profile.p50Ms} ms  p99 ${profile.p99Ms} ms  errors ${profile.errors}`,
  );
  console.log(
    `sign-in / raw bcrypt    ${(signInRatio * 100).toFixed(1)} %  (target >= 85 %) ${signInRatio >= 0.85 ? 'OK' : 'BELOW TARGET'}`,
  );
  console.log(
    `profile / health        ${(profileRatio * 100).toFixed(1)} %  (target >= 60 %) ${profileRatio >= 0.6 ? 'OK' : 'BELOW TARGET'}`,
  );
} finally {
  await platform.stop();
  await database?.drop();
  await redis?.clean();
}
