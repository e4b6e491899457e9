import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Subject } from 'rxjs';

import { CallStatisticsEvent, CallView } from '@poscalls4u/contracts';

import { OutboxService } from '../outbox/outbox.service';
import { PresenceService } from '../presence/presence.service';
import { RealtimeService } from '../realtime/realtime.service';
import { CallEffects, CallTransitions } from './call-transitions';
import { toCallView, toEventView } from './call-views';
import { CallsRepository } from './calls.repository';

/** The teams and agents whose figures a committed call change moved (for the live statistics). */
export interface CallChange {
  teamIds: string[];
  agentIds: string[];
}

/** A busy queue changes many times a second; its figures go out at most this often. */
const STATISTICS_INTERVAL_MS = 250;

/**
 * Acts on what a committed call transaction caused: `call:updated` to the agent, the team and
 * the supervisors, `call:offered` to the agent a call rings at, presence pushes, coalesced
 * `call:statistics`, and the outbox dispatch of PBX webhooks.
 */
@Injectable()
export class CallNotifier implements OnModuleDestroy {
  private readonly logger = new Logger(CallNotifier.name);
  private readonly statisticsTimers = new Map<string, NodeJS.Timeout>();
  /** Emits after each committed call change; the live dashboards refresh from it. */
  readonly changed$ = new Subject<CallChange>();

  constructor(
    private readonly repository: CallsRepository,
    private readonly transitions: CallTransitions,
    private readonly realtime: RealtimeService,
    private readonly presence: PresenceService,
    private readonly outbox: OutboxService,
  ) {}

  /** Never throws: the change is committed, a failed push must not turn it into an error. */
  async publish(effects: CallEffects): Promise<void> {
    try {
      if (effects.outbox) this.outbox.dispatchSoon();
      await this.pushCalls(effects);
      if (effects.agents.size > 0) await this.presence.announce([...effects.agents]);
      for (const teamId of effects.teams) this.statisticsSoon(teamId);
      const agentIds = new Set(effects.agents);
      for (const { event } of effects.events) if (event.agentId) agentIds.add(event.agentId);
      this.changed$.next({ teamIds: [...effects.teams], agentIds: [...agentIds] });
    } catch (error) {
      this.logger.error({ err: error }, 'Could not announce a call change');
    }
  }

  /** Pushes a team's queue figures soon; changes in the meantime go out together. */
  statisticsSoon(teamId: string): void {
    if (this.statisticsTimers.has(teamId)) return;
    const timer = setTimeout(() => {
      this.statisticsTimers.delete(teamId);
      this.pushStatistics(teamId).catch((error: unknown) =>
        this.logger.error({ err: error, teamId }, 'Could not push queue statistics'),
      );
    }, STATISTICS_INTERVAL_MS);
    timer.unref();
    this.statisticsTimers.set(teamId, timer);
  }

  onModuleDestroy(): void {
    for (const timer of this.statisticsTimers.values()) clearTimeout(timer);
    this.statisticsTimers.clear();
  }

  private async pushCalls(effects: CallEffects): Promise<void> {
    if (effects.events.length === 0) return;
    const callIds = [...new Set(effects.events.map(({ callId }) => callId))];
    const views = new Map(
      (await this.repository.records(callIds)).map((record) => [record.id, toCallView(record)]),
    );
    const missingNames = effects.events
      .map(({ event, callId }) =>
        event.agentId && event.agentId !== views.get(callId)?.agent?.id ? event.agentId : undefined,
      )
      .filter((id): id is string => id !== undefined);
    const names = await this.repository.names([...new Set(missingNames)]);

    for (const { callId, event } of effects.events) {
      const call = views.get(callId);
      if (!call) continue;
      const agentName =
        event.agentId === call.agent?.id
          ? call.agent.name
          : (names.get(event.agentId ?? '') ?? null);
      const payload = { call, event: toEventView(event, agentName) };
      this.realtime.toAudiences(
        { users: agentsOf(call, event.agentId), teams: [call.teamId], supervisors: true },
        'call:updated',
        payload,
      );
    }
    for (const callId of effects.offered) {
      const call = views.get(callId);
      if (call?.state !== 'offered' || !call.agent) continue;
      this.realtime.toUser(call.agent.id, 'call:offered', {
        call,
        timeoutSeconds: this.transitions.offerTimeoutSeconds,
      });
    }
  }

  private async pushStatistics(teamId: string): Promise<void> {
    const figures = await this.repository.queueStatistics(teamId);
    const now = Date.now();
    const payload: CallStatisticsEvent = {
      teamId,
      callsWaiting: figures.waiting,
      longestWaitSeconds: figures.oldestQueuedAt
        ? Math.max(0, Math.round((now - figures.oldestQueuedAt.getTime()) / 1000))
        : 0,
      agents: {
        available: figures.agents['available'] ?? 0,
        onCall: figures.agents['on_call'] ?? 0,
        wrapUp: figures.agents['wrap_up'] ?? 0,
        break: figures.agents['break'] ?? 0,
        offline: figures.agents['offline'] ?? 0,
      },
      at: new Date(now).toISOString(),
    };
    this.realtime.toAudiences({ teams: [teamId], supervisors: true }, 'call:statistics', payload);
  }
}

/** The call's agent and, when another, the agent the event concerns (e.g. who rejected it). */
function agentsOf(call: CallView, eventAgentId: string | null): string[] {
  const ids = new Set<string>();
  if (call.agent) ids.add(call.agent.id);
  if (eventAgentId) ids.add(eventAgentId);
  return [...ids];
}
