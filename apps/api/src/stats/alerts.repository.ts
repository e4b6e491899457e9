import { Injectable } from '@nestjs/common';
import { sql } from 'drizzle-orm';

import { Database, InjectDatabase } from '@poscalls4u/server-database';

import { uuidArray } from './stats.repository';

export interface ThresholdsRow {
  teamId: string;
  serviceLevelBelowPercent: number | null;
  callWaitingLongerThanSeconds: number | null;
  agentOnBreakLongerThanMinutes: number | null;
}

export interface AlertRow {
  id: string;
  teamId: string;
  kind: string;
  level: 'warning' | 'critical';
  message: string;
  since: Date;
}

export interface BreakRecord {
  teamId: string;
  userId: string;
  name: string;
  since: Date;
}

/** Alert thresholds and the alerts in progress (`active_alerts`, the cross-instance claim). */
@Injectable()
export class AlertsRepository {
  constructor(@InjectDatabase() private readonly db: Database) {}

  async thresholds(teamIds: string[]): Promise<Map<string, ThresholdsRow>> {
    if (teamIds.length === 0) return new Map();
    const result = await this.db.execute(sql`
      select team_id as "teamId", service_level_below_percent as "serviceLevelBelowPercent",
        call_waiting_longer_than_seconds as "callWaitingLongerThanSeconds",
        agent_on_break_longer_than_minutes as "agentOnBreakLongerThanMinutes"
      from team_alert_thresholds where team_id = any(${uuidArray(teamIds)})`);
    return new Map(rowsOf<ThresholdsRow>(result).map((row) => [row.teamId, row]));
  }

  async putThresholds(row: ThresholdsRow): Promise<void> {
    await this.db.execute(sql`
      insert into team_alert_thresholds (team_id, service_level_below_percent,
        call_waiting_longer_than_seconds, agent_on_break_longer_than_minutes, updated_at)
      values (${row.teamId}, ${row.serviceLevelBelowPercent}, ${row.callWaitingLongerThanSeconds},
        ${row.agentOnBreakLongerThanMinutes}, now())
      on conflict (team_id) do update set
        service_level_below_percent = excluded.service_level_below_percent,
        call_waiting_longer_than_seconds = excluded.call_waiting_longer_than_seconds,
        agent_on_break_longer_than_minutes = excluded.agent_on_break_longer_than_minutes,
        updated_at = now()`);
  }

  async active(teamIds: string[]): Promise<AlertRow[]> {
    if (teamIds.length === 0) return [];
    const result = await this.db.execute(sql`
      select id, team_id as "teamId", kind, level, message, since from active_alerts
      where team_id = any(${uuidArray(teamIds)}) order by since, id`);
    return rowsOf<AlertRow & { since: string | Date }>(result).map((row) => ({
      ...row,
      since: new Date(row.since),
    }));
  }

  /** The database's clock: alerts older than an evaluation's start are that evaluation's to clear. */
  async now(): Promise<string> {
    const result = await this.db.execute(sql`select clock_timestamp()::text as now`);
    return rowsOf<{ now: string }>(result)[0]?.now ?? new Date().toISOString();
  }

  /** Inserts the alerts not yet in progress; answers those this call inserted (it notifies them). */
  async claim(alerts: AlertRow[]): Promise<string[]> {
    if (alerts.length === 0) return [];
    const values = sql.join(
      alerts.map(
        (alert) =>
          sql`(${alert.id}, ${alert.teamId}::uuid, ${alert.kind}, ${alert.level}, ${alert.message}, ${alert.since.toISOString()}::timestamptz)`,
      ),
      sql`, `,
    );
    const result = await this.db.execute(sql`
      insert into active_alerts (id, team_id, kind, level, message, since) values ${values}
      on conflict (id) do nothing returning id`);
    return rowsOf<{ id: string }>(result).map((row) => row.id);
  }

  /**
   * Brings the alerts already in progress up to date (a service level that keeps falling, a
   * changed threshold): the dashboard shows what holds now, not the figure of the first crossing.
   * Only rows whose words changed are written; nobody is notified again.
   */
  async refresh(alerts: AlertRow[]): Promise<void> {
    if (alerts.length === 0) return;
    const values = sql.join(
      alerts.map((alert) => sql`(${alert.id}, ${alert.level}, ${alert.message})`),
      sql`, `,
    );
    await this.db.execute(sql`
      update active_alerts set level = fresh.level, message = fresh.message
      from (values ${values}) as fresh (id, level, message)
      where active_alerts.id = fresh.id
        and (active_alerts.message <> fresh.message or active_alerts.level <> fresh.level)`);
  }

  /**
   * Ends the alerts of these teams whose condition no longer holds. Only rows claimed before this
   * evaluation started: another instance's newer claim reflects newer facts than ours.
   */
  async clear(teamIds: string[], keep: string[], startedAt: string): Promise<void> {
    if (teamIds.length === 0) return;
    const kept = sql`${`{${keep.map((id) => `"${id}"`).join(',')}}`}::text[]`;
    await this.db.execute(sql`
      delete from active_alerts where team_id = any(${uuidArray(teamIds)})
        and not (id = any(${kept})) and created_at < ${startedAt}::timestamptz`);
  }

  /**
   * How many agent members of each team are free for a call: available, with no call offered
   * to or held by them. A team without any is absent from the map.
   */
  async freeAgentCounts(teamIds: string[]): Promise<Map<string, number>> {
    if (teamIds.length === 0) return new Map();
    const result = await this.db.execute(sql`
      select m.team_id as "teamId", count(*)::int as free
      from team_members m
      join agent_presence p on p.user_id = m.user_id
        and p.status = 'available' and p.current_call_id is null
      where m.team_id = any(${uuidArray(teamIds)}) and m.role = 'agent'
      group by m.team_id`);
    return new Map(
      rowsOf<{ teamId: string; free: number }>(result).map((row) => [row.teamId, Number(row.free)]),
    );
  }

  /** Agent members of these teams who are on a break, since when. */
  async onBreak(teamIds: string[]): Promise<BreakRecord[]> {
    if (teamIds.length === 0) return [];
    const result = await this.db.execute(sql`
      select m.team_id as "teamId", m.user_id as "userId", u.name, p.since
      from team_members m
      join agent_presence p on p.user_id = m.user_id and p.status = 'break'
      join users u on u.id = m.user_id
      where m.team_id = any(${uuidArray(teamIds)}) and m.role = 'agent'`);
    return rowsOf<BreakRecord & { since: string | Date }>(result).map((row) => ({
      ...row,
      since: new Date(row.since),
    }));
  }
}

function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}
