import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';

import { WebhookActionType } from '@poscalls4u/contracts';
import { Database, InjectDatabase } from '@poscalls4u/server-database';

import { DomainEventMap, OnDomainEvent } from '../../platform/events';
import { PresenceService } from '../../presence';
import { CallNotifier } from '../core/call-notifier';
import { CallEffects, CallTransitions } from '../core/call-transitions';
import { CallWritesRepository } from '../core/call-writes.repository';
import { RoutingRepository } from './routing.repository';

/** How often each instance expires unanswered offers and re-runs routing as a safety net. */
const SWEEP_INTERVAL_MS = 1_000;
const RELEASE_BATCH = 50;
/** Rounds in a row that find an agent but no call (another instance holds it) before giving up. */
const MAX_MISSES = 3;

/**
 * The ACD. Each match happens in one transaction that locks the longest-idle available agent and
 * then the best queued call of their teams, both with `FOR UPDATE SKIP LOCKED`: however many API
 * instances route at once, a call rings at one agent and an agent holds one call. Routing runs
 * when a call joins a queue, when an agent becomes free, and every second (which also expires
 * offers nobody answered). Within an instance, triggers that arrive during a run coalesce into
 * one more run — an economy, not a lock: correctness comes from the row locks.
 */
@Injectable()
export class RoutingService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RoutingService.name);
  private running?: Promise<void>;
  private next?: Promise<void>;
  private sweepTimer?: NodeJS.Timeout;
  private stopping = false;

  constructor(
    @InjectDatabase() private readonly db: Database,
    private readonly repository: RoutingRepository,
    private readonly calls: CallWritesRepository,
    private readonly transitions: CallTransitions,
    private readonly presence: PresenceService,
    private readonly notifier: CallNotifier,
  ) {}

  /** An agent who becomes available may take a call; one who leaves gives back a ringing one. */
  @OnDomainEvent('presence.changed')
  onPresenceChanged({ presence, teamIds }: DomainEventMap['presence.changed']): void {
    if (this.stopping) return;
    for (const teamId of teamIds) this.notifier.statisticsSoon(teamId);
    if (presence.status === 'available') {
      void this.kick();
    } else if (presence.status === 'offline' || presence.status === 'break') {
      void this.releaseOffersSoon();
    }
  }

  onApplicationBootstrap(): void {
    this.sweepTimer = setInterval(() => void this.sweep(), SWEEP_INTERVAL_MS);
    this.sweepTimer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    clearInterval(this.sweepTimer);
    while (this.running || this.next) await (this.next ?? this.running);
  }

  /**
   * Runs routing until no agent and call match. Resolves when a run that started after this
   * call has finished, so a caller that queued a call can read its offer afterwards.
   */
  kick(): Promise<void> {
    if (this.stopping) return Promise.resolve();
    if (!this.running) {
      this.running = this.routeUntilDone().finally(() => {
        this.running = undefined;
      });
      return this.running;
    }
    this.next ??= this.running.then(() => {
      this.next = undefined;
      return this.kick();
    });
    return this.next;
  }

  private async routeUntilDone(): Promise<void> {
    let misses = 0;
    try {
      // Calls arrive all the time on a floor where nobody is free: each would start a round.
      if (!(await this.repository.anyFreeAgent())) return;
      while (!this.stopping && misses < MAX_MISSES) {
        const outcome = await this.offerOne();
        if (outcome === 'none') return;
        misses = outcome === 'offered' ? 0 : misses + 1;
      }
    } catch (error) {
      this.logger.error({ err: error }, 'Routing failed; the next sweep retries');
    }
  }

  /** One match in one transaction: 'offered', 'none' (nobody to route), or 'missed' (locked elsewhere). */
  private async offerOne(): Promise<'offered' | 'none' | 'missed'> {
    const effects = new CallEffects();
    const rejectWindowMs = this.transitions.offerTimeoutSeconds * 1000;
    const outcome = await this.db.transaction(async (tx) => {
      const agentId = await this.repository.claimAgent(tx, rejectWindowMs);
      if (!agentId) return 'none' as const;
      const call = await this.repository.claimCall(tx, agentId, rejectWindowMs);
      if (!call) return 'missed' as const;
      const at = new Date();
      const offered = await this.transitions.apply(
        tx,
        call,
        'offered',
        { type: 'offered', at, source: 'system', assignAgentId: agentId },
        effects,
      );
      const current = await this.presence.lockForCall(tx, agentId);
      await this.presence.applyForCall(tx, agentId, current, { currentCallId: call.id });
      await this.transitions.notifyPbx(tx, offered, WebhookActionType.Offer, at, effects);
      return 'offered' as const;
    });
    if (outcome === 'offered') await this.notifier.publish(effects);
    return outcome;
  }

  /** Expires unanswered offers, gives back offers of agents who left, then routes. */
  private async sweep(): Promise<void> {
    if (this.stopping) return;
    try {
      await this.releaseOffers();
    } catch (error) {
      this.logger.error({ err: error }, 'Could not release offers; the next sweep retries');
    }
    await this.kick();
  }

  private async releaseOffersSoon(): Promise<void> {
    try {
      await this.releaseOffers();
    } catch (error) {
      this.logger.error({ err: error }, 'Could not release offers; the next sweep retries');
    }
    await this.kick();
  }

  private async releaseOffers(): Promise<void> {
    const ids = await this.repository.offersToRelease(new Date(), RELEASE_BATCH);
    for (const id of ids) await this.releaseOffer(id);
  }

  /**
   * Puts a ringing call back in its queue, under its lock and only if it still needs it. Not
   * answered in time: event `missed`, and the agent goes on a break (reason `missed`) so the
   * next call does not ring at an empty desk. Agent gone meanwhile: `missed` too, their state
   * left as they chose it.
   */
  private async releaseOffer(callId: string): Promise<void> {
    const effects = new CallEffects();
    await this.db.transaction(async (tx) => {
      const call = await this.calls.lock(tx, callId);
      if (!call || call.state !== 'offered' || !call.agentId) return;
      const agentId = call.agentId;
      const now = new Date();
      const current = await this.presence.lockForCall(tx, agentId);
      const expired = call.offerExpiresAt !== null && call.offerExpiresAt <= now;
      const agentLeft = current.status !== 'available' || current.currentCallId !== call.id;
      if (!expired && !agentLeft) return;
      await this.transitions.apply(
        tx,
        call,
        'queued',
        {
          type: 'missed',
          at: now,
          source: 'system',
          agentId,
          details: { reason: agentLeft ? 'agent_unavailable' : 'timeout' },
        },
        effects,
      );
      if (current.currentCallId === call.id) {
        const changed = await this.presence.applyForCall(tx, agentId, current, {
          currentCallId: null,
          ...(agentLeft ? {} : { status: 'break', reasonCode: 'missed' }),
        });
        if (changed) effects.agents.add(agentId);
      }
      await this.transitions.notifyPbx(tx, call, WebhookActionType.Reject, now, effects, {
        agentId,
      });
    });
    await this.notifier.publish(effects);
  }
}
