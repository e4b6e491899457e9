import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { stdSerializers } from 'pino';

import { APP_CONFIG, AppConfig } from '@poscalls4u/server-config';
import { pinoOptions } from '@poscalls4u/server-logging';

import { isDatabaseUnavailable } from '../health';

/**
 * Errors in log lines. An unreachable database is logged without its stack: every background
 * sweep (routing, outbox, dashboards) fails once a second during an outage, and the outage
 * itself is reported once by its tracker; a stack per line would flood the log with copies of
 * the same driver trace.
 */
function serializeError(value: unknown): unknown {
  // pino-http hands over pino's own serialization of the error, whose `raw` is the error itself.
  const error = value instanceof Error ? value : (value as { raw?: unknown } | undefined)?.raw;
  if (!(error instanceof Error) || !isDatabaseUnavailable(error))
    return value instanceof Error ? stdSerializers.err(value) : value;
  const cause = (error as { cause?: unknown }).cause;
  return {
    type: error.constructor.name,
    // Drizzle's message holds the SQL and its parameters; the driver's reason is what matters.
    message: cause instanceof Error ? cause.message : error.message,
    databaseUnavailable: true,
  };
}

/**
 * pino-http makes up an Error, with a stack pointing into pino-http, for every 5xx answer that
 * carries none; the access line keeps its status, the made-up error is left out. (A real error's
 * stack is logged by the exception filter as `Unhandled error`.)
 */
function accessLineOfError(
  _request: IncomingMessage,
  response: ServerResponse,
  error: Error,
  value: Record<string, unknown>,
): Record<string, unknown> {
  if (error.message !== `failed with status code ${response.statusCode}`) return value;
  const { err: _madeUp, ...rest } = value;
  return rest;
}

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
          customErrorObject: accessLineOfError,
          serializers: {
            err: serializeError,
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
