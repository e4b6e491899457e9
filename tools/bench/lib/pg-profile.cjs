// Preloaded into the API by a benchmark (NODE_OPTIONS=--require) to see where database time goes
// without touching the API: counts and times every query of `pg` (what drizzle's node-postgres
// driver calls), grouped by SQL text, and writes the table to PG_PROFILE_OUT when the process
// exits. Time is from sending to the answer, so it includes waiting for a pooled connection's
// turn on the socket but not for a free connection.
const { writeFileSync } = require('node:fs');
const pg = require('pg');

const stats = new Map();
const original = pg.Client.prototype.query;

function record(text, started) {
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const entry = stats.get(text) ?? { count: 0, totalMs: 0 };
  entry.count += 1;
  entry.totalMs += ms;
  stats.set(text, entry);
}

pg.Client.prototype.query = function query(...args) {
  const config = args[0];
  const raw = typeof config === 'string' ? config : (config?.text ?? '');
  const text = raw.replace(/\s+/g, ' ').trim().slice(0, 220);
  const started = process.hrtime.bigint();
  const callback = typeof args[args.length - 1] === 'function' ? args.pop() : undefined;
  if (callback) {
    return original.call(this, ...args, (error, result) => {
      record(text, started);
      callback(error, result);
    });
  }
  const result = original.apply(this, args);
  if (result && typeof result.then === 'function') {
    result.then(
      () => record(text, started),
      () => record(text, started),
    );
  }
  return result;
};

function dump() {
  if (!process.env.PG_PROFILE_OUT) return;
  const rows = [...stats.entries()].map(([sql, entry]) => ({ sql, ...entry }));
  writeFileSync(process.env.PG_PROFILE_OUT, JSON.stringify(rows));
}
process.on('exit', dump);
// Snapshots for a benchmark to diff between its measures. (Not on a signal: Nest's shutdown
// hooks take SIGUSR2 and the others as a reason to stop.)
setInterval(dump, 250).unref();
