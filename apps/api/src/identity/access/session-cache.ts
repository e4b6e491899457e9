import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';

import { APP_CONFIG, AppConfig } from '@poscalls4u/server-config';
import { Database, InjectDatabase } from '@poscalls4u/server-database';

import { ActivePrincipals } from './active-principals';
import { AuthUser } from './auth-user';
import {
  Invalidation,
  InvalidationChannel,
  PostgresInvalidationChannel,
  RedisInvalidationChannel,
} from './invalidation-channels';

/** How long a checked session is trusted without asking the database again. */
const TTL_MS = 10_000;
const MAX_ENTRIES = 50_000;
/** A PostgreSQL channel name (an identifier): the same for every instance on the database. */
const POSTGRES_CHANNEL = 'poscalls4u_session_invalidations';
/** How often each instance asks the database whether any revocation committed. */
const CHECK_INTERVAL_MS = 500;
/** Without a successful check for this long, the cache is not trusted (the database is slow or down). */
const CHECK_STALE_MS = 2_000;

/**
 * A short-lived, per-instance cache of active sessions, so that an authenticated request does not
 * always cost a database round trip. Revocations evict at once here and, through an invalidation
 * channel, on every other instance: Redis pub/sub when Redis is configured, otherwise PostgreSQL
 * LISTEN/NOTIFY on the shared PostgreSQL server; on the embedded database there is one process and
 * nobody else to tell.
 *
 * It fails closed: while the channel is not live (Redis or the listening connection down or
 * reconnecting) nothing is served from the cache, and it starts over empty when the channel comes
 * back, so a missed revocation can never let a token through — every request goes to the database.
 * A message can also be lost while both ends stay up (a failed publish): so every 500 ms each
 * instance also asks the database for a fingerprint of the revoked sessions, and empties the cache
 * when it changed without a message for it. A revocation is therefore honoured everywhere within
 * half a second at worst, announced or not; and while that check fails the cache is not used.
 */
@Injectable()
export class SessionCache implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(SessionCache.name);
  private readonly entries = new Map<string, { principal: AuthUser; expiresAt: number }>();
  private readonly channel?: InvalidationChannel;
  private live: boolean;
  /** Counts invalidations, so that a principal read before one is not cached after it. */
  private generation = 0;
  private fingerprint?: string;
  private checkedAt = 0;
  private checkTimer?: NodeJS.Timeout;
  private checking = false;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @InjectDatabase() db: Database,
    private readonly principals: ActivePrincipals,
  ) {
    if (config.redis.url) {
      this.channel = new RedisInvalidationChannel(
        config.redis.url,
        `${config.redis.queuePrefix}:sessions:invalidate`,
      );
    } else if (config.database.url) {
      this.channel = new PostgresInvalidationChannel(config.database.url, db, POSTGRES_CHANNEL);
    }
    // No channel: the embedded database, a single process, always live.
    this.live = this.channel === undefined;
  }

  onModuleInit(): void {
    this.channel?.start(
      (invalidation) => this.apply(invalidation),
      (live) => {
        // Whatever happened while the channel was down is unknown: start over empty.
        this.entries.clear();
        this.generation++;
        this.live = live;
      },
    );
    if (this.channel) {
      this.checkTimer = setInterval(() => void this.checkRevocations(), CHECK_INTERVAL_MS);
      this.checkTimer.unref();
      void this.checkRevocations();
    }
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.checkTimer);
    await this.channel?.stop();
  }

  get(sessionId: string): AuthUser | undefined {
    if (!this.trusted()) return undefined;
    const entry = this.entries.get(sessionId);
    if (!entry) return undefined;
    if (entry.expiresAt < Date.now()) {
      this.entries.delete(sessionId);
      return undefined;
    }
    return entry.principal;
  }

  /** Where invalidations stand now: pass it to `set` with a principal read after this call. */
  currentGeneration(): number {
    return this.generation;
  }

  /**
   * Caches a principal read from the database, unless an invalidation arrived since `generation`
   * was taken: the read may have raced a revocation and be stale already.
   */
  set(principal: AuthUser, generation: number): void {
    if (!this.trusted() || generation !== this.generation) return;
    if (this.entries.size >= MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest) this.entries.delete(oldest);
    }
    this.entries.set(principal.sessionId, { principal, expiresAt: Date.now() + TTL_MS });
  }

  /** Evicts here and on every other instance. */
  async invalidate(invalidation: Invalidation): Promise<void> {
    this.apply(invalidation);
    try {
      await this.channel?.publish(invalidation);
    } catch (error) {
      // The revocation is stored: the other instances' checks of the revoked sessions see it
      // within CHECK_INTERVAL_MS.
      this.logger.warn(`Could not publish a session revocation: ${(error as Error).message}`);
    }
  }

  /** Live channel and, with several instances, a recent check of the revoked sessions. */
  private trusted(): boolean {
    if (!this.live) return false;
    return this.channel === undefined || Date.now() - this.checkedAt < CHECK_STALE_MS;
  }

  /**
   * Empties the cache when the revoked sessions changed since the last check. Messages make the
   * usual case immediate; this catches the ones that never arrived. Until the first check has
   * answered, nothing is cached (there is nothing to compare with yet).
   */
  private async checkRevocations(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      const fingerprint = await this.principals.revocationFingerprint();
      if (this.fingerprint !== undefined && fingerprint !== this.fingerprint) {
        this.entries.clear();
        this.generation++;
      }
      this.fingerprint = fingerprint;
      this.checkedAt = Date.now();
    } catch (error) {
      this.logger.warn(`Could not check for revoked sessions: ${(error as Error).message}`);
    } finally {
      this.checking = false;
    }
  }

  private apply({ sessionIds, userId }: Invalidation): void {
    this.generation++;
    for (const id of sessionIds ?? []) this.entries.delete(id);
    if (userId) {
      for (const [id, entry] of this.entries)
        if (entry.principal.id === userId) this.entries.delete(id);
    }
  }
}
