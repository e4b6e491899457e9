import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { AgentFiguresResult } from '@poscalls4u/contracts';

import { AuthUser, Authenticated, CurrentUser } from '../../identity/access';
import { ApiEnvelope, ApiErrors } from '../../platform/http';
import { AgentFiguresService } from './agent-figures.service';
import { AgentFiguresQueryDto, AgentFiguresViewDto } from './dto/agent-figures.dto';

@ApiTags('workforce')
@Controller('workforce/agents/me')
export class AgentFiguresController {
  constructor(private readonly figures: AgentFiguresService) {}

  @Get('figures')
  @Authenticated()
  @ApiOperation({
    summary: 'Your figures for a period beside your team average',
    description:
      "The signed-in user's own calls handled, AHT, hold, after-call work, occupancy, success rate and QA average for today, this week, the last 7 or 30 days (the organisation's zone, today so far included), beside the same figures for the agents of their teams: calls handled per agent, the others over all their calls and time. Only your own figures and the team's aggregate: no other agent is named.",
  })
  @ApiEnvelope(AgentFiguresViewDto, { key: 'figures', description: 'Yours and the team average' })
  @ApiErrors(400)
  async mine(
    @CurrentUser() user: AuthUser,
    @Query() query: AgentFiguresQueryDto,
  ): Promise<AgentFiguresResult> {
    return { figures: await this.figures.mine(user, query.period ?? 'today') };
  }
}
