import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';

import { runWithRequestId } from '@poscalls4u/server-logging';

const SANE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Gives every request an id before anything else runs — the caller's `X-Request-Id` when it
 * looks sane, a new UUID otherwise — and echoes it in the response header. The logger and the
 * error envelopes read it from `request.id`, so even a request refused by the body parser can
 * be traced. The rest of the request runs with it as the current request id, so the jobs it
 * causes carry it on (libs/server/logging, request-id-context).
 */
export function assignRequestIds(app: INestApplication): void {
  app.use((request: Request & { id?: string }, response: Response, next: NextFunction) => {
    const header = request.headers['x-request-id'];
    request.id = typeof header === 'string' && SANE_REQUEST_ID.test(header) ? header : randomUUID();
    response.setHeader('X-Request-Id', request.id);
    runWithRequestId(request.id, next);
  });
}
