import { Injectable } from '@nestjs/common';

import {
  Permission,
  ReportDeliveryView,
  ReportFrequency,
  ReportKind,
  ReportPreview,
  ReportScheduleView,
  Role,
} from '@poscalls4u/contracts';
import { ReportDeliveryRow, ReportScheduleRow } from '@poscalls4u/server-database';

import { AuthUser } from '../../identity/access';
import { AppException } from '../../platform/http';
import { TeamAccess, TeamsService } from '../../teams';
import { ReportScheduleDto } from './dto/report-schedules.dto';
import { ReportDeliveryService } from './report-delivery.service';
import { ReportSchedulesRepository } from './report-schedules.repository';
import {
  isTimeZone,
  latestOccurrence,
  localDate,
  nextOccurrence,
  reportPeriod,
} from './schedule-time';

const NO_SUCH_SCHEDULE = 'No such scheduled report.';
const NO_SUCH_TEAM = 'No such team.';
/** Deliveries shown with each schedule. */
const LAST_DELIVERIES = 5;

/**
 * Scheduled reports' management: who may schedule what, and the schedules' views. A schedule
 * belongs to its teams: an admin manages any; a supervisor those whose every team they hold
 * `reports:schedule` in (a schedule naming another team is someone else's: 404).
 */
@Injectable()
export class ReportSchedulesService {
  constructor(
    private readonly repository: ReportSchedulesRepository,
    private readonly deliveries: ReportDeliveryService,
    private readonly access: TeamAccess,
    private readonly teams: TeamsService,
  ) {}

  async list(caller: AuthUser): Promise<ReportScheduleView[]> {
    const held = await this.access.teamsHolding(caller, Permission.ReportsSchedule);
    const rows = (await this.repository.list(held)).filter((row) => this.manages(held, row));
    return this.views(rows);
  }

  async get(caller: AuthUser, id: string): Promise<ReportScheduleView> {
    const row = await this.managed(caller, id);
    const [view] = await this.views([row]);
    if (!view) throw AppException.notFound(NO_SUCH_SCHEDULE);
    return view;
  }

  async create(caller: AuthUser, input: ReportScheduleDto): Promise<ReportScheduleView> {
    const values = await this.checked(caller, input);
    const row = await this.repository.insert({ ownerId: caller.id, ...values });
    return this.get(caller, row.id);
  }

  async update(
    caller: AuthUser,
    id: string,
    input: ReportScheduleDto,
  ): Promise<ReportScheduleView> {
    await this.managed(caller, id);
    await this.repository.update(id, await this.checked(caller, input));
    return this.get(caller, id);
  }

  async remove(caller: AuthUser, id: string): Promise<void> {
    await this.managed(caller, id);
    await this.repository.delete(id);
  }

  /** What the next delivery would contain for the latest complete period; nothing is sent. */
  async preview(caller: AuthUser, id: string, now = new Date()): Promise<ReportPreview> {
    const row = await this.managed(caller, id);
    const { preview } = await this.deliveries.render(row, this.lastPeriod(row, now));
    return preview;
  }

  /**
   * Sends the report of the latest complete period to the recipients now, as a manual delivery
   * (recorded, retried like the scheduled ones, but not counted as the period's scheduled run).
   */
  async sendNow(caller: AuthUser, id: string, now = new Date()): Promise<ReportDeliveryView> {
    const row = await this.managed(caller, id);
    if (row.recipients.length === 0) {
      throw AppException.validation('The schedule has no recipients left.', [
        { field: 'recipients', messages: ['add at least one recipient'] },
      ]);
    }
    const period = this.lastPeriod(row, now);
    const delivery = await this.repository.insertManual({
      scheduleId: row.id,
      periodStart: period.from,
      periodEnd: period.to,
      recipients: row.recipients,
    });
    await this.deliveries.enqueue(delivery.id);
    return deliveryView(delivery);
  }

  /** The period of the latest run (today's, if its time has passed; else the one before). */
  private lastPeriod(row: ReportScheduleRow, now: Date): { from: Date; to: Date } {
    const run = latestOccurrence(row, now);
    const date = run?.date ?? localDate(now, row.timeZone);
    return reportPeriod(row.kind as ReportKind, date, row.timeZone);
  }

