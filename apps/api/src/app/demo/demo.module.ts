import { Module } from '@nestjs/common';

import { AuthModule } from '../../identity/identity.module';
import { UsersModule } from '../../identity/stores/users/users.module';
import { DemoSeedService } from './demo-seed.service';

@Module({
  imports: [UsersModule, AuthModule],
  providers: [DemoSeedService],
  exports: [DemoSeedService],
})
export class DemoModule {}
