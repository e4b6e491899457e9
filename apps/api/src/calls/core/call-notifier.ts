import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';

import { CallStatisticsEvent, CallView, ConsultTarget } from '@poscalls4u/contracts';
import { CallEventRow } from '@poscalls4u/server-database';

import { DomainEvents } from '../../platform/events';
import { OutboxService } from '../../platform/outbox';
import { OrganizationSettingsService } from '../../platform/settings';
import { PresenceService } from '../../presence';
import { RealtimeService } from '../../realtime';
import { CallReadModelRepository } from './call-read-model.repository';
import { CallEffects, CallTransitions } from './call-transitions';
import { toCallView, toEventView } from './call-views';
import { CallerHistoryReader } from './caller-history';

/** A busy queue changes many times a second; its figures go out at most this often. */
const STATISTICS_INTERVAL_MS = 250;

/** How long a team's name is reused for call pushes. */
const TEAM_NAME_TTL_MS = 5_000;

/**
 * Acts on what a committed call transaction caused: `call:updated` to the agent, the team and
 * the supervisors, `call:offered` to the agent a call rings at (with the caller's history),
 * `call:assist` / `call:supervisor` for supervisors' assists, presence pushes, coalesced
 * `call:statistics`, and the outbox dispatch of PBX webhooks.
 */
@Injectable()
export class CallNotifier implements OnModuleDestroy {
  private readonly logger = new Logger(CallNotifier.name);
  private readonly statisticsTimers = new Map<string, NodeJS.Timeout>();
  private readonly teamNameCache = new Map<string, { name: string; expiresAt: number }>();

  constructor(
    private readonly readModel: CallReadModelRepository,
    private readonly transitions: CallTransitions,
    private readonly realtime: RealtimeService,
    private readonly presence: PresenceService,
    private readonly outbox: OutboxService,
    private readonly events: DomainEvents,
    private readonly callerHistory: CallerHistoryReader,
    private readonly settings: OrganizationSettingsService,
  ) {}

