import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';

import { AppException } from '../http';

type ThrottlerLimitDetail = Parameters<ThrottlerGuard['throwThrottlingException']>[1];

/**
 * `@nestjs/throttler`'s guard, answering in the envelope: 429 `RATE_LIMITED` with a plain
 * `Retry-After` (seconds) whichever limit was hit. The client is `request.ip`, which Express takes
 * from X-Forwarded-For only behind a trusted proxy (`TRUST_PROXY`).
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const response = context.switchToHttp().getResponse<Response>();
    response.setHeader('Retry-After', String(Math.max(1, detail.timeToBlockExpire)));
    throw AppException.tooManyRequests('Too many requests. Try again later.');
  }

  /**
   * One counter per limit and client address, whatever the route: the 10 sign-in attempts a
   * minute are shared by every route under `auth`, and the global limit by every route. (The
   * library's default key adds the controller and handler, which gave each route its own
   * allowance.) Hashed, so the storage holds no client address.
   */
  protected override generateKey(
    _context: ExecutionContext,
    tracker: string,
    name: string,
  ): string {
    return createHash('sha256').update(`${name}:${tracker}`).digest('hex');
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request>();
    // Probes of load balancers and orchestrators are not clients.
    return request.path === '/health' || request.path.startsWith('/health/');
  }
}
