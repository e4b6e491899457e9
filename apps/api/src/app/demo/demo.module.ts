import { Module } from '@nestjs/common';

import { AuthModule } from '../../identity';
import { UsersModule } from '../../identity';
import { DemoSeedService } from './demo-seed.service';

@Module({
  imports: [UsersModule, AuthModule],
  providers: [DemoSeedService],
  exports: [DemoSeedService],
})
export class DemoModule {}
