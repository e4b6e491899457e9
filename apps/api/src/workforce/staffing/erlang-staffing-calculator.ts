import { Injectable } from '@nestjs/common';

import { StaffingCalculator, StaffingQuestion } from '../../stats';
import { requiredAgents } from './erlang';
import { MAX_AGENTS } from './staffing.service';

/**
 * The statistics' live staffing ("agents needed now") answered with the calculator's Erlang C
 * search: live figures cannot know the callers' patience, as a plan cannot.
 */
@Injectable()
export class ErlangStaffingCalculator extends StaffingCalculator {
  agentsNeeded(question: StaffingQuestion): number | null {
    if (question.trafficErlangs > MAX_AGENTS) return null;
    const answer = requiredAgents(
      {
        trafficErlangs: question.trafficErlangs,
        ahtSeconds: question.ahtSeconds,
        targetAnswerSeconds: question.targetAnswerSeconds,
      },
      { serviceLevelTarget: question.serviceLevelTarget, maxAgents: MAX_AGENTS },
    );
    return answer?.agents ?? null;
  }
}
