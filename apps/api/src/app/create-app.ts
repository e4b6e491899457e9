import { RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import compression from 'compression';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import { Logger as PinoLogger } from 'nestjs-pino';

import { AppConfig } from '@poscalls4u/server-config';

import {
  answerUnknownRoutes,
  answerUnparsableRequests,
  assignRequestIds,
  useJsonBodies,
} from '../platform/http';
import { QuietStartupLogger } from '../platform/logging';
import { MetricsService, measureRequests, serveMetricsRoute } from '../platform/metrics';
import { RealtimeIoAdapter } from '../realtime';
import { AppModule } from './app.module';
import { serveConsoles, serveLandingPage } from './consoles/serve-consoles';
import { DemoSeedService } from './demo/demo-seed.service';
import { registerGauges } from './metrics-gauges';
import { buildOpenApiDocument, serveSwagger } from './openapi/swagger';

export interface CreateAppOptions {
  config: AppConfig;
  migrationsFolder: string;
  /** Pino's logger for the application logs (off in some tests to keep output short). */
  usePinoLogger?: boolean;
}

/**
 * Builds the whole API (HTTP, docs, consoles) without listening yet: `main.ts` listens,
 * tests call `listen(0)`, the OpenAPI script only reads the document.
 */
export async function createApp({
  config,
  migrationsFolder,
  usePinoLogger = true,
}: CreateAppOptions): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot({ config, migrationsFolder }),
    {
      bodyParser: false,
      abortOnError: false,
      bufferLogs: usePinoLogger,
      logger: usePinoLogger ? undefined : ['error', 'warn'],
    },
  );
  if (usePinoLogger) app.useLogger(new QuietStartupLogger(app.get(PinoLogger)));
  for (const warning of config.warnings) app.get(PinoLogger).warn(warning);

  app.disable('x-powered-by');
  // Client addresses (rate limits, audit, sessions) come from X-Forwarded-For only behind a trusted proxy.
  app.set('trust proxy', config.http.trustProxy);
  assignRequestIds(app);
  measureRequests(app, app.get(MetricsService));
  // Not in the OpenAPI document: an operator's endpoint, see docs/operations.md.
  serveMetricsRoute(app, app.get(MetricsService), config.metrics.token);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'", 'data:'],
          connectSrc: ["'self'", 'ws:', 'wss:'],
          upgradeInsecureRequests: config.isProduction ? [] : null,
        },
      },
      hsts: config.isProduction,
    }),
  );
  app.enableCors({ origin: config.clientUrls, credentials: true });
  app.use(cookieParser());
  // The figures (the dashboard's snapshot is about 60 KB of JSON for the demo centre) go out
  // compressed: they hold no secret, so compression reveals nothing (BREACH). JSON only: a CSV
  // export keeps streaming as it is.
  app.use(
    '/api/stats',
    compression({
      filter: (_request, response) => /json/.test(String(response.getHeader('Content-Type'))),
    }),
  );
  // A key backup holds every room key of a user (up to 2 MB, base64url), a mailbox post the
  // sealed keys for every device of a room: both above the general limit.
  useJsonBodies(app, config.http.bodyLimit, {
    '/api/chat/key-backup': '3mb',
    '/api/chat/key-mailbox': '3mb',
  });
  app.setGlobalPrefix('api', {
    exclude: [
      { path: 'health', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
    ],
  });
  serveSwagger(app, buildOpenApiDocument(app));
  if (config.consoles.serve) serveLandingPage(app, serveConsoles(app, config.consoles.dir));
  app.useWebSocketAdapter(new RealtimeIoAdapter(app, config));

  await app.init();
  registerGauges(app);
  answerUnknownRoutes(app);
  answerUnparsableRequests(app.getHttpServer());
  await app.get(DemoSeedService).seedIfEmpty();
  return app;
}
