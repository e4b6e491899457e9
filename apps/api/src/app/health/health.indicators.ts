import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { Redis } from 'ioredis';

import { APP_CONFIG, AppConfig } from '@poscalls4u/server-config';
import { DATABASE_CONNECTION, DatabaseConnection } from '@poscalls4u/server-database';

import { DatabaseOutage } from '../../platform/health';

const CHECK_TIMEOUT_MS = 2_000;

function withTimeout<T>(promise: Promise<T>, label: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(
        () => reject(new Error(`${label} did not answer within ${CHECK_TIMEOUT_MS} ms`)),
        CHECK_TIMEOUT_MS,
      ).unref(),
    ),
  ]);
}

@Injectable()
export class DatabaseHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    @Inject(DATABASE_CONNECTION) private readonly connection: DatabaseConnection,
    private readonly outage: DatabaseOutage,
  ) {}

  async check(): Promise<HealthIndicatorResult> {
    const indicator = this.health.check('database');
    try {
      await withTimeout(this.connection.ping(), 'The database');
      return indicator.up({ engine: this.connection.kind });
    } catch (error) {
      // Probes notice an outage even when no request comes in.
      this.outage.report(error);
      return indicator.down({ engine: this.connection.kind, message: (error as Error).message });
    }
  }
}

/**
 * Pings Redis on a dedicated connection that gives up fast instead of queueing commands. An
 * unreachable Redis makes the instance degraded (readiness stays 200, `status: "degraded"`).
 */
@Injectable()
export class RedisHealthIndicator implements OnApplicationShutdown {
  private readonly client?: Redis;

  constructor(
    private readonly health: HealthIndicatorService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    if (config.redis.url) {
      this.client = new Redis(config.redis.url, {
        lazyConnect: true,
        maxRetriesPerRequest: 1,
        enableOfflineQueue: false,
      });
      this.client.on('error', () => undefined);
    }
  }

  get configured(): boolean {
    return this.client !== undefined;
  }

  async check(): Promise<HealthIndicatorResult> {
    const indicator = this.health.check('redis');
    try {
      if (!this.client) return indicator.up({ configured: false });
      if (this.client.status === 'wait') await this.client.connect();
      await withTimeout(this.client.ping(), 'Redis');
      return indicator.up();
    } catch (error) {
      // Degraded, not down: the instance keeps serving (rate limits counted in memory, sessions
      // checked in the database); jobs and cross-instance pushes wait for Redis to return.
      return indicator.degraded({ message: (error as Error).message });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.client?.disconnect();
  }
}
