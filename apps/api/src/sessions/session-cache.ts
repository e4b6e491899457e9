import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Redis } from 'ioredis';

import { APP_CONFIG, AppConfig } from '@poscalls4u/server-config';

import { AuthUser } from '../auth/auth-user';

/** How long a checked session is trusted without asking the database again. */
const TTL_MS = 10_000;
const MAX_ENTRIES = 50_000;

interface Invalidation {
  sessionIds?: string[];
  userId?: string;
}

/**
 * A short-lived, per-instance cache of active sessions, so that an authenticated request does not
 * always cost a database round trip. It is used on the embedded database (one process) and with
 * Redis (several instances hear each other's revocations); PostgreSQL without Redis goes to the
 * database on every request. Revocations evict at once here and, through Redis pub/sub,
 * on every other instance. It fails closed: while the Redis subscription is not live (Redis down
 * or reconnecting) nothing is served from the cache, so a missed revocation can never let a token
 * through — every request then goes to the database.
 */
@Injectable()
export class SessionCache implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(SessionCache.name);
  private readonly entries = new Map<string, { principal: AuthUser; expiresAt: number }>();
  private readonly channel: string;
  private publisher?: Redis;
  private subscriber?: Redis;
  private subscribed = false;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.channel = `${config.redis.queuePrefix}:sessions:invalidate`;
  }

  async onModuleInit(): Promise<void> {
    const url = this.config.redis.url;
    if (!url) return;
    this.publisher = new Redis(url, {
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      lazyConnect: true,
    });
    this.subscriber = new Redis(url, { lazyConnect: true });
    this.publisher.on('error', () => undefined);
    this.subscriber.on('error', (error) =>
      this.logger.warn(`Session cache subscription: ${error.message}`),
    );
    // Whatever happened while the subscription was down is unknown: start over empty.
    this.subscriber.on('close', () => {
      this.subscribed = false;
      this.entries.clear();
    });
    this.subscriber.on('ready', () => {
      this.subscriber
        ?.subscribe(this.channel)
        .then(() => (this.subscribed = true))
        .catch(() => (this.subscribed = false));
    });
    this.subscriber.on('message', (_channel: string, message: string) =>
      this.apply(JSON.parse(message) as Invalidation),
    );
    await Promise.allSettled([this.publisher.connect(), this.subscriber.connect()]);
  }

  onModuleDestroy(): void {
    this.publisher?.disconnect();
    this.subscriber?.disconnect();
  }

  get(sessionId: string): AuthUser | undefined {
    if (!this.usable()) return undefined;
    const entry = this.entries.get(sessionId);
    if (!entry) return undefined;
    if (entry.expiresAt < Date.now()) {
      this.entries.delete(sessionId);
      return undefined;
    }
    return entry.principal;
  }

  set(principal: AuthUser): void {
    if (!this.usable()) return;
    if (this.entries.size >= MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest) this.entries.delete(oldest);
    }
    this.entries.set(principal.sessionId, { principal, expiresAt: Date.now() + TTL_MS });
  }

  /** Evicts here and on every other instance. */
  async invalidate(invalidation: Invalidation): Promise<void> {
    this.apply(invalidation);
    if (!this.publisher) return;
    try {
      await this.publisher.publish(this.channel, JSON.stringify(invalidation));
    } catch (error) {
      // The others cannot be told: their subscriptions are down too, so they bypass their caches.
      this.logger.warn(`Could not publish a session revocation: ${(error as Error).message}`);
    }
  }

  /**
   * With Redis: only while subscribed. Without Redis: only on the embedded database, which means a
   * single process; on a PostgreSQL server other instances may exist that could not tell us.
   */
  private usable(): boolean {
    return this.config.redis.url ? this.subscribed : !this.config.database.url;
  }

  private apply({ sessionIds, userId }: Invalidation): void {
    for (const id of sessionIds ?? []) this.entries.delete(id);
    if (userId) {
      for (const [id, entry] of this.entries)
        if (entry.principal.id === userId) this.entries.delete(id);
    }
  }
}
