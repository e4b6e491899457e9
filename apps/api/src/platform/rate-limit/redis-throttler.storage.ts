import { Logger } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { Redis } from 'ioredis';

import { AppException } from '../http';

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

/**
 * Rate-limit counters in Redis, shared by every API instance. When Redis cannot answer, the
 * request is refused with 503: losing Redis must never lift the limits.
 */
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger(RedisThrottlerStorage.name);

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
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
      this.logger.error({ err: error }, 'Rate-limit storage unavailable: refusing the request');
      throw AppException.serviceUnavailable(
        'The service is temporarily unavailable. Try again in a moment.',
      );
    }
    const [hits, windowMs, blocked, blockMs] = (reply as number[]).map(Number);
    return {
      totalHits: hits ?? 0,
      timeToExpire: Math.ceil((windowMs ?? 0) / 1000),
      isBlocked: blocked === 1,
      timeToBlockExpire: Math.ceil((blockMs ?? 0) / 1000),
    };
  }

  close(): void {
    this.redis.disconnect();
  }
}

/**
 * A client that fails fast instead of queueing commands while Redis is away. Start-up waits a
 * moment for the first connection so that the first requests are not refused for nothing.
 */
export async function createRateLimitRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 2000,
    connectTimeout: 2000,
  });
  // Errors surface per request as 503; the client keeps reconnecting in the background.
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
