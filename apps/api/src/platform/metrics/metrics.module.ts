import {
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import type { Server } from 'node:http';

import { APP_CONFIG, AppConfig } from '@poscalls4u/server-config';

import { createMetricsServer } from './metrics-http';
import { MetricsService } from './metrics.service';

/** Listens on METRICS_PORT (when set) for as long as the application runs. */
@Injectable()
class MetricsPort implements OnApplicationBootstrap, OnApplicationShutdown {
  private server?: Server;

  constructor(
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const port = this.config.metrics.port;
    if (port === undefined) return;
    const server = createMetricsServer(this.metrics, this.config.metrics.token);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.config.http.host, () => resolve());
    });
    this.server = server;
    new Logger('Metrics').log(
      `Prometheus metrics on http://${this.config.http.host}:${port}/metrics`,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

/** The process's metrics registry (`MetricsService`), for every area to count into. */
@Global()
@Module({ providers: [MetricsService, MetricsPort], exports: [MetricsService] })
export class MetricsModule {}
