import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import type { Request } from 'express';

/** Where a request comes from, for sessions, audit and rate limits. */
export interface RequestContext {
  /** The client address: the socket's, or X-Forwarded-For's only behind a trusted proxy (TRUST_PROXY). */
  ip: string;
  userAgent: string;
  requestId?: string;
}

function requestContextOf(request: Request & { id?: string }): RequestContext {
  return {
    ip: request.ip ?? request.socket.remoteAddress ?? 'unknown',
    userAgent: (request.headers['user-agent'] ?? '').slice(0, 500),
    requestId: request.id,
  };
}

/** The caller's address, user agent and request id. */
export const ClientContext = createParamDecorator(
  (_data: unknown, context: ExecutionContext): RequestContext => {
    return requestContextOf(context.switchToHttp().getRequest<Request & { id?: string }>());
  },
);
