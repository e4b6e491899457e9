import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';

import type { MetricsService } from './metrics.service';

/**
 * Times every HTTP request into `poscalls_http_request_duration_seconds`, labelled with the route
 * pattern Express matched (`/api/teams/:id`), never the raw URL: `unmatched` for what no route
 * took (404s, static files, Socket.IO's own paths), so that scanners cannot grow the label set.
 */
export function measureRequests(app: NestExpressApplication, metrics: MetricsService): void {
  app.use((request: Request, response: Response, next: NextFunction) => {
    const stop = metrics.httpDuration.startTimer();
    response.once('finish', () => {
      const route = (request.route as { path?: unknown } | undefined)?.path;
      // Nest's catch-all for the API prefix (`/api*path`, its 404) counts as unmatched too.
      const matched = typeof route === 'string' && !route.includes('*');
      stop({
        method: request.method,
        route: matched ? `${request.baseUrl}${route}` : 'unmatched',
        status: String(response.statusCode),
      });
    });
    next();
  });
}

/**
 * `GET /metrics` in Prometheus' text format, never public: on the API's port only with
 * `Authorization: Bearer <METRICS_TOKEN>` (401 without it; 404, like any unknown route, when no
 * token is configured). Plain Express, outside the envelope and the OpenAPI document.
 */
export function serveMetricsRoute(
  app: NestExpressApplication,
  metrics: MetricsService,
  token: string | undefined,
): void {
  app.use('/metrics', (request: Request, response: Response, next: NextFunction) => {
    if (request.method !== 'GET' || request.path !== '/' || !token) {
      next();
      return;
    }
    void answer(request, response, metrics, token);
  });
}

/** A server of its own for `/metrics` (METRICS_PORT), for a Prometheus on the private network. */
export function createMetricsServer(metrics: MetricsService, token: string | undefined): Server {
  return createServer((request: IncomingMessage, response: ServerResponse) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n');
      return;
    }
    void answer(request, response, metrics, token);
  });
}

async function answer(
  request: IncomingMessage,
  response: ServerResponse,
  metrics: MetricsService,
  token: string | undefined,
): Promise<void> {
  if (token && !bearerMatches(request.headers.authorization, token)) {
    response
      .writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer' })
      .end('A valid bearer token (METRICS_TOKEN) is required\n');
    return;
  }
  const body = await metrics.registry.metrics();
  response
    .writeHead(200, { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' })
    .end(body);
}

/** Compared in constant time, on digests so that the lengths do not leak either. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const presented = /^Bearer (.+)$/i.exec(header ?? '')?.[1] ?? '';
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(presented), digest(token));
}
