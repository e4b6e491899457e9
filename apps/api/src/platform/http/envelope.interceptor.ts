import {
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Observable, map } from 'rxjs';

import { SuccessEnvelope } from '@poscalls4u/contracts';

const RAW_RESPONSE = 'poscalls4u:raw-response';

/** Marks a route whose answer is not wrapped in the envelope (health probes keep terminus' shape). */
export const RawResponse = (): MethodDecorator & ClassDecorator => SetMetadata(RAW_RESPONSE, true);

/** Wraps what a controller returns in `{ "success": true, "data": ... }`. */
@Injectable()
export class EnvelopeInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const raw = this.reflector.getAllAndOverride<boolean>(RAW_RESPONSE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (raw || context.getType() !== 'http') return next.handle();
    return next
      .handle()
      .pipe(
        map((data: unknown): SuccessEnvelope<unknown> => ({ success: true, data: data ?? null })),
      );
  }
}