  private async managed(caller: AuthUser, id: string): Promise<ReportScheduleRow> {
    const row = await this.repository.find(id);
    if (!row) throw AppException.notFound(NO_SUCH_SCHEDULE);
    const held = await this.access.teamsHolding(caller, Permission.ReportsSchedule);
    if (!this.manages(held, row)) throw AppException.notFound(NO_SUCH_SCHEDULE);
    return row;
  }

  private manages(held: string[] | 'all', row: ReportScheduleRow): boolean {
    return held === 'all' || row.teamIds.every((teamId) => held.includes(teamId));
  }

  /**
   * The input's rules beyond the DTO: every team exists and the caller holds `reports:schedule`
   * there (a team they are not in: 404; one whose profile withholds it: 403), a weekday exactly
   * when weekly, a zone the runtime knows, recipients once each.
   */
  private async checked(caller: AuthUser, input: ReportScheduleDto) {
    const teamIds = [...new Set(input.teamIds.map((id) => id.toLowerCase()))];
    for (const teamId of teamIds) {
      const team = await this.teams.audienceOf(teamId);
      if (!team) throw AppException.notFound(NO_SUCH_TEAM);
      if (caller.role === Role.Admin) continue;
      const standing = await this.access.standing(caller, teamId, Permission.ReportsSchedule);
      if (standing === 'withheld') throw this.access.withheld(Permission.ReportsSchedule);
      if (standing === 'none') throw AppException.notFound(NO_SUCH_TEAM);
    }
    const issues = [];
    if (input.frequency === 'weekly' && (input.weekday === undefined || input.weekday === null)) {
      issues.push({ field: 'weekday', messages: ['weekday is required for a weekly schedule'] });
    }
    if (!isTimeZone(input.timeZone)) {
      issues.push({
        field: 'timeZone',
        messages: ['timeZone must be an IANA time zone, e.g. Europe/Paris'],
      });
    }
    if (issues.length > 0) throw AppException.validation('The request is invalid.', issues);
    const seen = new Set<string>();
    const recipients = input.recipients
      .map((email) => email.trim())
      .filter((email) => {
        const key = email.toLowerCase();
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    return {
      name: input.name.trim(),
      teamIds,
      kind: input.kind,
      recipients,
      frequency: input.frequency as ReportFrequency,
      weekday: input.frequency === 'weekly' ? (input.weekday ?? null) : null,
      localTime: input.localTime,
      timeZone: input.timeZone,
      enabled: input.enabled ?? true,
    };
  }

  private async views(rows: ReportScheduleRow[]): Promise<ReportScheduleView[]> {
    const latest = await this.repository.latestDeliveries(
      rows.map((row) => row.id),
      LAST_DELIVERIES,
    );
    const names = new Map<string, string>();
    for (const teamId of new Set(rows.flatMap((row) => row.teamIds))) {
      names.set(teamId, (await this.teams.audienceOf(teamId))?.name ?? teamId);
    }
    const now = new Date();
    return rows.map((row) => ({
      id: row.id,
      ownerId: row.ownerId,
      name: row.name,
      teams: row.teamIds.map((id) => ({ id, name: names.get(id) ?? id })),
      kind: row.kind as ReportKind,
      recipients: row.recipients,
      frequency: row.frequency as ReportFrequency,
      weekday: row.weekday,
      localTime: row.localTime,
      timeZone: row.timeZone,
      enabled: row.enabled,
      nextRunAt: row.enabled ? nextOccurrence(row, now).at.toISOString() : null,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
      lastDeliveries: (latest.get(row.id) ?? []).map(deliveryView),
    }));
  }
}

function deliveryView(row: ReportDeliveryRow): ReportDeliveryView {
  return {
    id: row.id,
    trigger: row.trigger as ReportDeliveryView['trigger'],
    periodStart: row.periodStart.toISOString(),
    periodEnd: row.periodEnd.toISOString(),
    status: row.status as ReportDeliveryView['status'],
    attempts: row.attempts,
    lastError: row.lastError,
    recipients: row.recipients,
    sentTo: row.sentTo,
    createdAt: row.createdAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
  };
}
