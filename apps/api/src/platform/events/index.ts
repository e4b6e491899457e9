export type { DomainEventMap } from './domain-events';
export { DomainEvents, OnDomainEvent } from './domain-events.service';
export { DomainEventsModule } from './domain-events.module';
