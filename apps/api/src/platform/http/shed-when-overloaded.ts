import { CanActivate, Injectable, UseGuards } from '@nestjs/common';

import { EventLoopLoad } from '../health';
import { AppException } from './app.exception';

/** Seconds a shed client is told to wait: the load is judged every half second. */
const SHED_RETRY_AFTER_SECONDS = 1;

/**
 * Refuses the request with 503 and `Retry-After` while this instance's event loop is overloaded
 * (`EventLoopLoad`), before the handler does any work. For callers that retry on their own (a
 * PBX posting call events): they are told to come back rather than left waiting for CPU.
 */
@Injectable()
class ShedWhenOverloadedGuard implements CanActivate {
  constructor(private readonly load: EventLoopLoad) {}

  canActivate(): boolean {
    if (!this.load.overloaded) return true;
    this.load.countShed();
    throw AppException.overloaded(
      'This instance is too busy to take this request now; send it again shortly.',
      SHED_RETRY_AFTER_SECONDS,
    );
  }
}

/** Sheds the route's requests while the instance is overloaded (see `ShedWhenOverloadedGuard`). */
export const ShedWhenOverloaded = () => UseGuards(ShedWhenOverloadedGuard);
