import { HttpStatus, Injectable } from '@nestjs/common';

import {
  AssistMode,
  AuditAction,
  CallAssistView,
  CallState,
  ErrorCode,
  Permission,
  WebhookActionType,
} from '@poscalls4u/contracts';
import { CallRow, Database, InjectDatabase } from '@poscalls4u/server-database';

import { AuthUser } from '../../identity/access';
import { AuditService } from '../../platform/audit';
import { AppException, RequestContext } from '../../platform/http';
import { OrganizationSettingsService } from '../../platform/settings';
import { TeamAccess } from '../../teams';
import { CallNotifier } from '../core/call-notifier';
import { CallReadModelRepository } from '../core/call-read-model.repository';
import { CallEffects, CallTransitions } from '../core/call-transitions';
import { CallWritesRepository } from '../core/call-writes.repository';
import { AssistRecord, CallAssistsRepository } from './call-assists.repository';

const NO_SUCH_CALL = 'No such call.';
/** The states with a conversation to listen to. */
const LIVE: readonly CallState[] = ['connected', 'on_hold'];
/** PostgreSQL's unique violation: the supervisor's other assist won a race (`calls_assist_supervisor`). */
const UNIQUE_VIOLATION = '23505';

const DOING: Record<AssistMode, string> = {
  listen: 'listening to',
  whisper: 'whispering to',
  barge: 'barging into',
};

/**
 * Supervisor assist: a supervisor of the call's team (`calls:monitor`) listens to, whispers to
 * or barges into a live call, switches between them and stops. One supervisor per call, one call
 * per supervisor (they have one phone). Each change is one transaction on the locked call: the
 * call's assist columns, a platform audit event, and a signed webhook asking the PBX to connect,
 * switch or drop the supervisor's leg; after the commit `call:assist` goes to the team's
 * monitors, and the agent is told where the organisation says so (`showAssistToAgents`).
 * Assists are not call events: the agent reads their call's timeline, and a silent listener
 * must stay silent there where the organisation does not tell agents.
 */
@Injectable()
export class CallAssistsService {
  constructor(
    @InjectDatabase() private readonly db: Database,
    private readonly writes: CallWritesRepository,
    private readonly readModel: CallReadModelRepository,
    private readonly repository: CallAssistsRepository,
    private readonly transitions: CallTransitions,
    private readonly notifier: CallNotifier,
    private readonly access: TeamAccess,
    private readonly audit: AuditService,
    private readonly settings: OrganizationSettingsService,
  ) {}

  /** The assists in progress in the teams where the caller holds `calls:monitor` (admins: all). */
  async list(caller: AuthUser): Promise<CallAssistView[]> {
    const teams = await this.access.teamsHolding(caller, Permission.CallsMonitor);
    return (await this.repository.active(teams)).map(toAssistView);
  }

  /** What the agent on this call is told: the mode, when the organisation tells agents. */
  async noticeFor(call: CallRow): Promise<{ mode: AssistMode } | null> {
    if (call.assistMode === null || !LIVE.includes(call.state as CallState)) return null;
    if (!(await this.settings.get()).showAssistToAgents) return null;
    return { mode: call.assistMode as AssistMode };
  }

  /** Starts assisting a live call, or switches the caller's assist on it to another mode. */
  async start(
    caller: AuthUser,
    callId: string,
    mode: AssistMode,
    context: RequestContext,
  ): Promise<CallAssistView> {
    await this.authorize(caller, callId);
    const effects = new CallEffects();
    let view: CallAssistView;
    try {
      view = await this.db.transaction(async (tx) => {
        const call = await this.lockLive(tx, callId);
        const switching = call.assistSupervisorId === caller.id;
        if (call.assistSupervisorId !== null && !switching) {
          throw AppException.conflict(
            'Another supervisor is assisting this call; they must stop first.',
          );
        }
        if (switching && call.assistMode === mode) {
          throw invalidState(`You are already ${DOING[mode]} this call.`);
        }
        if (!switching && (await this.repository.assistedBy(tx, caller.id)) !== undefined) {
          throw busyElsewhere();
        }
        const at = new Date();
        const changes: Partial<CallRow> = switching
          ? { assistMode: mode }
          : { assistMode: mode, assistSupervisorId: caller.id, assistStartedAt: at };
        await this.writes.update(tx, call.id, changes);
        const next: CallRow = { ...call, ...changes };
        await this.audit.record(
          {
            action: switching ? AuditAction.CallAssistChanged : AuditAction.CallAssistStarted,
            outcome: 'success',
            context,
            actorId: caller.id,
            targetUserId: call.agentId,
            details: {
              callId: call.id,
              teamId: call.teamId,
              mode,
              ...(switching ? { from: call.assistMode } : {}),
            },
          },
          tx,
        );
        await this.transitions.notifyPbx(
          tx,
          next,
          switching ? WebhookActionType.AssistChange : WebhookActionType.AssistStart,
          at,
          effects,
          {
            agentId: call.agentId,
            assist: { mode, supervisor: { id: caller.id, email: caller.email, name: caller.name } },
          },
        );
        const assist = toAssistView({
          callId: call.id,
          teamId: call.teamId,
          agentId: call.agentId,
          mode,
          supervisorId: caller.id,
          supervisorName: caller.name,
          startedAt: next.assistStartedAt ?? at,
        });
        effects.assists.push({ call: next, assist });
        return assist;
      });
    } catch (error) {
      // Two starts of one supervisor on two calls at once: the unique index let one through.
      if (isUniqueViolation(error)) throw busyElsewhere();
      throw error;
    }
    await this.notifier.publish(effects);
    return view;
  }

