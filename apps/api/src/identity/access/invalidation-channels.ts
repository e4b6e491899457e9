import { Logger } from '@nestjs/common';
import { sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { Client } from 'pg';

import { Database } from '@poscalls4u/server-database';

/** What one instance tells the others: these sessions, or all sessions of this user, changed. */
export interface Invalidation {
  sessionIds?: string[];
  userId?: string;
}

/**
 * How the instances of the API tell each other about revoked sessions. `live` is true only while
 * this instance is sure to hear every message; whenever it turns false, messages may have been
 * missed.
 */
export interface InvalidationChannel {
  start(onMessage: (invalidation: Invalidation) => void, onLive: (live: boolean) => void): void;
  publish(invalidation: Invalidation): Promise<void>;
  stop(): Promise<void>;
}

/** Redis pub/sub, when Redis is configured. */
export class RedisInvalidationChannel implements InvalidationChannel {
  private readonly logger = new Logger('SessionCache');
  private publisher?: Redis;
  private subscriber?: Redis;

  constructor(
    private readonly url: string,
    private readonly channel: string,
  ) {}

  start(onMessage: (invalidation: Invalidation) => void, onLive: (live: boolean) => void): void {
    this.publisher = new Redis(this.url, {
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      lazyConnect: true,
    });
    this.subscriber = new Redis(this.url, { lazyConnect: true });
    this.publisher.on('error', () => undefined);
    this.subscriber.on('error', (error) =>
      this.logger.warn(`Session cache subscription: ${error.message}`),
    );
    this.subscriber.on('close', () => onLive(false));
    this.subscriber.on('ready', () => {
      this.subscriber
        ?.subscribe(this.channel)
        .then(() => onLive(true))
        .catch(() => onLive(false));
    });
    this.subscriber.on('message', (_channel: string, message: string) =>
      onMessage(JSON.parse(message) as Invalidation),
    );
    void Promise.allSettled([this.publisher.connect(), this.subscriber.connect()]);
  }

  async publish(invalidation: Invalidation): Promise<void> {
    await this.publisher?.publish(this.channel, JSON.stringify(invalidation));
  }

  async stop(): Promise<void> {
    this.publisher?.disconnect();
    this.subscriber?.disconnect();
  }
}

/** PostgreSQL's payload limit is 8,000 bytes: 100 session ids stay well under it. */
const SESSION_IDS_PER_NOTIFICATION = 100;
const RECONNECT_DELAY_MS = 1_000;

/**
 * PostgreSQL LISTEN/NOTIFY, when the instances share a PostgreSQL server but no Redis. One
 * dedicated connection listens (and is replaced when it drops); notifications go out through the
 * pool. NOTIFY reaches every connection listening on the same database, and only that database.
 */
export class PostgresInvalidationChannel implements InvalidationChannel {
  private readonly logger = new Logger('SessionCache');
  private listener?: Client;
  private stopped = false;
  private reconnectTimer?: NodeJS.Timeout;

  constructor(
    private readonly url: string,
    private readonly db: Database,
    private readonly channel: string,
  ) {}

  start(onMessage: (invalidation: Invalidation) => void, onLive: (live: boolean) => void): void {
    const listen = async (): Promise<void> => {
      const client = new Client({ connectionString: this.url });
      this.listener = client;
      let lost = false;
      const onLost = (reason: string) => {
        if (lost) return;
        lost = true;
        onLive(false);
        client.removeAllListeners('notification');
        void client.end().catch(() => undefined);
        if (this.stopped) return;
        this.logger.warn(`Session cache subscription: ${reason}`);
        this.reconnectTimer = setTimeout(() => void listen(), RECONNECT_DELAY_MS);
      };
      client.on('error', (error) => onLost(error.message));
      client.on('end', () => onLost('connection ended'));
      client.on('notification', ({ channel, payload }) => {
        if (channel === this.channel && payload) onMessage(JSON.parse(payload) as Invalidation);
      });
      try {
        await client.connect();
        await client.query(`LISTEN ${this.channel}`);
        if (!lost && !this.stopped) onLive(true);
      } catch (error) {
        onLost((error as Error).message);
      }
    };
    void listen();
  }

  async publish({ sessionIds, userId }: Invalidation): Promise<void> {
    const messages: Invalidation[] = [];
    if (userId) messages.push({ userId });
    for (let i = 0; i < (sessionIds ?? []).length; i += SESSION_IDS_PER_NOTIFICATION) {
      messages.push({ sessionIds: sessionIds?.slice(i, i + SESSION_IDS_PER_NOTIFICATION) });
    }
    for (const message of messages) {
      await this.db.execute(sql`select pg_notify(${this.channel}, ${JSON.stringify(message)})`);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    await this.listener?.end().catch(() => undefined);
  }
}
