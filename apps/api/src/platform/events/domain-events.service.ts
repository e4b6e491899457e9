import { Injectable } from '@nestjs/common';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';

import { DomainEventMap, DomainEventName } from './domain-events';

/** Publishes a domain event to this instance's subscribers (see DomainEventMap). */
@Injectable()
export class DomainEvents {
  constructor(private readonly emitter: EventEmitter2) {}

  publish<K extends DomainEventName>(name: K, payload: DomainEventMap[K]): void {
    this.emitter.emit(name, payload);
  }
}

/**
 * Subscribes a provider's method to a domain event; the method's parameter must be the event's
 * payload. Errors are logged by Nest and not passed back to the publisher.
 */
export function OnDomainEvent<K extends DomainEventName>(name: K) {
  return <T extends (payload: DomainEventMap[K]) => unknown>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<T>,
  ): void => {
    OnEvent(name, { suppressErrors: true })(target, key, descriptor);
  };
}
