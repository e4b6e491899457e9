import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';

import { APP_CONFIG, type AppConfig } from '@poscalls4u/server-config';
import { DATABASE_CONNECTION, DatabaseConnection } from '@poscalls4u/server-database';

/** Seconds a client is told to wait (`Retry-After`) when the database is unavailable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

const RECOVERY_PING_INTERVAL_MS = 1_000;

/**
 * Keeps track of a database outage, so that the log says it once when it starts and once when it
 * ends instead of a stack trace per request: the first request that fails opens the outage, a
 * ping every second closes it as soon as the database answers again.
 *
 * A request that began during an outage may fail only after the ping found the database back (it
 * waited out its connect or statement timeout). Such a late failure, within `lateFailureMs` of
 * the recovery, opens the outage without a word: it is announced only if a ping fails too, and
 * otherwise closes silently. (The fault suite's freeze case saw one instance log the outage twice.)
 */
@Injectable()
export class DatabaseOutage implements OnApplicationShutdown {
  private readonly logger = new Logger('Database');
  private since?: number;
  private refused = 0;
  private pinger?: NodeJS.Timeout;
  private pinging = false;
  /** Whether the open outage was logged (see the class comment). */
  private announced = false;
  private reason = '';
  private recoveredAt?: number;
  /** The longest a request can take to fail: its connect timeout, statement timeout and a second. */
  private readonly lateFailureMs: number;

  constructor(
    @Inject(DATABASE_CONNECTION) private readonly connection: DatabaseConnection,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.lateFailureMs =
      config.database.connectTimeoutMs + config.database.statementTimeoutMs + 1_000;
  }

  /** Whether an outage is open (the last known state; a request may find it over first). */
  get ongoing(): boolean {
    return this.since !== undefined;
  }

  /** Records a request refused because the database could not answer. */
  report(error: unknown): void {
    this.refused += 1;
    if (this.since !== undefined) return;
    this.since = Date.now();
    this.refused = 1;
    this.reason = reasonOf(error);
    this.announced = false;
    const late =
      this.recoveredAt !== undefined && this.since - this.recoveredAt <= this.lateFailureMs;
    if (!late) this.announce();
    this.pinger = setInterval(() => void this.ping(), RECOVERY_PING_INTERVAL_MS).unref();
  }

  private announce(): void {
    this.announced = true;
    this.logger.warn(
      `The database is unavailable (${this.reason}): requests are answered 503 SERVICE_UNAVAILABLE until it is back`,
    );
  }

  onApplicationShutdown(): void {
    clearInterval(this.pinger);
  }

  private async ping(): Promise<void> {
    if (this.pinging || this.since === undefined) return;
    this.pinging = true;
    try {
      await this.connection.ping();
      const seconds = ((Date.now() - this.since) / 1000).toFixed(1);
      if (this.announced)
        this.logger.log(
          `The database is available again after ${seconds} s (${this.refused} requests answered 503 meanwhile)`,
        );
      clearInterval(this.pinger);
      this.since = undefined;
      this.recoveredAt = Date.now();
    } catch {
      // Still down: logged when it began, or now if it began with a late failure.
      if (!this.announced) this.announce();
    } finally {
      this.pinging = false;
    }
  }
}

interface ErrorLike {
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
}

/** The innermost message: Drizzle's wrapper repeats the whole SQL, the driver says what failed. */
function reasonOf(error: unknown): string {
  let current = error as ErrorLike | undefined;
  while (current?.cause && typeof current.cause === 'object') current = current.cause as ErrorLike;
  if (Array.isArray(current?.errors) && current.errors[0]) current = current.errors[0] as ErrorLike;
  return typeof current?.message === 'string' ? current.message : 'no answer';
}