  /** Never throws: the change is committed, a failed push must not turn it into an error. */
  async publish(effects: CallEffects): Promise<void> {
    try {
      if (effects.outbox) this.outbox.dispatchSoon();
      await this.pushCalls(effects);
      await this.pushAssists(effects);
      if (effects.agents.size > 0) await this.presence.announce([...effects.agents]);
      for (const teamId of effects.teams) this.statisticsSoon(teamId);
      const agentIds = new Set(effects.agents);
      for (const { event } of effects.events) if (event.agentId) agentIds.add(event.agentId);
      this.events.publish('call.changed', { teamIds: [...effects.teams], agentIds: [...agentIds] });
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
    const { views, names } = await this.viewsOf(effects.events);
    const latest = new Map<string, CallView>();
    effects.events.forEach(({ event }, index) => {
      const call = views[index] as CallView;
      latest.set(call.id, call);
      const agentName = event.agentId ? (names.get(event.agentId) ?? null) : null;
      const payload = { call, event: toEventView(event, agentName) };
      this.realtime.toAudiences(
        { users: agentsOf(call, event), teams: [call.teamId], admins: true },
        'call:updated',
        payload,
      );
    });
    for (const callId of effects.offered) {
      const call = latest.get(callId);
      if (call?.state !== 'offered' || !call.agent) continue;
      this.realtime.toUser(call.agent.id, 'call:offered', {
        call,
        timeoutSeconds: this.transitions.offerTimeoutSeconds,
        // Offers are of inbound calls (queued ones), which always have a history, maybe empty.
        callerHistory: (await this.callerHistory.of(call)) ?? { calls: [], total: 0, crmUrl: null },
      });
    }
  }

  /**
   * `call:assist` to the call's team (its `calls:monitor` holders) and the admins; and to the
   * agent on the call, only when the organisation tells agents, `call:supervisor` (the mode,
   * never who: the agent needs to know what the supervisor can hear and say).
   */
  private async pushAssists(effects: CallEffects): Promise<void> {
    if (effects.assists.length === 0) return;
    const tellAgents = (await this.settings.get()).showAssistToAgents;
    const at = new Date().toISOString();
    for (const { call, assist, reason } of effects.assists) {
      this.realtime.toAudiences({ teams: [call.teamId], admins: true }, 'call:assist', {
        callId: call.id,
        teamId: call.teamId,
        assist,
        ...(reason ? { reason } : {}),
        at,
      });
      if (tellAgents && call.agentId) {
        this.realtime.toUser(call.agentId, 'call:supervisor', {
          callId: call.id,
          mode: assist?.mode ?? null,
        });
      }
    }
  }

  /**
   * The view of the call each event left, built from the row the transaction wrote rather than
   * read back: team names from a short cache, agent names in one query when there are agents. A
   * call with a disposition is read back, for the disposition's label.
   */
  private async viewsOf(
    events: CallEffects['events'],
  ): Promise<{ views: CallView[]; names: Map<string, string> }> {
    const disposed = [
      ...new Set(events.filter(({ call }) => call.dispositionCode).map(({ callId }) => callId)),
    ];
    const records = new Map(
      (await this.readModel.records(disposed)).map((record) => [record.id, record]),
    );
    const teamNames = await this.teamNames(new Set(events.map(({ call }) => call.teamId)));
    const agentIds = new Set<string>();
    for (const { call, event } of events) {
      if (call.agentId) agentIds.add(call.agentId);
      if (event.agentId) agentIds.add(event.agentId);
    }
    const names = await this.readModel.names([...agentIds]);
    const views = events.map(({ call }) =>
      toCallView(
        records.get(call.id) ?? {
          ...call,
          teamName: teamNames.get(call.teamId) ?? '',
          agentName: call.agentId ? (names.get(call.agentId) ?? null) : null,
          agentEmail: null,
          disposition: null,
        },
      ),
    );
    return { views, names };
  }

  /**
   * Team names, cached for TEAM_NAME_TTL_MS: every call push names its team, and a renamed
   * team may show its old name in pushes for those few seconds.
   */
  private async teamNames(teamIds: Set<string>): Promise<Map<string, string>> {
    const now = Date.now();
    const missing = [...teamIds].filter(
      (id) => (this.teamNameCache.get(id)?.expiresAt ?? 0) <= now,
    );
    for (const [id, name] of await this.readModel.teamNames(missing)) {
      this.teamNameCache.set(id, { name, expiresAt: now + TEAM_NAME_TTL_MS });
    }
    return new Map([...teamIds].map((id) => [id, this.teamNameCache.get(id)?.name ?? ''] as const));
  }

  private async pushStatistics(teamId: string): Promise<void> {
    const figures = await this.readModel.queueStatistics(teamId);
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
    this.realtime.toAudiences({ teams: [teamId], admins: true }, 'call:statistics', payload);
  }
}

/** The call's agent and, when another, the agent the event concerns (e.g. who rejected it). */
function agentsOf(call: CallView, event: CallEventRow): string[] {
  const ids = new Set<string>();
  if (call.agent) ids.add(call.agent.id);
  if (event.agentId) ids.add(event.agentId);
  // A consulted agent hears of each step of the consult (started, cancelled), also its end.
  if (event.type === 'consult_started' || event.type === 'consult_cancelled') {
    const target = (event.details as { target?: ConsultTarget } | null)?.target;
    if (target?.type === 'agent') ids.add(target.agentId);
    if (target?.type === 'supervisor') ids.add(target.supervisorId);
  }
  // Everyone on a conference sees it change (and one who just left, its last change).
  for (const party of call.conference?.parties ?? []) {
    if (party.user && (party.state !== 'left' || party.leftAt === call.conference?.endedAt)) {
      ids.add(party.user.id);
    }
  }
  return [...ids];
}
