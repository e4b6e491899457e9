import { INestApplicationContext, Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';
import { Server, ServerOptions } from 'socket.io';

import { AppConfig } from '@poscalls4u/server-config';

import { keepSessionsCrashSafe } from './crash-safe-sessions';

/** How long a dropped connection can come back and receive what it missed. */
const RECOVERY_WINDOW_MS = 2 * 60 * 1000;

/**
 * The Socket.IO server of the API: CORS limited to CLIENT_URL, connection-state recovery, and —
 * when Redis is configured — the Redis Streams adapter, so that several API instances behind a
 * load balancer deliver each other's events (and recover sessions across instances, even those of
 * an instance that crashed: `keepSessionsCrashSafe`).
 */
export class RealtimeIoAdapter extends IoAdapter {
  private readonly realtimeLogger = new Logger('Realtime');
  private redis?: Redis;
  /** The clients the Streams adapter duplicates from `redis` (stream reader, subscriber). */
  private readonly duplicates: Redis[] = [];
  private stopKeepingSessions?: () => void;

  constructor(
    app: INestApplicationContext,
    private readonly config: AppConfig,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: Partial<ServerOptions>): Server {
    const server = super.createIOServer(port, {
      ...(options as ServerOptions),
      cors: { origin: this.config.clientUrls, credentials: true },
      connectionStateRecovery: {
        maxDisconnectionDuration: RECOVERY_WINDOW_MS,
        skipMiddlewares: false,
      },
      serveClient: false,
    }) as Server;
    if (this.config.redis.url) {
      this.redis = new Redis(this.config.redis.url, { maxRetriesPerRequest: null });
      this.redis.on('error', (error) =>
        this.realtimeLogger.error(`Redis (realtime): ${error.message}`),
      );
      // The adapter closes its stream reader only after the reader's pending XREAD returns, which
      // never happens while Redis is unreachable (commands wait for the connection): keep the
      // duplicates so that closing the server can disconnect them, and the process can exit.
      const duplicate = this.redis.duplicate.bind(this.redis);
      this.redis.duplicate = (override) => {
        const client = duplicate(override);
        this.duplicates.push(client);
        return client;
      };
      const prefix = this.config.redis.queuePrefix;
      const sessionKeyPrefix = `${prefix}:socket.io:session:`;
      const streamName = `${prefix}:socket.io`;
      server.adapter(
        createAdapter(this.redis, {
          streamName,
          channelPrefix: `${prefix}:socket.io`,
          sessionKeyPrefix,
          blockTimeInMs: 1_000,
        }),
      );
      // Sessions stored while connected, so that a crash of this instance loses none of them
      // (REALTIME_CRASH_SAFE_SESSIONS; off by default, see the README's Failover section).
      if (this.config.redis.crashSafeSessions)
        this.stopKeepingSessions = keepSessionsCrashSafe(server.of('/'), {
          sessionKeyPrefix,
          streamName,
          redis: this.redis,
          windowMs: RECOVERY_WINDOW_MS,
        });
    }
    return server;
  }

  override async close(server: Server): Promise<void> {
    this.stopKeepingSessions?.();
    await super.close(server);
    for (const client of this.duplicates.splice(0)) client.disconnect();
    this.redis?.disconnect();
  }
}
