import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { Permission, StaffingResult } from '@poscalls4u/contracts';

import { Authenticated } from '../../identity/access';
import { ApiEnvelope, ApiErrors } from '../../platform/http';
import { StaffingRequestDto, StaffingViewDto } from './dto/staffing.dto';
import { StaffingService } from './staffing.service';

@ApiTags('workforce')
@Controller('workforce')
export class StaffingController {
  constructor(private readonly staffing: StaffingService) {}

  @Post('staffing')
  @HttpCode(HttpStatus.OK)
  // A planning tool of the supervisor console: whoever may open it (supervisors and admins).
  @Authenticated({ permission: Permission.DashboardView })
  @ApiOperation({
    summary: 'Staffing calculator (Erlang C, or Erlang A with patience)',
    description:
      'The smallest number of agents on the phones that answers `serviceLevelTarget` of the calls within `targetAnswerSeconds` (and keeps occupancy at or under `maxOccupancy` when given), then `scheduledAgents` after shrinkage, and the figures for N − 2 .. N + 3 agents. With `averagePatienceSeconds` callers abandon (Erlang A) and fewer agents are needed; the service level then counts abandoned calls as missed. Nothing is stored. 400 for input no number of agents can meet (a target of 1, an occupancy cap of 0, more than 20,000 agents).',
  })
  @ApiEnvelope(StaffingViewDto, { key: 'staffing', description: 'The staffing' })
  @ApiErrors(400)
  calculate(@Body() body: StaffingRequestDto): StaffingResult {
    return { staffing: this.staffing.calculate(body) };
  }
}
