import { Module } from '@nestjs/common';

import { AuthModule } from '../../identity';
import { StoresModule } from '../../identity';
import { DemoSeedService } from './demo-seed.service';

@Module({
  imports: [StoresModule, AuthModule],
  providers: [DemoSeedService],
  exports: [DemoSeedService],
})
export class DemoModule {}
