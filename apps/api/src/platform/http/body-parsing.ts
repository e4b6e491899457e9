import type { INestApplication } from '@nestjs/common';
import express, { NextFunction, Request, Response } from 'express';
import { isUtf8 } from 'node:buffer';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { ErrorCode } from '@poscalls4u/contracts';

import { sendError } from './send-error';
import { refuseUnsafeText } from './text-hygiene';

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);
const INVALID_UTF8 = 'entity.encoding.invalid';

/**
 * JSON body parsing with a size limit, and clear envelopes for the ways a body can be bad.
 * Nest's own body parser is turned off (see create-app.ts) because its errors happen in
 * Express middleware, before Nest's exception filter could shape them.
 */
export function useJsonBodies(
  app: INestApplication,
  limit: string,
  routeLimits: Record<string, string> = {},
): void {
  app.use('/api', refuseNonJsonBodies);
  // The few routes that carry more than the general limit by design (chat's key backup) parse
  // first, with their own limit; the general parser then sees the body as already read.
  for (const [path, routeLimit] of Object.entries(routeLimits)) {
    app.use(path, express.json({ limit: routeLimit, strict: true, verify: keepUtf8RawBody }));
  }
  app.use(express.json({ limit, strict: true, verify: keepUtf8RawBody }));
  app.use(bodyErrors);
  app.use('/api', refuseUnsafeText);
}

/**
 * Keeps the bytes as received (`request.rawBody`, Nest's `RawBodyRequest`): a signed request
 * (telephony call events) is verified over them, since re-serialized JSON would not match.
 * It is the buffer the parser reads anyway, so this costs no copy. A UTF-8 body (the default)
 * must be valid UTF-8: the decoder would otherwise turn each bad byte into U+FFFD and store that.
 */
function keepUtf8RawBody(
  request: IncomingMessage,
  _response: ServerResponse,
  buffer: Buffer,
  charset: string,
): void {
  if (/^utf-?8$/i.test(charset) && !isUtf8(buffer)) {
    throw Object.assign(new Error('The request body is not valid UTF-8.'), {
      status: 400,
      type: INVALID_UTF8,
    });
  }
  (request as IncomingMessage & { rawBody?: Buffer }).rawBody = buffer;
}

/** An API body must be JSON: a form or text body is a client mistake, not an empty object. */
function refuseNonJsonBodies(request: Request, response: Response, next: NextFunction): void {
  const hasBody =
    Number(request.headers['content-length'] ?? 0) > 0 ||
    request.headers['transfer-encoding'] !== undefined;
  if (METHODS_WITH_BODY.has(request.method) && hasBody && !request.is('application/json')) {
    sendError(
      response,
      request,
      400,
      ErrorCode.ValidationError,
      'The request body must be JSON (Content-Type: application/json).',
    );
    return;
  }
  next();
}

function bodyErrors(
  error: unknown,
  request: Request,
  response: Response,
  next: NextFunction,
): void {
  const type = (error as { type?: string } | null)?.type;
  if (type === 'entity.parse.failed') {
    sendError(
      response,
      request,
      400,
      ErrorCode.ValidationError,
      'The request body is not valid JSON.',
    );
  } else if (type === INVALID_UTF8) {
    sendError(
      response,
      request,
      400,
      ErrorCode.ValidationError,
      'The request body is not valid UTF-8.',
    );
  } else if (type === 'entity.too.large') {
    sendError(response, request, 413, ErrorCode.PayloadTooLarge, 'The request body is too large.');
  } else if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    sendError(
      response,
      request,
      415,
      ErrorCode.UnsupportedMediaType,
      'The request body encoding is not supported.',
    );
  } else if (typeof (error as { status?: unknown } | null)?.status === 'number') {
    // Any other body-parser failure (aborted request, bad length) is the client's.
    sendError(
      response,
      request,
      400,
      ErrorCode.ValidationError,
      'The request body could not be read.',
    );
  } else {
    next(error);
  }
}

/**
 * The last handler: a path no route, console or document answered. Nest's own not-found handler
 * only covers the `/api` prefix.
 */
export function answerUnknownRoutes(app: INestApplication): void {
  app.use((request: Request, response: Response) => {
    sendError(response, request, 404, ErrorCode.NotFound, 'No such route or resource.');
  });
}
