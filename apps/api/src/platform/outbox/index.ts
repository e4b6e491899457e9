export { OutboxModule } from './outbox.module';
export { OutboxService } from './outbox.service';
