import type { INestApplication } from '@nestjs/common';

import { DATABASE_CONNECTION, DatabaseConnection } from '@poscalls4u/server-database';

import { DatabaseOutage } from '../platform/health';
import { MetricsService } from '../platform/metrics';
import { RealtimeService } from '../realtime';

/** The gauges read from other parts when Prometheus scrapes: sockets, pool use, outage. */
export function registerGauges(app: INestApplication): void {
  const metrics = app.get(MetricsService);
  const realtime = app.get(RealtimeService);
  const connection = app.get<DatabaseConnection>(DATABASE_CONNECTION);
  const outage = app.get(DatabaseOutage);

  metrics.addGauge(
    'poscalls_socketio_connections',
    'Socket.IO clients connected to this instance',
    [],
    () => [{ labels: {}, value: realtime.connectionCount() }],
  );
  metrics.addGauge(
    'poscalls_db_pool_connections',
    'PostgreSQL pool connections by state: total, idle, and requests waiting for one (absent on PGlite)',
    ['state'],
    () => {
      const stats = connection.poolStats();
      if (!stats) return [];
      return [
        { labels: { state: 'total' }, value: stats.total },
        { labels: { state: 'idle' }, value: stats.idle },
        { labels: { state: 'waiting' }, value: stats.waiting },
      ];
    },
  );
  metrics.addGauge(
    'poscalls_database_unavailable',
    '1 while this instance answers 503 because the database cannot answer, else 0',
    [],
    () => [{ labels: {}, value: outage.ongoing ? 1 : 0 }],
  );
}
