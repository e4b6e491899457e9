import { Injectable } from '@nestjs/common';
import { and, asc, eq, gt, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';

import {
  AgentStatusValue,
  BreakReasonRow,
  Database,
  InjectDatabase,
  agentPresence,
  breakReasons,
  presenceIntervals,
  users,
} from '@poscalls4u/server-database';

import { StatsRollups } from '../rollups';

export interface PresenceRecord {
  userId: string;
  name: string;
  status: AgentStatusValue;
  since: Date;
  reason: BreakReasonRow | null;
  forcedBy: { id: string; name: string } | null;
  next: { status: AgentStatusValue; reason: BreakReasonRow | null } | null;
}

export interface CurrentPresence {
  status: AgentStatusValue;
  reasonCode: string | null;
  currentCallId: string | null;
  /** The pending "next status", applied when the call flow frees the agent. */
  nextStatus: AgentStatusValue | null;
  nextReasonCode: string | null;
  /** The state the agent was in when their current call began. */
  statusBeforeCall: AgentStatusValue | null;
  reasonBeforeCall: string | null;
}

const changer = alias(users, 'changer');
const nextReason = alias(breakReasons, 'next_reason');

/** The SQL of `agent_presence`, `presence_intervals` and `break_reasons`. */
@Injectable()
export class PresenceRepository {
  constructor(
    @InjectDatabase() private readonly db: Database,
    private readonly rollups: StatsRollups,
  ) {}

  /** Current states of the given users (users without a row are offline and not returned). */
  async current(userIds: string[]): Promise<PresenceRecord[]> {
    if (userIds.length === 0) return [];
    const rows = await this.db
      .select({
        userId: users.id,
        name: users.name,
        status: agentPresence.status,
        since: agentPresence.since,
        reason: breakReasons,
        changedBy: agentPresence.changedBy,
        changerName: changer.name,
        nextStatus: agentPresence.nextStatus,
        nextReason,
      })
      .from(agentPresence)
      .innerJoin(users, eq(users.id, agentPresence.userId))
      .leftJoin(breakReasons, eq(breakReasons.code, agentPresence.reasonCode))
      .leftJoin(changer, eq(changer.id, agentPresence.changedBy))
      .leftJoin(nextReason, eq(nextReason.code, agentPresence.nextReasonCode))
      .where(inArray(agentPresence.userId, userIds));
    return rows.map((row) => ({
      userId: row.userId,
      name: row.name,
      status: row.status,
      since: row.since,
      reason: row.reason,
      // Only a change made by someone else than the agent counts as forced.
      forcedBy:
        row.changedBy && row.changedBy !== row.userId
          ? { id: row.changedBy, name: row.changerName ?? '' }
          : null,
      next: row.nextStatus ? { status: row.nextStatus, reason: row.nextReason } : null,
    }));
  }

  /** The user's intervals that overlap [from, to), oldest first. */
  async intervals(
    userId: string,
    from: Date,
    to: Date,
  ): Promise<
    {
      status: AgentStatusValue;
      reason: BreakReasonRow | null;
      startedAt: Date;
      endedAt: Date | null;
    }[]
  > {
    return this.db
      .select({
        status: presenceIntervals.status,
        reason: breakReasons,
        startedAt: presenceIntervals.startedAt,
        endedAt: presenceIntervals.endedAt,
      })
      .from(presenceIntervals)
      .leftJoin(breakReasons, eq(breakReasons.code, presenceIntervals.reasonCode))
      .where(
        and(
          eq(presenceIntervals.userId, userId),
          lt(presenceIntervals.startedAt, to),
          or(isNull(presenceIntervals.endedAt), gt(presenceIntervals.endedAt, from)),
        ),
      )
      .orderBy(asc(presenceIntervals.startedAt));
  }

  async names(userIds: string[]): Promise<{ id: string; name: string }[]> {
    if (userIds.length === 0) return [];
    return this.db
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(inArray(users.id, userIds));
  }

  async activeAgentIds(): Promise<string[]> {
    const rows = await this.db.select({ id: users.id }).from(users).where(eq(users.isActive, true));
    return rows.map((row) => row.id);
  }

  /**
   * Moves a user to a new state in one transaction: locks their row, closes the open interval and
   * opens the next. A state chosen outside the call flow replaces any pending "next status".
   * Answers true when the state or the pending next status changed.
   */
  async change(
    userId: string,
    status: AgentStatusValue,
    reasonCode: string | null,
    changedBy: string | null,
    guard: (current: CurrentPresence | undefined) => void,
  ): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const current = await this.lock(tx, userId);
      guard(current);
      const hadNext = current?.nextStatus !== null && current?.nextStatus !== undefined;
      if (hadNext) await this.setNext(tx, userId, null, null);
      const changed = await this.changeLocked(tx, userId, current, status, reasonCode, changedBy);
      return changed || hadNext;
    });
  }

  /** Runs `work` in one transaction holding the lock of the user's row (created on first use). */
  async withLock<T>(
    userId: string,
    work: (executor: Database, current: CurrentPresence | undefined) => Promise<T>,
  ): Promise<T> {
    return this.db.transaction(async (tx) => work(tx, await this.lock(tx, userId)));
  }

  /** Stores (or, with null, clears) the agent's pending next status; the caller holds the lock. */
  async setNext(
    executor: Database,
    userId: string,
    status: AgentStatusValue | null,
    reasonCode: string | null,
  ): Promise<void> {
    await executor
      .update(agentPresence)
      .set({ nextStatus: status, nextReasonCode: reasonCode })
      .where(eq(agentPresence.userId, userId));
  }

  /** Remembers (or forgets, with null) the state the agent was in when their call began. */
  async setStatusBeforeCall(
    executor: Database,
    userId: string,
    status: AgentStatusValue | null,
    reasonCode: string | null,
  ): Promise<void> {
    await executor
      .update(agentPresence)
      .set({ statusBeforeCall: status, reasonBeforeCall: reasonCode })
      .where(eq(agentPresence.userId, userId));
  }

  /**
   * Locks a user's row (creating it, offline, on first use) inside the caller's transaction.
   * The call flow locks the call row first, then this one: always in that order.
   */
  async lock(executor: Database, userId: string): Promise<CurrentPresence | undefined> {
    await executor
      .insert(agentPresence)
      .values({ userId, status: 'offline', reasonCode: null, since: sql`now()` })
      .onConflictDoNothing();
    const [current] = await executor
      .select({
        status: agentPresence.status,
        reasonCode: agentPresence.reasonCode,
        currentCallId: agentPresence.currentCallId,
        nextStatus: agentPresence.nextStatus,
        nextReasonCode: agentPresence.nextReasonCode,
        statusBeforeCall: agentPresence.statusBeforeCall,
        reasonBeforeCall: agentPresence.reasonBeforeCall,
      })
      .from(agentPresence)
      .where(eq(agentPresence.userId, userId))
      .for('update');
    return current;
  }

  /** The state change itself, on a row the caller has locked; false when nothing changes. */
  async changeLocked(
    executor: Database,
    userId: string,
    current: CurrentPresence | undefined,
    status: AgentStatusValue,
    reasonCode: string | null,
    changedBy: string | null,
  ): Promise<boolean> {
    if (current && current.status === status && current.reasonCode === reasonCode) return false;
    // Closing the interval adds its time to the agent's statistics rollups, in the same statement.
    await this.rollups.closePresenceInterval(
      executor,
      sql`update presence_intervals set ended_at = now()
          where user_id = ${userId} and ended_at is null
          returning user_id, status, started_at, ended_at`,
    );
    await executor
      .insert(presenceIntervals)
      .values({ userId, status, reasonCode, startedAt: sql`now()` });
    await executor
      .update(agentPresence)
      .set({ status, reasonCode, since: sql`now()`, changedBy })
      .where(eq(agentPresence.userId, userId));
    return true;
  }

  /** The call ringing at or held by the agent (null: none); the caller holds the row lock. */
  async setCurrentCall(executor: Database, userId: string, callId: string | null): Promise<void> {
    await executor
      .update(agentPresence)
      .set({ currentCallId: callId })
      .where(eq(agentPresence.userId, userId));
  }

  async breakReasons(includeInactive: boolean): Promise<BreakReasonRow[]> {
    return this.db
      .select()
      .from(breakReasons)
      .where(includeInactive ? undefined : eq(breakReasons.isActive, true))
      .orderBy(asc(breakReasons.sortOrder), asc(breakReasons.label));
  }

  async breakReason(code: string): Promise<BreakReasonRow | undefined> {
    const [row] = await this.db
      .select()
      .from(breakReasons)
      .where(eq(breakReasons.code, code))
      .limit(1);
    return row;
  }

  async insertBreakReason(code: string, label: string): Promise<BreakReasonRow | undefined> {
    const [{ next } = { next: 100 }] = await this.db
      .select({ next: sql<number>`coalesce(max(${breakReasons.sortOrder}), 0) + 10` })
      .from(breakReasons);
    const [row] = await this.db
      .insert(breakReasons)
      .values({ code, label, sortOrder: next })
      .onConflictDoNothing()
      .returning();
    return row;
  }

  async updateBreakReason(
    code: string,
    changes: { label?: string; isActive?: boolean },
  ): Promise<BreakReasonRow | undefined> {
    const [row] = await this.db
      .update(breakReasons)
      .set(changes)
      .where(eq(breakReasons.code, code))
      .returning();
    return row;
  }
}
