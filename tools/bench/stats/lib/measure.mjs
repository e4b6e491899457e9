// Timing loops for the stats bench: sequential requests (or queries) after a warm-up, bounded in
// count and time, and a streamed CSV download with its throughput and the memory of both ends.
import { readFileSync, readdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { to as copyTo } from 'pg-copy-streams';

import { sqlBetween } from '../../lib/sql-profile.mjs';
import { percentile } from '../../lib/stats.mjs';

/**
 * Runs `once()` `warmup` times untimed, then up to `samples` times (or until `maxSeconds` have
 * passed) one after the other; answers the latencies' p50/p95 in ms and the count.
 */
export async function sequential(once, { warmup, samples, maxSeconds }) {
  for (let n = 0; n < warmup; n += 1) await once();
  const latencies = [];
  const until = performance.now() + maxSeconds * 1000;
  while (latencies.length < samples && (latencies.length < 5 || performance.now() < until)) {
    const started = performance.now();
    await once();
    latencies.push(performance.now() - started);
  }
  return {
    count: latencies.length,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
  };
}

/** A GET with a bearer token that must answer 200; the body is read to the end. */
export function getter(baseUrl, token) {
  return async (path) => {
    const response = await fetch(`${baseUrl}${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = await response.text();
    if (response.status !== 200)
      throw new Error(`GET ${path}: ${response.status} ${body.slice(0, 300)}`);
    return body;
  };
}

/** Queries run one after the other on one connection: one measure of a baseline. */
export function queryRunner(client, queries) {
  return async () => {
    for (const query of queries) await client.query(query);
  };
}

/** Resident memory of a process in bytes (Linux), or null. */
function rssOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmRSS:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** The pid of this process's child running the built API (started by platform.mjs), or null. */
export function apiPid() {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent !== process.pid) continue;
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (command.includes('dist/apps/api/main.js')) return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  return null;
}

/** Counts the lines of a byte stream (CSV rows end with \n; fields never hold one here). */
function newlines(chunk) {
  let count = 0;
  let at = chunk.indexOf(10);
  while (at !== -1) {
    count += 1;
    at = chunk.indexOf(10, at + 1);
  }
  return count;
}

/**
 * Streams one body to the end, counting rows (lines minus the header) and bytes; samples the RSS
 * of this process and of `serverPid` every 100 ms. Times run from `started` (the request).
 */
async function streamFigures(chunks, serverPid, started = performance.now()) {
  const memory = { client: [], server: [] };
  const sample = () => {
    memory.client.push(process.memoryUsage.rss());
    const server = serverPid ? rssOf(serverPid) : null;
    if (server !== null) memory.server.push(server);
  };
  sample();
  const timer = setInterval(sample, 100);
  let firstByteMs = null;
  let bytes = 0;
  let lines = 0;
  try {
    for await (const chunk of chunks) {
      if (firstByteMs === null) firstByteMs = performance.now() - started;
      bytes += chunk.length;
      lines += newlines(chunk);
    }
  } finally {
    clearInterval(timer);
  }
  sample();
  const ms = performance.now() - started;
  const rows = Math.max(0, lines - 1);
  const mb = (values) => (values.length ? Math.max(...values) / 2 ** 20 : null);
  return {
    ms,
    firstByteMs,
    rows,
    bytes,
    rowsPerSecond: rows / (ms / 1000),
    mbPerSecond: bytes / 2 ** 20 / (ms / 1000),
    clientRssStartMb: memory.client[0] / 2 ** 20,
    clientRssMaxMb: mb(memory.client),
    serverRssStartMb: memory.server.length ? memory.server[0] / 2 ** 20 : null,
    serverRssMaxMb: mb(memory.server),
  };
}

/** Downloads the CSV export once through the API. */
export async function downloadCsv(baseUrl, token, path, serverPid) {
  const started = performance.now();
  const response = await fetch(`${baseUrl}${path}`, {
    headers: { authorization: `Bearer ${token}`, accept: 'text/csv' },
  });
  if (response.status !== 200)
    throw new Error(`GET ${path}: ${response.status} ${(await response.text()).slice(0, 300)}`);
  const figures = await streamFigures(response.body, serverPid, started);
  return { ...figures, contentType: response.headers.get('content-type') };
}

/** The same rows straight from PostgreSQL: COPY (SELECT ...) TO STDOUT as CSV. */
export async function copyCsv(client, sql) {
  return streamFigures(client.query(copyTo(sql)), null);
}

/** What the API sent to PostgreSQL between two snapshots, per request, the costliest first. */
export function sqlPerRequest(before, after, requests) {
  return sqlBetween(before, after).map((row) => ({
    perRequest: row.count / requests,
    avgMs: row.totalMs / row.count,
    msPerRequest: row.totalMs / requests,
    sql: row.sql,
  }));
}
