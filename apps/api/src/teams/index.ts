export { TeamAccess } from './security-profiles/team-access.service';
export { TeamsModule } from './teams.module';
export { TeamsService } from './teams.service';
