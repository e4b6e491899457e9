import { Injectable } from '@nestjs/common';
import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm';

import {
  Database,
  InjectDatabase,
  ReportDeliveryRow,
  ReportScheduleRow,
  reportDeliveries,
  reportSchedules,
} from '@poscalls4u/server-database';

export type NewSchedule = Pick<
  ReportScheduleRow,
  | 'ownerId'
  | 'name'
  | 'teamIds'
  | 'kind'
  | 'recipients'
  | 'frequency'
  | 'weekday'
  | 'localTime'
  | 'timeZone'
  | 'enabled'
>;

/** The scheduled reports and their deliveries (`report_schedules`, `report_deliveries`). */
@Injectable()
export class ReportSchedulesRepository {
  constructor(@InjectDatabase() private readonly db: Database) {}

  async insert(schedule: NewSchedule): Promise<ReportScheduleRow> {
    const [row] = await this.db.insert(reportSchedules).values(schedule).returning();
    if (!row) throw new Error('insert returned no row');
    return row;
  }

  async update(id: string, schedule: Omit<NewSchedule, 'ownerId'>): Promise<void> {
    await this.db
      .update(reportSchedules)
      .set({ ...schedule, updatedAt: new Date() })
      .where(eq(reportSchedules.id, id));
  }

  async delete(id: string): Promise<void> {
    await this.db.delete(reportSchedules).where(eq(reportSchedules.id, id));
  }

  async find(id: string): Promise<ReportScheduleRow | undefined> {
    const [row] = await this.db.select().from(reportSchedules).where(eq(reportSchedules.id, id));
    return row;
  }

  /** Every schedule (admins), or those touching any of `teamIds`, oldest first. */
  async list(teamIds: string[] | 'all'): Promise<ReportScheduleRow[]> {
    if (teamIds !== 'all' && teamIds.length === 0) return [];
    const query = this.db.select().from(reportSchedules);
    const filtered =
      teamIds === 'all'
        ? query
        : // Ids are validated UUIDs; passed as one array literal, as the drivers agree on text.
          query.where(sql`${reportSchedules.teamIds} && ${`{${teamIds.join(',')}}`}::uuid[]`);
    return filtered.orderBy(reportSchedules.createdAt, reportSchedules.id);
  }

  async enabled(): Promise<ReportScheduleRow[]> {
    return this.db.select().from(reportSchedules).where(eq(reportSchedules.enabled, true));
  }

  /** Removes one address from a schedule's recipients (case-insensitively); false when absent. */
  async removeRecipient(id: string, email: string): Promise<boolean> {
    const rows = await this.db
      .update(reportSchedules)
      .set({
        recipients: sql`array(select r from unnest(${reportSchedules.recipients}) as r where lower(r) <> lower(${email}))`,
        updatedAt: new Date(),
      })
      .where(
        and(
          eq(reportSchedules.id, id),
          sql`exists (select 1 from unnest(${reportSchedules.recipients}) as r where lower(r) = lower(${email}))`,
        ),
      )
      .returning({ id: reportSchedules.id });
    return rows.length > 0;
  }

  /**
   * Claims the scheduled delivery of one period: inserts its row unless one exists. Returns the
   * new row, or undefined when another tick (or instance) claimed the period first.
   */
  async claimScheduled(input: {
    scheduleId: string;
    periodStart: Date;
    periodEnd: Date;
    recipients: string[];
  }): Promise<ReportDeliveryRow | undefined> {
    const [row] = await this.db
      .insert(reportDeliveries)
      .values({ ...input, trigger: 'schedule' })
      .onConflictDoNothing({
        target: [reportDeliveries.scheduleId, reportDeliveries.periodEnd],
        where: sql`${reportDeliveries.trigger} = 'schedule'`,
      })
      .returning();
    return row;
  }

  async insertManual(input: {
    scheduleId: string;
    periodStart: Date;
    periodEnd: Date;
    recipients: string[];
  }): Promise<ReportDeliveryRow> {
    const [row] = await this.db
      .insert(reportDeliveries)
      .values({ ...input, trigger: 'manual' })
      .returning();
    if (!row) throw new Error('insert returned no row');
    return row;
  }

  async delivery(id: string): Promise<ReportDeliveryRow | undefined> {
    const [row] = await this.db.select().from(reportDeliveries).where(eq(reportDeliveries.id, id));
    return row;
  }

  /** The latest `limit` deliveries of each schedule, newest first. */
  async latestDeliveries(
    scheduleIds: string[],
    limit: number,
  ): Promise<Map<string, ReportDeliveryRow[]>> {
    const byId = new Map<string, ReportDeliveryRow[]>();
    if (scheduleIds.length === 0) return byId;
    const rows = await this.db
      .select()
      .from(reportDeliveries)
      .where(inArray(reportDeliveries.scheduleId, scheduleIds))
      .orderBy(desc(reportDeliveries.createdAt), desc(reportDeliveries.id));
    for (const row of rows) {
      const list = byId.get(row.scheduleId) ?? [];
      if (list.length < limit) list.push(row);
      byId.set(row.scheduleId, list);
    }
    return byId;
  }

  /** Pending deliveries created before `before`: their job may have been lost (restart). */
  async stalePending(before: Date): Promise<ReportDeliveryRow[]> {
    return this.db
      .select()
      .from(reportDeliveries)
      .where(and(eq(reportDeliveries.status, 'pending'), lt(reportDeliveries.createdAt, before)))
      .limit(100);
  }

  /** Records one recipient as served, so a retry does not mail them again. */
  async markSentTo(id: string, email: string): Promise<void> {
    await this.db
      .update(reportDeliveries)
      .set({ sentTo: sql`array_append(${reportDeliveries.sentTo}, ${email})` })
      .where(eq(reportDeliveries.id, id));
  }

  async finish(
    id: string,
    result: { status: 'sent' | 'failed' | 'pending'; attempts: number; error: string | null },
  ): Promise<void> {
    await this.db
      .update(reportDeliveries)
      .set({
        status: result.status,
        attempts: result.attempts,
        lastError: result.error,
        ...(result.status === 'sent' ? { sentAt: new Date() } : {}),
      })
      .where(eq(reportDeliveries.id, id));
  }
}
