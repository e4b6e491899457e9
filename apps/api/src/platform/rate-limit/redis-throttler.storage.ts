import { Logger } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { Redis } from 'ioredis';

import { MemoryThrottlerStorage } from './memory-throttler.storage';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * One fixed window per key: the first hit starts the window (INCR + PEXPIRE in one script, so no
 * key is ever left without an expiry); over the limit the key is blocked for `blockDuration`.
 * Returns [hits, window ms left, blocked 0/1, block ms left].
 */
const INCREMENT_SCRIPT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
local blocked = redis.call('PTTL', KEYS[2])
if blocked > 0 then return {hits, ttl, 1, blocked} end
if hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  return {hits, ttl, 1, tonumber(ARGV[3])}
end
return {hits, ttl, 0, 0}
`;

const PROBE_INTERVAL_MS = 1_000;

/**
 * Rate-limit counters in Redis, shared by every API instance. While Redis cannot answer, each
 * instance keeps counting the same limits in memory: the limits are never lifted, only no longer
 * shared (a client spread over N instances gets at most N times its allowance meanwhile). Back to
 * Redis as soon as it is ready again. The change is logged once each way.
 */
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger('RateLimit');
  private readonly local = new MemoryThrottlerStorage();
  private degradedSince?: number;
  private probedAt = 0;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    redis.on('ready', () => this.recovered());
  }

  /** Whether the limits are counted in memory right now because Redis is unreachable. */
  get degraded(): boolean {
    return this.degradedSince !== undefined;
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    if (this.redis.status !== 'ready') {
      this.degrade(`Redis connection ${this.redis.status}`);
      return this.local.increment(key, ttl, limit, blockDuration, throttlerName);
    }
    // A connection that looks ready may still not answer (a frozen server): while degraded, one
    // request a second tries Redis, the others count in memory without waiting for it.
    if (this.degradedSince !== undefined) {
      if (Date.now() - this.probedAt < PROBE_INTERVAL_MS)
        return this.local.increment(key, ttl, limit, blockDuration, throttlerName);
      this.probedAt = Date.now();
    }
    const base = `${this.prefix}:${throttlerName}:${key}`;
    let reply: unknown;
    try {
      reply = await this.redis.eval(
        INCREMENT_SCRIPT,
        2,
        `${base}:hits`,
        `${base}:blocked`,
        String(ttl),
        String(limit),
        String(blockDuration),
      );
    } catch (error) {
      this.degrade((error as Error).message);
      return this.local.increment(key, ttl, limit, blockDuration, throttlerName);
    }
    this.recovered();
    const [hits, windowMs, blocked, blockMs] = (reply as number[]).map(Number);
    return {
      totalHits: hits ?? 0,
      timeToExpire: Math.ceil((windowMs ?? 0) / 1000),
      isBlocked: blocked === 1,
      timeToBlockExpire: Math.ceil((blockMs ?? 0) / 1000),
    };
  }

  close(): void {
    this.local.onApplicationShutdown();
    this.redis.disconnect();
  }

  private degrade(reason: string): void {
    if (this.degradedSince !== undefined) return;
    this.degradedSince = Date.now();
    this.logger.warn(
      `Redis is unreachable (${reason}): rate limits are counted in memory on this instance until it is back`,
    );
  }

  private recovered(): void {
    if (this.degradedSince === undefined) return;
    const seconds = ((Date.now() - this.degradedSince) / 1000).toFixed(1);
    this.degradedSince = undefined;
    this.logger.log(`Redis is reachable again after ${seconds} s: rate limits are shared again`);
  }
}

/**
 * A client that fails fast instead of queueing commands while Redis is away. Start-up waits a
 * moment for the first connection so that the first requests are already counted in Redis.
 */
export async function createRateLimitRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 1000,
    connectTimeout: 2000,
  });
  // While it is away the limits are counted in memory; the client keeps reconnecting meanwhile.
  redis.on('error', () => undefined);
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 2000);
    redis.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  return redis;
}
