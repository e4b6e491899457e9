import { Logger } from '@nestjs/common';

import type { AppConfig } from '@poscalls4u/server-config';
import type { DatabaseConnection } from '@poscalls4u/server-database';

import { DatabaseOutage } from './database-outage';

/** A connection whose ping answers as `up` says; the outage only pings it. */
function connection(state: { up: boolean }): DatabaseConnection {
  return {
    ping: () => (state.up ? Promise.resolve() : Promise.reject(new Error('timeout'))),
  } as unknown as DatabaseConnection;
}

const config = {
  database: { connectTimeoutMs: 2_000, statementTimeoutMs: 5_000 },
} as unknown as AppConfig;
const refused = new Error('timeout exceeded when trying to connect');

describe('DatabaseOutage', () => {
  let warn: jest.SpyInstance;
  let log: jest.SpyInstance;
  let outage: DatabaseOutage;
  const database = { up: false };

  beforeEach(() => {
    jest.useFakeTimers();
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    database.up = false;
    outage = new DatabaseOutage(connection(database), config);
  });

  afterEach(() => {
    outage.onApplicationShutdown();
    jest.restoreAllMocks();
    jest.useRealTimers();
  });

  it('says an outage once when it starts and once when it ends', async () => {
    outage.report(refused);
    outage.report(refused);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toMatch(/database is unavailable \(timeout exceeded/);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(outage.ongoing).toBe(true);
    database.up = true;
    await jest.advanceTimersByTimeAsync(1_000);
    expect(outage.ongoing).toBe(false);
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0][0]).toMatch(/available again .*\(2 requests answered 503/);
  });

  it('keeps quiet about a request of the outage that fails after the recovery', async () => {
    outage.report(refused);
    database.up = true;
    await jest.advanceTimersByTimeAsync(1_000);
    // A request that waited for a connection during the outage fails just after it ended.
    outage.report(refused);
    expect(outage.ongoing).toBe(true);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(outage.ongoing).toBe(false);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(log).toHaveBeenCalledTimes(1);
  });

  it('announces an outage that begins right after a recovery once a ping fails too', async () => {
    outage.report(refused);
    database.up = true;
    await jest.advanceTimersByTimeAsync(1_000);
    database.up = false;
    outage.report(refused);
    expect(warn).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(warn).toHaveBeenCalledTimes(2);
    await jest.advanceTimersByTimeAsync(3_000);
    expect(warn).toHaveBeenCalledTimes(2);
  });

  it('announces at once an outage that begins long after the last one ended', async () => {
    outage.report(refused);
    database.up = true;
    await jest.advanceTimersByTimeAsync(1_000);
    await jest.advanceTimersByTimeAsync(10_000);
    database.up = false;
    outage.report(refused);
    expect(warn).toHaveBeenCalledTimes(2);
  });
});
