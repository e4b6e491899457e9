import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { APP_CONFIG, AppConfig } from '@poscalls4u/server-config';
import { pinoOptions } from '@poscalls4u/server-logging';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Structured logs through pino: JSON in production (one object a line, for the log pipeline),
 * pretty in development. Every request gets an id — the caller's `X-Request-Id` when it looks
 * sane, a new UUID otherwise — echoed in the response header and in error envelopes.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          ...pinoOptions(config, 'api'),
          genReqId: (request: IncomingMessage, response: ServerResponse) => {
            const header = request.headers['x-request-id'];
            const id =
              typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
            response.setHeader('X-Request-Id', id);
            return id;
          },
          customLogLevel: (_request: IncomingMessage, response: ServerResponse, error?: Error) =>
            error || response.statusCode >= 500
              ? 'error'
              : response.statusCode >= 400
                ? 'warn'
                : 'info',
          // Probes every few seconds would drown the useful lines.
          autoLogging: {
            ignore: (request: IncomingMessage) => request.url?.startsWith('/health') ?? false,
          },
          serializers: {
            req: (request: { id: string; method: string; url: string }) => ({
              id: request.id,
              method: request.method,
              url: request.url,
            }),
          },
        },
      }),
    }),
  ],
})
export class LoggingModule {}
