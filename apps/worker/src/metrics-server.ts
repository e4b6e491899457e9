import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { collectDefaultMetrics } from 'prom-client';

import { APP_CONFIG, AppConfig } from '@poscalls4u/server-config';
import { JobMetrics } from '@poscalls4u/server-jobs';

/**
 * The worker's `/metrics` (Prometheus text format) on METRICS_PORT, when set: the jobs it ran
 * (counts, durations, failures by queue), every queue's depth, and the process (memory, CPU,
 * event-loop lag). With METRICS_TOKEN it asks for `Authorization: Bearer <token>`, as the API's
 * does. The worker has no other HTTP port.
 */
@Injectable()
export class WorkerMetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private server?: Server;

  constructor(
    private readonly metrics: JobMetrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const port = this.config.metrics.port;
    if (port === undefined) return;
    collectDefaultMetrics({ register: this.metrics.registry, prefix: 'poscalls_worker_' });
    const server = createServer((request, response) => void this.answer(request, response));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.config.http.host, () => resolve());
    });
    this.server = server;
    new Logger('Metrics').log(
      `Prometheus metrics on http://${this.config.http.host}:${String(port)}/metrics`,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }

  private async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n');
      return;
    }
    const token = this.config.metrics.token;
    if (token && !bearerMatches(request.headers.authorization, token)) {
      response
        .writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer' })
        .end('A valid bearer token (METRICS_TOKEN) is required\n');
      return;
    }
    const registry = this.metrics.registry;
    const body = await registry.metrics();
    response
      .writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' })
      .end(body);
  }
}

/** Compared in constant time, on digests so that the lengths do not leak either. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const presented = /^Bearer (.+)$/i.exec(header ?? '')?.[1] ?? '';
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(presented), digest(token));
}
