import { HttpStatus, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';

import {
  AgentStatus,
  AuditAction,
  BreakReasonView,
  ErrorCode,
  FORCEABLE_STATUSES,
  NEXT_STATUSES,
  Permission,
  PresenceTimeline,
  PresenceView,
  Role,
  SELF_SET_STATUSES,
} from '@poscalls4u/contracts';
import { BreakReasonRow, Database } from '@poscalls4u/server-database';

import { AuthUser, SessionTerminator, UserDirectory } from '../identity/access';
import { AuditService } from '../platform/audit';
import { DomainEvents } from '../platform/events';
import { AppException, RequestContext } from '../platform/http';
import { TeamAccess, TeamsService } from '../teams';
import { CurrentPresence, PresenceRecord, PresenceRepository } from './presence.repository';

const BUSY: readonly AgentStatus[] = [AgentStatus.OnCall, AgentStatus.WrapUp];
const DAY_MS = 24 * 60 * 60 * 1000;
// A drill-down reads a day or a few; longer periods belong to the reports.
const TIMELINE_MAX_DAYS = 7;

/**
 * Agent presence. Agents choose offline, available or a break with a reason; the call flow sets
 * on call and wrap-up; supervisors may force an agent of their team offline or on a break. Every
 * change closes one interval and opens the next (occupancy and time in state come from them) and
 * is published as the `presence.changed` domain event. An agent on a call (or wrapping one up) cannot leave it; one whose
 * call is still ringing may, and the calls module then gives that call back to the queue.
 */
@Injectable()
export class PresenceService {
  constructor(
    private readonly repository: PresenceRepository,
    private readonly teams: TeamsService,
    private readonly events: DomainEvents,
    private readonly users: UserDirectory,
    private readonly access: TeamAccess,
    private readonly audit: AuditService,
    private readonly modules: ModuleRef,
  ) {}

  async setOwn(caller: AuthUser, status: AgentStatus, reason?: string): Promise<PresenceView> {
    if (!SELF_SET_STATUSES.includes(status)) {
      throw AppException.validation('The request is invalid.', [
        {
          field: 'status',
          messages: ['on_call and wrap_up follow the calls; choose offline, available or break'],
        },
      ]);
    }
    const reasonCode = await this.checkedReason(status, reason, { allowSystem: false });
    await this.change(caller.id, status, reasonCode, caller.id);
    return this.view(caller.id);
  }

  /**
   * The agent's "next status": available or a break, applied when the call flow frees them from
   * the call they hold (ringing, live or in wrap-up). Without a call there is nothing to wait
   * for: 409, set the state itself instead.
   */
  async setNext(caller: AuthUser, status: AgentStatus, reason?: string): Promise<PresenceView> {
    if (!NEXT_STATUSES.includes(status)) {
      throw AppException.validation('The request is invalid.', [
        { field: 'status', messages: ['a next status is available or break'] },
      ]);
    }
    const reasonCode = await this.checkedReason(status, reason, { allowSystem: false });
    await this.repository.withLock(caller.id, async (executor, current) => {
      const holdsCall =
        current !== undefined && (BUSY.includes(current.status) || current.currentCallId !== null);
      if (!holdsCall) {
        throw new AppException(
          ErrorCode.InvalidState,
          'You have no call right now; set your status instead.',
          HttpStatus.CONFLICT,
        );
      }
      await this.repository.setNext(executor, caller.id, status, reasonCode);
    });
    await this.announce([caller.id]);
    return this.view(caller.id);
  }

  /** Forgets the agent's pending next status: after the call they go back as before it. */
  async clearNext(caller: AuthUser): Promise<PresenceView> {
    const cleared = await this.repository.withLock(caller.id, async (executor, current) => {
      if (!current?.nextStatus) return false;
      await this.repository.setNext(executor, caller.id, null, null);
      return true;
    });
    if (cleared) await this.announce([caller.id]);
    return this.view(caller.id);
  }

  /**
   * A supervisor (whoever holds `presence:force` in a team the user belongs to) takes a member
   * offline or puts them on a break: 404 for someone outside the caller's teams, 403 when the
   * team's security profile withholds the permission.
   */
  async force(
    caller: AuthUser,
    userId: string,
    status: AgentStatus,
    reason: string | undefined,
    context: RequestContext,
  ): Promise<PresenceView> {
    if (!FORCEABLE_STATUSES.includes(status)) {
      throw AppException.validation('The request is invalid.', [
        { field: 'status', messages: ['a supervisor may set offline or break'] },
      ]);
    }
    await this.checkStanding(caller, userId);
    const reasonCode = await this.checkedReason(
      status,
      reason ?? (status === AgentStatus.Break ? 'supervisor' : undefined),
      {
        allowSystem: true,
      },
    );
    await this.change(userId, status, reasonCode, caller.id);
    await this.audit.record({
      action: AuditAction.PresenceForced,
      outcome: 'success',
      context,
      actorId: caller.id,
      targetUserId: userId,
      details: { status, reason: reasonCode },
    });
    return this.view(userId);
  }

  /**
   * A supervisor (same rule as `force`) signs an agent out: the agent goes offline at once (not
   * while on a call: 409, finish it first), then every session of theirs ends, so the console
   * returns to its sign-in page and no call is offered to them any more.
   */
  async signOut(caller: AuthUser, userId: string, context: RequestContext): Promise<PresenceView> {
    await this.checkStanding(caller, userId);
    await this.change(userId, AgentStatus.Offline, null, caller.id);
    const ended = await this.modules
      .get(SessionTerminator, { strict: false })
      .endAllSessions(userId, 'signed_out_by_supervisor');
    await this.audit.record({
      action: AuditAction.AgentSignedOut,
      outcome: 'success',
      context,
      actorId: caller.id,
      targetUserId: userId,
      details: { sessionsEnded: ended },
    });
    return this.view(userId);
  }

  /**
   * An agent's states over a period (default: the last 24 hours), for the supervisor's drill-down:
   * whoever holds `stats:team` in a team of the agent, admins; 404 for anyone else's agent.
   */
  async timeline(
    caller: AuthUser,
    userId: string,
    period: { from?: string; to?: string },
  ): Promise<PresenceTimeline> {
    const to = period.to ? new Date(period.to) : new Date();
    const from = period.from ? new Date(period.from) : new Date(to.getTime() - DAY_MS);
    if (from >= to) {
      throw AppException.validation('from must be before to', [
        { field: 'from', messages: ['from must be before to'] },
      ]);
    }
    if (to.getTime() - from.getTime() > TIMELINE_MAX_DAYS * DAY_MS) {
      throw AppException.validation(`The period is at most ${String(TIMELINE_MAX_DAYS)} days.`, [
        { field: 'from', messages: [`at most ${String(TIMELINE_MAX_DAYS)} days before to`] },
      ]);
    }
    if (caller.role !== Role.Admin) {
      const standing = await this.access.standingOverMember(caller, userId, Permission.StatsTeam);
      if (standing === 'none') throw AppException.notFound('No such agent in your teams.');
      if (standing === 'withheld') throw this.access.withheld(Permission.StatsTeam);
    }
    const [named] = await this.repository.names([userId]);
    if (!named) throw AppException.notFound('No such agent in your teams.');
    const rows = await this.repository.intervals(userId, from, to);
    return {
      userId,
      name: named.name,
      intervals: rows.map((row) => ({
        status: row.status as AgentStatus,
        reason: row.reason ? toReasonView(row.reason) : null,
        startedAt: row.startedAt.toISOString(),
        endedAt: row.endedAt?.toISOString() ?? null,
      })),
    };
  }

  /** 404 for someone outside the caller's teams, 403 when the team's profile withholds it. */
  private async checkStanding(caller: AuthUser, userId: string): Promise<void> {
    if (userId === caller.id) throw AppException.notFound('No such agent in your teams.');
    if (caller.role === Role.Admin) {
      // An admin may act on anyone who exists: an unknown id used to reach the insert (a 500).
      if ((await this.users.findById(userId)) === undefined) {
        throw AppException.notFound('No such agent in your teams.');
      }
      return;
    }
    const standing = await this.access.standingOverMember(caller, userId, Permission.PresenceForce);
    if (standing === 'none') throw AppException.notFound('No such agent in your teams.');
    if (standing === 'withheld') throw this.access.withheld(Permission.PresenceForce);
  }

  /** The system's own changes: on call, wrap-up, missed offers, dropped connections. */
  async setBySystem(
    userId: string,
    status: AgentStatus,
    reasonCode: string | null = null,
  ): Promise<void> {
    await this.change(userId, status, reasonCode, null, { system: true });
  }

  /**
   * Locks an agent's row inside the call flow's transaction, after the call row: the agent's
   * state and the call they hold then move together or not at all.
   */
  async lockForCall(executor: Database, userId: string): Promise<CurrentPresence> {
    const current = await this.repository.lock(executor, userId);
    return (
      current ?? {
        status: 'offline',
        reasonCode: null,
        currentCallId: null,
        nextStatus: null,
        nextReasonCode: null,
        statusBeforeCall: null,
        reasonBeforeCall: null,
      }
    );
  }

  /**
   * The call flow's change of a locked agent (see `lockForCall`): a new state (set by the
   * system) and/or the call they hold. Answers true when the state changed; the caller then
   * calls `announce` once its transaction has committed.
   *
   * Freeing the agent (`available` with no call) means "the call is over": the agent goes to the
   * next status they asked for, else back to the state they had when the call began (an outbound
   * call dialled on a break ends on that break). It happens in the call flow's transaction, so
   * routing cannot offer a call to an agent who asked for a break.
   */
  async applyForCall(
    executor: Database,
    userId: string,
    current: CurrentPresence,
    change: { status?: AgentStatus; reasonCode?: string | null; currentCallId?: string | null },
  ): Promise<boolean> {
    let changed = false;
    if (change.status === AgentStatus.Available && change.currentCallId === null) {
      const after = stateAfterCall(current);
      changed = await this.repository.changeLocked(
        executor,
        userId,
        current,
        after.status,
        after.reasonCode,
        null,
      );
      if (current.nextStatus !== null) {
        await this.repository.setNext(executor, userId, null, null);
        changed = true;
      }
      if (current.statusBeforeCall !== null) {
        await this.repository.setStatusBeforeCall(executor, userId, null, null);
      }
    } else if (change.status !== undefined) {
      if (change.status === AgentStatus.OnCall && !BUSY.includes(current.status)) {
        await this.repository.setStatusBeforeCall(
          executor,
          userId,
          current.status,
          current.reasonCode,
        );
      }
      changed = await this.repository.changeLocked(
        executor,
        userId,
        current,
        change.status,
        change.reasonCode ?? null,
        null,
      );
    }
    if (change.currentCallId !== undefined && change.currentCallId !== current.currentCallId) {
      await this.repository.setCurrentCall(executor, userId, change.currentCallId);
    }
    return changed;
  }

  /** Pushes the current state of agents changed by `applyForCall`, after the commit. */
  async announce(userIds: string[]): Promise<void> {
    for (const userId of new Set(userIds)) {
      this.events.publish('presence.changed', {
        presence: await this.view(userId),
        teamIds: await this.teams.teamIdsOf(userId),
      });
    }
  }

  async list(caller: AuthUser, teamId?: string): Promise<PresenceView[]> {
    let ids: string[];
    if (teamId) {
      ids = await this.teams.memberIdsFor(caller, teamId);
    } else {
      const colleagues = await this.teams.colleagueIdsOf(caller);
      ids = colleagues === 'everyone' ? await this.repository.activeAgentIds() : colleagues;
    }
    return this.views(ids);
  }

  async view(userId: string): Promise<PresenceView> {
    const [view] = await this.views([userId]);
    if (!view) throw AppException.notFound('No such user.');
    return view;
  }

  async breakReasons(includeInactive = false): Promise<BreakReasonView[]> {
    return (await this.repository.breakReasons(includeInactive)).map(toReasonView);
  }

  async createBreakReason(code: string, label: string): Promise<BreakReasonView> {
    const created = await this.repository.insertBreakReason(code, label);
    if (!created) throw AppException.conflict('A break reason with this code already exists.');
    return toReasonView(created);
  }

  async updateBreakReason(
    code: string,
    changes: { label?: string; isActive?: boolean },
  ): Promise<BreakReasonView> {
    if (changes.label === undefined && changes.isActive === undefined) {
      throw AppException.validation('The request is invalid.', [
        { field: 'body', messages: ['give at least one of label, isActive'] },
      ]);
    }
    const existing = await this.repository.breakReason(code);
    if (!existing) throw AppException.notFound('No such break reason.');
    if (existing.systemOnly)
      throw AppException.conflict('The system uses this reason; it cannot be changed.');
    const updated = await this.repository.updateBreakReason(code, changes);
    return toReasonView(updated ?? existing);
  }

  private async change(
    userId: string,
    status: AgentStatus,
    reasonCode: string | null,
    changedBy: string | null,
    options: { system?: boolean } = {},
  ): Promise<void> {
    const changed = await this.repository.change(
      userId,
      status,
      reasonCode,
      changedBy,
      (current) => {
        // While a call is live only the call flow moves the agent. After-call work that holds no
        // call (a conference the agent left: the call went on without them) ends when they say.
        const ownAfterCallWork =
          current?.status === AgentStatus.WrapUp && current.currentCallId === null;
        if (!options.system && current && BUSY.includes(current.status) && !ownAfterCallWork) {
          throw new AppException(
            ErrorCode.InvalidState,
            `The agent is ${current.status === AgentStatus.OnCall ? 'on a call' : 'wrapping up a call'}; finish it first.`,
            HttpStatus.CONFLICT,
          );
        }
      },
    );
    if (changed) await this.announce([userId]);
  }

  private async checkedReason(
    status: AgentStatus,
    reason: string | undefined,
    options: { allowSystem: boolean },
  ): Promise<string | null> {
    if (status !== AgentStatus.Break) {
      if (reason) {
        throw AppException.validation('The request is invalid.', [
          { field: 'reason', messages: ['a reason goes with break only'] },
        ]);
      }
      return null;
    }
    const found = reason ? await this.repository.breakReason(reason) : undefined;
    if (!found || !found.isActive || (found.systemOnly && !options.allowSystem)) {
      throw AppException.validation('The request is invalid.', [
        {
          field: 'reason',
          messages: ['choose one of the break reasons from GET /api/presence/break-reasons'],
        },
      ]);
    }
    return found.code;
  }

  private async views(userIds: string[]): Promise<PresenceView[]> {
    const records = new Map(
      (await this.repository.current(userIds)).map((record) => [record.userId, record]),
    );
    const names = await this.repository.names(userIds);
    return names
      .map(({ id, name }) => toPresenceView(records.get(id) ?? offline(id, name)))
      .sort((a, b) => a.name.localeCompare(b.name));
  }
}

function offline(userId: string, name: string): PresenceRecord {
  return {
    userId,
    name,
    status: 'offline',
    since: new Date(0),
    reason: null,
    forcedBy: null,
    next: null,
  };
}

/**
 * Where an agent goes when their call is over: the next status they asked for, else the state
 * they had when the call began (available for an offered call), else available.
 */
function stateAfterCall(current: CurrentPresence): {
  status: AgentStatus;
  reasonCode: string | null;
} {
  if (current.nextStatus !== null) {
    return { status: current.nextStatus, reasonCode: current.nextReasonCode };
  }
  if (current.statusBeforeCall !== null && !BUSY.includes(current.statusBeforeCall)) {
    return { status: current.statusBeforeCall, reasonCode: current.reasonBeforeCall };
  }
  return { status: AgentStatus.Available, reasonCode: null };
}

function toReasonView(row: BreakReasonRow): BreakReasonView {
  return { code: row.code, label: row.label, systemOnly: row.systemOnly, isActive: row.isActive };
}

function toPresenceView(record: PresenceRecord): PresenceView {
  return {
    userId: record.userId,
    name: record.name,
    status: record.status as AgentStatus,
    reason: record.reason ? toReasonView(record.reason) : null,
    since: record.since.toISOString(),
    forcedBy: record.forcedBy,
    next: record.next
      ? {
          status: record.next.status as AgentStatus,
          reason: record.next.reason ? toReasonView(record.next.reason) : null,
        }
      : null,
  };
}
