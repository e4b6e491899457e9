import { Inject, Injectable, Logger } from '@nestjs/common';

import { Permission, ReportKind, ReportPreview } from '@poscalls4u/contracts';
import { APP_CONFIG, type AppConfig } from '@poscalls4u/server-config';
import { ReportScheduleRow } from '@poscalls4u/server-database';
import { JobName, JobQueue, QUEUE_ATTEMPTS, QueueName } from '@poscalls4u/server-jobs';
import { MailService, renderEmail } from '@poscalls4u/server-mail';

import { AuthUser, UserDirectory } from '../../identity/access';
import { DomainEvents } from '../../platform/events';
import { StatsService, isoInZone } from '../../stats';
import { TeamAccess } from '../../teams';
import { summaryCsv, summaryLine } from './report-renderer';
import { ReportSchedulesRepository } from './report-schedules.repository';
import { latestOccurrence, localDate, reportPeriod } from './schedule-time';
import { UnsubscribeLinks } from './unsubscribe-link';

/** A run later than this after its time (the platform was down) is skipped, not sent late. */
const CATCH_UP_MS = 24 * 3_600_000;
/** A pending delivery older than this lost its job (a restart without Redis): enqueue it again. */
const STALE_PENDING_MS = 5 * 60_000;

/** Why a delivery cannot be made, for good: recorded as failed, not retried. */
class UndeliverableError extends Error {}

/**
 * Why a delivery failed, for its owner: plain words from the kind of failure (nodemailer's error
 * codes), never the raw server answer, which may echo addresses or settings.
 */
function failureInPlainWords(error: unknown): string {
  if (error instanceof UndeliverableError) return error.message;
  const { code, responseCode } = (error ?? {}) as { code?: unknown; responseCode?: unknown };
  const answered = typeof responseCode === 'number' ? ` (it answered ${responseCode})` : '';
  switch (code) {
    case 'EAUTH':
    case 'ENOAUTH':
      return `The mail server refused the platform's sign-in${answered}: an administrator should check the SMTP user and password.`;
    case 'ECONNECTION':
    case 'ETIMEDOUT':
    case 'ESOCKET':
    case 'EDNS':
    case 'ETLS':
      return 'The mail server could not be reached: an administrator should check the SMTP settings and that the server is up.';
    case 'EENVELOPE':
      return `The mail server refused a recipient${answered}: check the addresses of the schedule.`;
    case 'EMESSAGE':
    case 'EPROTOCOL':
    case 'ESTREAMING':
      return `The mail server refused the message${answered}.`;
  }
  return 'The report could not be made or sent; the server log has the details.';
}

/**
 * Runs scheduled reports: the periodic tick claims the runs that are due (one row per schedule
 * and period, inserted before anything is sent), and each claimed delivery is a job that renders
 * the team summary with the schedule owner's access and mails it to every recipient, recording
 * each one served so a retry after an SMTP failure continues where it stopped.
 */
@Injectable()
export class ReportDeliveryService {
  private readonly logger = new Logger(ReportDeliveryService.name);

