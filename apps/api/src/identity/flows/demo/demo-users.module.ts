import { Module } from '@nestjs/common';

import { StoresModule } from '../../stores/stores.module';
import { DemoUsers } from './demo-users.service';

/** The demo data's way in (see `DemoUsers`); `app/demo` imports it through `identity/index.ts`. */
@Module({
  imports: [StoresModule],
  providers: [DemoUsers],
  exports: [DemoUsers],
})
export class DemoUsersModule {}
