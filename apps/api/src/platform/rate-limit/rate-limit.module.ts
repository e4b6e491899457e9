import { ExecutionContext, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_GUARD, Reflector } from '@nestjs/core';
import { InjectThrottlerStorage, ThrottlerModule, ThrottlerStorage } from '@nestjs/throttler';
import type { Request } from 'express';

import { APP_CONFIG, AppConfig } from '@poscalls4u/server-config';

import { MetricsService } from '../metrics';
import { MemoryThrottlerStorage } from './memory-throttler.storage';
import { RATE_LIMIT_METADATA, RateLimitName } from './rate-limit.decorator';
import { RateLimitGuard } from './rate-limit.guard';
import { RedisThrottlerStorage, createRateLimitRedis } from './redis-throttler.storage';

const MINUTE_MS = 60_000;
const reflector = new Reflector();

/**
 * Routes of other features that fall under a named limit by their path, so that they need no
 * decorator of this module: the MFA steps of sign-in and the refresh of a session.
 */
const LIMITED_PATHS: { name: RateLimitName; test: (path: string) => boolean }[] = [
  { name: 'auth', test: (path) => path.startsWith('/api/auth/mfa/') },
  { name: 'refresh', test: (path) => path === '/api/auth/refresh' },
];

function limitOf(context: ExecutionContext): RateLimitName | undefined {
  const named = reflector.getAllAndOverride<RateLimitName | undefined>(RATE_LIMIT_METADATA, [
    context.getHandler(),
    context.getClass(),
  ]);
  if (named) return named;
  const path = context.switchToHttp().getRequest<Request>().path;
  return LIMITED_PATHS.find((entry) => entry.test(path))?.name;
}

/**
 * Rate limits per client address: a global one on every route, and the stricter `auth`,
 * `refresh` and `chat-send` ones on the routes that carry them. With Redis configured the counters live there,
 * shared by every API instance (in memory on each instance while Redis is unreachable);
 * otherwise in memory. Both count in fixed one-minute windows.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig) => ({
        throttlers: [
          { name: 'global', ttl: MINUTE_MS, limit: config.rateLimits.globalPerMinute },
          {
            name: 'auth',
            ttl: MINUTE_MS,
            limit: config.rateLimits.authPerMinute,
            skipIf: (context: ExecutionContext) => limitOf(context) !== 'auth',
          },
          {
            name: 'refresh',
            ttl: MINUTE_MS,
            limit: config.rateLimits.refreshPerMinute,
            skipIf: (context: ExecutionContext) => limitOf(context) !== 'refresh',
          },
          {
            name: 'chat-send',
            ttl: MINUTE_MS,
            limit: config.rateLimits.chatSendPerMinute,
            skipIf: (context: ExecutionContext) => limitOf(context) !== 'chat-send',
          },
        ],
        storage: config.redis.url
          ? new RedisThrottlerStorage(
              await createRateLimitRedis(config.redis.url),
              `${config.redis.queuePrefix}:rate-limit`,
            )
          : new MemoryThrottlerStorage(),
      }),
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: RateLimitGuard }],
})
export class RateLimitModule implements OnApplicationShutdown {
  constructor(
    @InjectThrottlerStorage() private readonly storage: ThrottlerStorage,
    metrics: MetricsService,
  ) {
    metrics.addGauge(
      'poscalls_rate_limit_degraded',
      '1 while the rate limits are counted in memory because Redis is unreachable, else 0',
      [],
      () => [
        { labels: {}, value: storage instanceof RedisThrottlerStorage && storage.degraded ? 1 : 0 },
      ],
    );
  }

  /** The storage is built by the options factory, not by Nest, so it is closed here. */
  onApplicationShutdown(): void {
    if (this.storage instanceof RedisThrottlerStorage) this.storage.close();
    if (this.storage instanceof MemoryThrottlerStorage) this.storage.onApplicationShutdown();
  }
}
