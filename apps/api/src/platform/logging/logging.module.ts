import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { APP_CONFIG, AppConfig } from '@poscalls4u/server-config';
import { pinoOptions } from '@poscalls4u/server-logging';

/**
 * Structured logs through pino: JSON in production (one object a line, for the log pipeline),
 * pretty in development, each request line with the request's id.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          ...pinoOptions(config, 'api'),
          // The id is assigned first thing (common/request-id.ts); the logger only reads it.
          genReqId: (request: IncomingMessage & { id?: string }) => request.id ?? randomUUID(),
          // A 503 is an outage already logged once by its tracker, not an error per request.
          customLogLevel: (_request: IncomingMessage, response: ServerResponse, error?: Error) =>
            error || (response.statusCode >= 500 && response.statusCode !== 503)
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
