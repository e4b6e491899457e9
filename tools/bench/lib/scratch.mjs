// Throw-away server resources for the benchmarks: a scratch PostgreSQL database (created from the
// server in DATABASE_URL, dropped afterwards) and a unique Redis key prefix (its keys deleted
// afterwards), so that a benchmark never touches anyone's data.
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** Answers `{ url, drop() }` for a fresh database named `<prefix>_<random>`. */
export async function scratchDatabase(serverUrl = DEFAULT_DATABASE_URL, prefix = 'bench') {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        // FORCE: the API's pool may still hold a connection for a moment after it exits.
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * Answers `{ url, created, drop() }` for the database `name` on the server, created when absent
 * (`created` says which): a cache that benchmarks re-use across runs and never drop themselves.
 */
export async function namedDatabase(serverUrl = DEFAULT_DATABASE_URL, name) {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`not a plain database name: ${name}`);
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  let created = false;
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 0) {
      await admin.query(`CREATE DATABASE "${name}"`);
      created = true;
    }
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    created,
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Answers `{ prefix, clean() }`: a key prefix nobody else uses, and the deletion of its keys. */
export function scratchRedisPrefix(redisUrl = DEFAULT_REDIS_URL, prefix = 'bench') {
  const unique = `${prefix}-${randomBytes(4).toString('hex')}`;
  return {
    prefix: unique,
    async clean() {
      const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
      await redis.connect();
      try {
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${unique}:*`, 'COUNT', 1000);
          cursor = next;
          if (keys.length > 0) await redis.unlink(...keys);
        } while (cursor !== '0');
      } finally {
        redis.disconnect();
      }
    },
  };
}