  /** Ends the assist on a call: its supervisor, or another monitor of the team, stops it. */
  async stop(caller: AuthUser, callId: string, context: RequestContext): Promise<CallAssistView> {
    await this.authorize(caller, callId);
    const effects = new CallEffects();
    const view = await this.db.transaction(async (tx) => {
      const call = await this.writes.lock(tx, callId);
      if (!call) throw AppException.notFound(NO_SUCH_CALL);
      if (call.assistSupervisorId === null || call.assistMode === null) {
        throw invalidState('Nobody is assisting this call.');
      }
      const supervisor = await this.readModel.agentContact(tx, call.assistSupervisorId);
      const stopped = toAssistView({
        callId: call.id,
        teamId: call.teamId,
        agentId: call.agentId,
        mode: call.assistMode,
        supervisorId: call.assistSupervisorId,
        supervisorName: supervisor?.name ?? '',
        startedAt: call.assistStartedAt ?? new Date(),
      });
      const changes: Partial<CallRow> = {
        assistMode: null,
        assistSupervisorId: null,
        assistStartedAt: null,
      };
      await this.writes.update(tx, call.id, changes);
      const next: CallRow = { ...call, ...changes };
      const at = new Date();
      await this.audit.record(
        {
          action: AuditAction.CallAssistStopped,
          outcome: 'success',
          context,
          actorId: caller.id,
          targetUserId: call.agentId,
          details: {
            callId: call.id,
            teamId: call.teamId,
            mode: call.assistMode,
            supervisorId: call.assistSupervisorId,
            reason: 'stopped',
          },
        },
        tx,
      );
      if (supervisor) {
        await this.transitions.notifyPbx(tx, next, WebhookActionType.AssistStop, at, effects, {
          agentId: call.agentId,
          assist: { supervisor },
        });
      }
      effects.assists.push({ call: next, assist: null, reason: 'stopped' });
      return stopped;
    });
    await this.notifier.publish(effects);
    return view;
  }

  /**
   * 404 for a call the caller cannot see (admins see all, supervisors their teams' calls), 403
   * without `calls:monitor` in its team. A call never changes team: the check holds under the
   * lock taken next (read before it: on the embedded database a read outside the transaction
   * would wait for it).
   */
  private async authorize(caller: AuthUser, callId: string): Promise<void> {
    const teamIds = await this.access.teamsHolding(caller, Permission.CallsReadTeam);
    const scope =
      teamIds === 'all'
        ? { all: true as const }
        : { all: false as const, userId: caller.id, teamIds };
    if (!(await this.readModel.visible(callId, scope))) throw AppException.notFound(NO_SUCH_CALL);
    const [record] = await this.readModel.records([callId]);
    if (!record) throw AppException.notFound(NO_SUCH_CALL);
    await this.access.assertHolds(
      caller,
      record.teamId,
      Permission.CallsMonitor,
      "Only the team's supervisors can listen to, whisper to or barge into its calls.",
    );
  }

  private async lockLive(tx: Database, callId: string): Promise<CallRow> {
    const call = await this.writes.lock(tx, callId);
    if (!call) throw AppException.notFound(NO_SUCH_CALL);
    if (!LIVE.includes(call.state as CallState)) {
      throw invalidState(
        `The call is ${call.state.replace('_', ' ')}: only a connected or held call can be assisted.`,
      );
    }
    return call;
  }
}

function toAssistView(record: AssistRecord): CallAssistView {
  return {
    callId: record.callId,
    teamId: record.teamId,
    agentId: record.agentId,
    mode: record.mode as AssistMode,
    supervisor: { id: record.supervisorId, name: record.supervisorName },
    startedAt: record.startedAt.toISOString(),
  };
}

function invalidState(message: string): AppException {
  return new AppException(ErrorCode.InvalidState, message, HttpStatus.CONFLICT);
}

function busyElsewhere(): AppException {
  return AppException.conflict('You are assisting another call: stop that one first.');
}

function isUniqueViolation(error: unknown): boolean {
  // Drizzle wraps the driver's error in its own, with the original as `cause`.
  for (let current = error; current instanceof Error; current = current.cause) {
    if ((current as { code?: unknown }).code === UNIQUE_VIOLATION) return true;
  }
  return false;
}
