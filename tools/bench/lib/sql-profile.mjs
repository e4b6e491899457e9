// Seeing where a benchmark's database time goes: the API is started with pg-profile.cjs preloaded
// (it writes its per-statement counts to PG_PROFILE_OUT), and a measure diffs two snapshots.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The API's environment for profiling: `profileFile` preloads pg-profile.cjs, `cpuProfDir`
 * writes V8 CPU profiles there. Neither set: the API runs as it is.
 */
export function profilingEnv({ profileFile, cpuProfDir }) {
  return {
    NODE_OPTIONS: [
      process.env.NODE_OPTIONS ?? '',
      profileFile ? `--require ${join(import.meta.dirname, 'pg-profile.cjs')}` : '',
    ].join(' '),
    // Node 20 refuses --cpu-prof in NODE_OPTIONS: startPlatform passes these on the command line.
    ...(cpuProfDir ? { BENCH_NODE_ARGS: `--cpu-prof --cpu-prof-dir=${cpuProfDir}` } : {}),
    ...(profileFile ? { PG_PROFILE_OUT: profileFile } : {}),
  };
}

/** The API's SQL so far, by statement; `undefined` when not profiling. */
export async function sqlSnapshot(file) {
  if (!file) return undefined;
  await sleep(600); // the preload writes every 250 ms
  try {
    return new Map(JSON.parse(readFileSync(file, 'utf8')).map((row) => [row.sql, row]));
  } catch {
    return new Map();
  }
}

/** What the API sent to PostgreSQL between two snapshots, `{ sql, count, totalMs }`, costliest first. */
export function sqlBetween(before, after) {
  if (!after) return [];
  return [...after.values()]
    .map((row) => {
      const earlier = before?.get(row.sql) ?? { count: 0, totalMs: 0 };
      return {
        sql: row.sql,
        count: row.count - earlier.count,
        totalMs: row.totalMs - earlier.totalMs,
      };
    })
    .filter((row) => row.count > 0)
    .sort((a, b) => b.totalMs - a.totalMs);
}
