import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import { DrizzleQueryError } from 'drizzle-orm';
import type { Request, Response } from 'express';

import { ErrorCode, ErrorEnvelope } from '@poscalls4u/contracts';

import { DATABASE_RETRY_AFTER_SECONDS, DatabaseOutage, isDatabaseUnavailable } from '../health';
import { AppException } from './app.exception';

/** The code a plain HttpException of each status maps to. */
const CODE_BY_STATUS: Partial<Record<number, ErrorCode>> = {
  [HttpStatus.BAD_REQUEST]: ErrorCode.ValidationError,
  [HttpStatus.UNAUTHORIZED]: ErrorCode.Unauthorized,
  [HttpStatus.FORBIDDEN]: ErrorCode.Forbidden,
  [HttpStatus.NOT_FOUND]: ErrorCode.NotFound,
  [HttpStatus.METHOD_NOT_ALLOWED]: ErrorCode.MethodNotAllowed,
  [HttpStatus.CONFLICT]: ErrorCode.Conflict,
  [HttpStatus.PAYLOAD_TOO_LARGE]: ErrorCode.PayloadTooLarge,
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: ErrorCode.UnsupportedMediaType,
  [HttpStatus.TOO_MANY_REQUESTS]: ErrorCode.RateLimited,
  [HttpStatus.SERVICE_UNAVAILABLE]: ErrorCode.ServiceUnavailable,
};

/**
 * The one place errors become responses: every failure leaves the API in the error envelope
 * with a stable code. A database that cannot answer (down, frozen, every connection busy past
 * `DATABASE_CONNECT_TIMEOUT`) is 503 `SERVICE_UNAVAILABLE` with `Retry-After`. Unexpected errors
 * are logged with their stack and answered with a generic 500 that reveals nothing of the internals.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Exceptions');

  constructor(private readonly databaseOutage: DatabaseOutage) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const response = context.getResponse<Response>();
    const request = context.getRequest<Request & { id?: string }>();
    if (response.headersSent) return;
    // Health probes answer in terminus' shape even when down, so monitors see which check failed.
    if (exception instanceof HttpException && isHealthReport(exception.getResponse())) {
      response.status(exception.getStatus()).json(exception.getResponse());
      return;
    }
    if (isDatabaseUnavailable(exception)) {
      // An outage, not a bug: logged once for the whole outage, and the client told when to retry.
      this.databaseOutage.report(exception);
      response.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
      const unavailable = AppException.serviceUnavailable(
        'The database is unavailable. Try again in a moment.',
      );
      const { status, body } = toEnvelope(unavailable, request);
      response.status(status).json(body);
      return;
    }
    if (exception instanceof AppException && exception.retryAfterSeconds !== undefined) {
      response.setHeader('Retry-After', String(exception.retryAfterSeconds));
    }
    const { status, body } = toEnvelope(exception, request);
    if (!(exception instanceof HttpException) || status === HttpStatus.INTERNAL_SERVER_ERROR) {
      this.logger.error(
        {
          err: withoutQueryParameters(exception),
          requestId: request.id,
          method: request.method,
          url: request.originalUrl,
        },
        'Unhandled error',
      );
    }
    response.status(status).json(body);
  }
}

/**
 * A failed query's error carries its parameters in its message (drizzle's DrizzleQueryError):
 * password hashes, chat ciphertext, keys. The log gets the statement and the database's own
 * error, never the values.
 */
function withoutQueryParameters(exception: unknown): unknown {
  if (!(exception instanceof DrizzleQueryError)) return exception;
  const safe = new Error(`Failed query: ${exception.query}`, { cause: exception.cause });
  safe.name = 'DrizzleQueryError';
  // The frames of the original stack, under the message without the values.
  const frames = (exception.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  safe.stack = [`${safe.name}: ${safe.message}`, ...frames].join('\n');
  return safe;
}

function toEnvelope(
  exception: unknown,
  request: { id?: string | number | object },
): { status: number; body: ErrorEnvelope } {
  const requestId = typeof request.id === 'string' ? request.id : undefined;
  if (exception instanceof AppException) {
    const status = exception.getStatus();
    return {
      status,
      body: {
        success: false,
        error: {
          code: exception.code,
          message: exception.message,
          ...(exception.details ? { details: exception.details } : {}),
          ...(exception.mfa ? { mfa: exception.mfa } : {}),
          requestId,
        },
      },
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const code =
      CODE_BY_STATUS[status] ??
      (status >= 500 ? ErrorCode.InternalError : ErrorCode.ValidationError);
    return {
      status,
      body: { success: false, error: { code, message: messageOf(exception, status), requestId } },
    };
  }
  return {
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    body: {
      success: false,
      error: {
        code: ErrorCode.InternalError,
        message: 'Something went wrong on our side.',
        requestId,
      },
    },
  };
}

function isHealthReport(body: unknown): boolean {
  return typeof body === 'object' && body !== null && 'status' in body && 'details' in body;
}

function messageOf(exception: HttpException, status: number): string {
  if (status === HttpStatus.NOT_FOUND) return 'No such route or resource.';
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.join('; ');
  return exception.message;
}
