import { Injectable } from '@nestjs/common';

import { AgentFigurePeriod, AgentFiguresView } from '@poscalls4u/contracts';

import { AuthUser } from '../../identity/access';
import { StatsService } from '../../stats';
import { comparedFigures } from './agent-figures';

/** An agent's own figures for a period beside their team's average per agent. */
@Injectable()
export class AgentFiguresService {
  constructor(private readonly stats: StatsService) {}

  async mine(caller: AuthUser, period: AgentFigurePeriod): Promise<AgentFiguresView> {
    const figures = await this.stats.agentBesideTeam(caller, period);
    return {
      period,
      timeZone: figures.timeZone,
      from: figures.from,
      to: figures.to,
      own: comparedFigures(figures.own),
      teamAverage: comparedFigures(figures.team, figures.teamAgents),
      teamAgents: figures.teamAgents,
    };
  }
}
