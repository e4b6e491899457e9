export { RealtimeIoAdapter } from './realtime-io.adapter';
export { RealtimeModule } from './realtime.module';
export { RealtimeService } from './realtime.service';
