import { Module } from '@nestjs/common';

import { StaffingController } from './staffing/staffing.controller';
import { StaffingService } from './staffing/staffing.service';

/** Workforce planning: the staffing calculator (Erlang C and A). */
@Module({
  controllers: [StaffingController],
  providers: [StaffingService],
})
export class WorkforceModule {}
