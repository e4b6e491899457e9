import { Module } from '@nestjs/common';

import { PermissionGrants } from '../identity/access';
import {
  MyPermissionsController,
  SecurityProfilesController,
} from './security-profiles/security-profiles.controller';
import { SecurityProfilesRepository } from './security-profiles/security-profiles.repository';
import { SecurityProfilesService } from './security-profiles/security-profiles.service';
import { TeamAccess } from './security-profiles/team-access.service';
import { TeamsController } from './teams.controller';
import { TeamsRepository } from './teams.repository';
import { TeamsService } from './teams.service';

@Module({
  controllers: [TeamsController, SecurityProfilesController, MyPermissionsController],
  providers: [
    TeamsRepository,
    TeamsService,
    SecurityProfilesRepository,
    SecurityProfilesService,
    TeamAccess,
    // The guard (identity/access) asks teams for the profiles' grants through this port.
    { provide: PermissionGrants, useExisting: TeamAccess },
  ],
  exports: [TeamsService, TeamAccess],
})
export class TeamsModule {}
