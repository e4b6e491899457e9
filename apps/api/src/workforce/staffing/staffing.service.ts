import { Injectable } from '@nestjs/common';

import { StaffingFigures, StaffingRequest, StaffingView } from '@poscalls4u/contracts';

import { AppException } from '../../platform/http';
import { QueueFigures, QueueModel, StaffingGoal, queueFigures, requiredAgents } from './erlang';

/** The search stops here: far beyond the 2,000 agents the maths is tested for, still fast. */
export const MAX_AGENTS = 20_000;

/** Rows of the table around the answer: N − 2 .. N + 3. */
const TABLE_BELOW = 2;
const TABLE_ABOVE = 3;

const round = (value: number, digits: number) => {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
};

/** Agents to schedule so that `agents` are on the phones when `shrinkage` of the time is lost. */
export function afterShrinkage(agents: number, shrinkage: number): number {
  // A hair of slack so that 14 ÷ 0.7 (20.000000000000004 in floating point) stays 20.
  return Math.ceil(agents / (1 - shrinkage) - 1e-9);
}

/**
 * The staffing calculator: turns a request into the queue model, finds the smallest number of
 * agents that meets the target (Erlang C, or Erlang A when callers' patience is given), adds
 * shrinkage and the table around the answer. Stateless: no table, no other area.
 */
@Injectable()
export class StaffingService {
  calculate(request: StaffingRequest): StaffingView {
    const model: QueueModel = {
      trafficErlangs:
        (request.callsPerInterval * request.ahtSeconds) / (request.intervalMinutes * 60),
      ahtSeconds: request.ahtSeconds,
      targetAnswerSeconds: request.targetAnswerSeconds,
      averagePatienceSeconds: request.averagePatienceSeconds,
    };
    const goal: StaffingGoal = {
      serviceLevelTarget: request.serviceLevelTarget,
      maxOccupancy: request.maxOccupancy,
      maxAgents: MAX_AGENTS,
    };
    this.refuseImpossible(model, goal);
    const answer = this.search(model, goal);
    const shrinkage = request.shrinkage ?? 0;
    const table = [];
    const first = Math.max(model.trafficErlangs > 0 ? 1 : 0, answer.agents - TABLE_BELOW);
    for (let agents = first; agents <= answer.agents + TABLE_ABOVE; agents++) {
      table.push({
        ...this.view(queueFigures(model, agents)),
        meetsTarget: agents >= answer.agents,
      });
    }
    return {
      model: model.averagePatienceSeconds === undefined ? 'erlang-c' : 'erlang-a',
      trafficErlangs: round(model.trafficErlangs, 6),
      ...this.view(answer),
      scheduledAgents: afterShrinkage(answer.agents, shrinkage),
      table,
    };
  }

  private search(model: QueueModel, goal: StaffingGoal): QueueFigures {
    let answer: QueueFigures | null = null;
    try {
      if (model.trafficErlangs <= MAX_AGENTS) answer = requiredAgents(model, goal);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      // Erlang A's queue too long to sum: a patience thousands of times the handle time on
      // thousands of Erlangs, far outside any real center.
      throw AppException.validation('These inputs make a queue too long to model.', [
        {
          field: 'averagePatienceSeconds',
          messages: ['averagePatienceSeconds is too long for this handle time and traffic'],
        },
      ]);
    }
    if (answer) return answer;
    throw AppException.validation(
      `No staffing up to ${MAX_AGENTS.toLocaleString('en')} agents meets this target.`,
      [
        {
          field: 'callsPerInterval',
          messages: [`the traffic needs more than ${MAX_AGENTS} agents for this target`],
        },
      ],
    );
  }

  /** Inputs the DTO lets through one by one but that no number of agents can meet together. */
  private refuseImpossible(model: QueueModel, goal: StaffingGoal): void {
    if (model.trafficErlangs === 0) return;
    if (goal.serviceLevelTarget >= 1) {
      throw AppException.validation('A service level of 100 % needs infinitely many agents.', [
        { field: 'serviceLevelTarget', messages: ['serviceLevelTarget must be below 1'] },
      ]);
    }
    if (goal.maxOccupancy === 0) {
      throw AppException.validation('An occupancy cap of 0 leaves no time to take calls.', [
        { field: 'maxOccupancy', messages: ['maxOccupancy must be above 0'] },
      ]);
    }
  }

  private view(figures: QueueFigures): StaffingFigures {
    return {
      agents: figures.agents,
      serviceLevel: round(figures.serviceLevel, 6),
      asaSeconds: figures.asaSeconds === null ? null : round(figures.asaSeconds, 2),
      probabilityOfWaiting: round(figures.probabilityOfWaiting, 6),
      occupancy: round(figures.occupancy, 6),
      ...(figures.abandonRate === undefined ? {} : { abandonRate: round(figures.abandonRate, 6) }),
    };
  }
}
