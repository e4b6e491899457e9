export { PresenceModule } from './presence.module';
export { PresenceService } from './presence.service';
