import { Module } from '@nestjs/common';

import { DemoUsersModule } from '../../identity';
import { DemoSeedService } from './demo-seed.service';

@Module({
  imports: [DemoUsersModule],
  providers: [DemoSeedService],
  exports: [DemoSeedService],
})
export class DemoModule {}
