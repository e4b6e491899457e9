import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';

import { APP_CONFIG, AppConfig } from '@poscalls4u/server-config';
import { Database, InjectDatabase } from '@poscalls4u/server-database';

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
 */
@Injectable()
export class SessionCache implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(SessionCache.name);
  private readonly entries = new Map<string, { principal: AuthUser; expiresAt: number }>();
  private readonly channel?: InvalidationChannel;
  private live: boolean;
  /** Counts invalidations, so that a principal read before one is not cached after it. */
  private generation = 0;

  constructor(@Inject(APP_CONFIG) config: AppConfig, @InjectDatabase() db: Database) {
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
  }

  async onModuleDestroy(): Promise<void> {
    await this.channel?.stop();
  }

  get(sessionId: string): AuthUser | undefined {
    if (!this.live) return undefined;
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
    if (!this.live || generation !== this.generation) return;
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
      // The revocation is stored; an instance that served this session in the last TTL_MS and
      // did not hear of it trusts it until its entry expires.
      this.logger.warn(`Could not publish a session revocation: ${(error as Error).message}`);
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