  constructor(
    private readonly repository: ReportSchedulesRepository,
    private readonly stats: StatsService,
    private readonly access: TeamAccess,
    private readonly directory: UserDirectory,
    private readonly jobs: JobQueue,
    private readonly mail: MailService,
    private readonly links: UnsubscribeLinks,
    private readonly events: DomainEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Claims and enqueues every run due at `now`. Safe to run twice, or at once on several
   * instances: the claim is a unique row per schedule and period, so only one caller wins it.
   * Returns the ids of the deliveries this call claimed.
   */
  async tick(now = new Date()): Promise<string[]> {
    const claimed: string[] = [];
    for (const schedule of await this.repository.enabled()) {
      const run = latestOccurrence(schedule, now);
      if (!run) continue;
      // Not for runs before the schedule existed, nor long-missed ones.
      if (run.at.getTime() < schedule.createdAt.getTime()) continue;
      if (now.getTime() - run.at.getTime() > CATCH_UP_MS) continue;
      if (schedule.recipients.length === 0) continue;
      const period = reportPeriod(schedule.kind as ReportKind, run.date, schedule.timeZone);
      const delivery = await this.repository.claimScheduled({
        scheduleId: schedule.id,
        periodStart: period.from,
        periodEnd: period.to,
        recipients: schedule.recipients,
      });
      if (!delivery) continue;
      claimed.push(delivery.id);
      await this.enqueue(delivery.id);
    }
    for (const stale of await this.repository.stalePending(
      new Date(now.getTime() - STALE_PENDING_MS),
    )) {
      await this.enqueue(stale.id);
    }
    return claimed;
  }

  /** Hands a delivery to the reports queue; its id makes a repeated hand-over harmless. */
  async enqueue(deliveryId: string): Promise<void> {
    await this.jobs.enqueue(
      JobName.DeliverScheduledReport,
      { deliveryId },
      { jobId: `report-delivery-${deliveryId}` },
    );
  }

  /**
   * Sends one delivery to the recipients it has not served yet. Throws to have the job retried
   * (with backoff); on the last attempt the delivery is recorded as failed.
   */
  async deliver(deliveryId: string, attempt: number): Promise<void> {
    const delivery = await this.repository.delivery(deliveryId);
    // Gone with its schedule, or already finished by an earlier run of this job.
    if (!delivery || delivery.status !== 'pending') return;
    const schedule = await this.repository.find(delivery.scheduleId);
    if (!schedule) return;
    const lastAttempt = attempt >= QUEUE_ATTEMPTS[QueueName.Reports];
    try {
      const report = await this.render(schedule, {
        from: delivery.periodStart,
        to: delivery.periodEnd,
      });
      // Someone who unsubscribed after the claim is not mailed.
      const current = new Set(schedule.recipients.map((email) => email.toLowerCase()));
      const served = new Set(delivery.sentTo.map((email) => email.toLowerCase()));
      let mailed = served.size;
      for (const email of delivery.recipients) {
        if (served.has(email.toLowerCase()) || !current.has(email.toLowerCase())) continue;
        const rendered = renderEmail({
          kind: 'scheduled-report',
          scheduleName: schedule.name,
          periodLabel: report.periodLabel,
          lines: report.preview.text.split('\n'),
          reportsUrl: `${this.config.publicUrl.replace(/\/$/, '')}/supervisor/reports`,
          unsubscribeUrl: this.links.url(schedule.id, email),
        });
        await this.mail.send(
          {
            to: email,
            ...rendered,
            attachments: [
              { filename: report.filename, contentType: 'text/csv', content: report.preview.csv },
            ],
          },
          { idempotencyKey: `${delivery.id}-${email.toLowerCase()}` },
        );
        await this.repository.markSentTo(delivery.id, email);
        mailed += 1;
      }
      await this.repository.finish(delivery.id, { status: 'sent', attempts: attempt, error: null });
      // Once per delivery: only the run that finished it gets here (a finished one returns above).
      this.events.publish('report.delivered', {
        scheduleId: schedule.id,
        scheduleName: schedule.name,
        deliveryId: delivery.id,
        ownerId: schedule.ownerId,
        recipientCount: mailed,
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const final = lastAttempt || error instanceof UndeliverableError;
      await this.repository.finish(delivery.id, {
        status: final ? 'failed' : 'pending',
        attempts: attempt,
        error: message.slice(0, 500),
      });
      this.logger.warn(
        `Scheduled report delivery ${delivery.id} failed (attempt ${attempt}${final ? ', giving up' : ''}): ${message}`,
      );
      // Once per delivery: a failed one is never run again (it returns above).
      if (final)
        this.events.publish('report.delivery-failed', {
          scheduleId: schedule.id,
          scheduleName: schedule.name,
          deliveryId: delivery.id,
          ownerId: schedule.ownerId,
          reason: failureInPlainWords(error),
          attempts: attempt,
        });
      if (!(error instanceof UndeliverableError)) throw error;
    }
  }

  /**
   * The summary of `period` for the schedule's teams, as its owner would see it on the reports
   * page (the statistics' own figures and access rules). Teams the owner no longer schedules
   * reports for are left out; with none left the report cannot be made.
   */
  async render(
    schedule: ReportScheduleRow,
    period: { from: Date; to: Date },
  ): Promise<{ preview: ReportPreview; periodLabel: string; filename: string }> {
    const owner = await this.directory.findById(schedule.ownerId);
    if (!owner || !owner.isActive) {
      throw new UndeliverableError("The schedule's owner is no longer active.");
    }
    // Statistics are read with the owner's rights; no session is involved in a background job.
    const caller: AuthUser = {
      id: owner.id,
      email: owner.email,
      name: owner.name,
      role: owner.role,
      sessionId: 'scheduled-report',
      mfaEnabled: false,
    };
    const held = await this.access.teamsHolding(caller, Permission.ReportsSchedule);
    const teamIds = schedule.teamIds.filter((id) => held === 'all' || held.includes(id));
    if (teamIds.length === 0) {
      throw new UndeliverableError("The schedule's owner no longer supervises its teams.");
    }
    const report = await this.stats.callStats(caller, {
      teamId: teamIds,
      groupBy: 'team',
      from: period.from.toISOString(),
      to: period.to.toISOString(),
      interval: '1d',
    });
    const rows = report.breakdown.map((row) => ({
      teamId: row.key,
      teamName: row.label,
      figures: row.figures,
    }));
    const zone = schedule.timeZone;
    const start = isoInZone(period.from, zone);
    const end = isoInZone(period.to, zone);
    const firstDay = localDate(period.from, zone);
    const lastDay = localDate(new Date(period.to.getTime() - 1), zone);
    const periodLabel =
      firstDay === lastDay ? `${firstDay} (${zone})` : `${firstDay} to ${lastDay} (${zone})`;
    const lines = [
      ...rows.map((row) => summaryLine(row.teamName, row.figures)),
      ...(rows.length > 1 ? [summaryLine('All teams', report.totals)] : []),
    ];
    return {
      preview: {
        subject: `${schedule.name}: ${periodLabel}`,
        periodStart: start,
        periodEnd: end,
        rows,
        totals: report.totals,
        text: lines.join('\n'),
        csv: summaryCsv({ start, end }, rows, report.totals),
      },
      periodLabel,
      filename: `report-${firstDay}${firstDay === lastDay ? '' : `-to-${lastDay}`}.csv`,
    };
  }
}
