import { Inject, Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify';
import type { Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { APP_CONFIG, AppConfig } from '@poscalls4u/server-config';

import { AuthUser } from '../identity/access';
import { AppException } from '../platform/http';
import { CallStatsQueryDto } from './dto/stats.dto';
import { FigureScope } from './figure-scope';
import { Period } from './stats-period';
import { EXPORT_COLUMNS, ExportRow, StatsRepository } from './stats.repository';
import { StatsService } from './stats.service';

/** Rows per database round trip (PGlite): big enough to amortise it, small enough to keep memory flat. */
const PAGE_SIZE = 5_000;

/** What a client refused for too many exports is told to wait: an export of a day takes seconds. */
const RETRY_AFTER_SECONDS = 10;

/**
 * `GET /api/stats/calls?format=csv`: one row per call that arrived in the range, in arrival
 * order. `*_local` times are in the organisation's zone, the others UTC ISO 8601. Memory stays
 * flat for any range, and both databases write the same bytes from the same query:
 * - PostgreSQL: `COPY (query) TO STDOUT (FORMAT csv, HEADER)` piped to the response, so the
 *   database formats the CSV and the socket's backpressure paces it;
 * - PGlite (in-process, no COPY to a stream): pages of 5,000 calls by keyset (arrival, id),
 *   written by csv-stringify, the next page read only when the client has taken the previous one.
 * Each export holds a database connection while it runs, so an instance streams at most
 * `EXPORT_MAX_CONCURRENT` at once and a user `EXPORT_MAX_CONCURRENT_PER_USER`; beyond that the
 * answer is 429 with `Retry-After`, and the pool stays free for everything else.
 */
@Injectable()
export class CallsExportService {
  private running = 0;
  private readonly runningByUser = new Map<string, number>();

  constructor(
    private readonly stats: StatsService,
    private readonly repository: StatsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async stream(caller: AuthUser, query: CallStatsQueryDto, response: Response): Promise<void> {
    // Everything that can refuse the request runs before the first byte, so errors keep the envelope.
    const scope = await this.stats.reportScope(caller, query, { export: true });
    const { period, settings } = await this.stats.period(query);
    this.claimSlot(caller.id, response);
    try {
      await this.write(scope.figures, period, settings.timeZone, response);
    } finally {
      this.releaseSlot(caller.id);
    }
  }

  private claimSlot(userId: string, response: Response): void {
    const { maxConcurrent, maxConcurrentPerUser } = this.config.exports;
    const mine = this.runningByUser.get(userId) ?? 0;
    if (mine >= maxConcurrentPerUser || this.running >= maxConcurrent) {
      response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
      throw AppException.tooManyRequests(
        mine >= maxConcurrentPerUser
          ? `You already have ${mine} exports running; wait for one to finish.`
          : 'Too many exports are running; try again in a few seconds.',
      );
    }
    this.running += 1;
    this.runningByUser.set(userId, mine + 1);
  }

  private releaseSlot(userId: string): void {
    this.running -= 1;
    const mine = (this.runningByUser.get(userId) ?? 1) - 1;
    if (mine > 0) this.runningByUser.set(userId, mine);
    else this.runningByUser.delete(userId);
  }

  private async write(
    scope: FigureScope,
    period: Period,
    timeZone: string,
    response: Response,
  ): Promise<void> {
    response.status(200);
    response.setHeader('content-type', 'text/csv; charset=utf-8');
    response.setHeader(
      'content-disposition',
      `attachment; filename="calls-${fileDate(period.from)}-${fileDate(period.to)}.csv"`,
    );
    response.setHeader('cache-control', 'no-store');
    if (this.repository.canCopyExport) {
      await this.repository.copyExport(scope, period, timeZone, response);
      return;
    }
    await pipeline(
      Readable.from(this.records(scope, period, timeZone)),
      // COPY quotes a field holding a carriage return; csv-stringify only one holding \n.
      stringify({ header: true, columns: [...EXPORT_COLUMNS], quoted_match: /\r/ }),
      response,
    );
  }

  private async *records(
    scope: FigureScope,
    period: Period,
    timeZone: string,
  ): AsyncGenerator<ExportRow> {
    let after: { arrival: string; id: string } | null = null;
    for (;;) {
      const page = await this.repository.exportPage(scope, period, timeZone, after, PAGE_SIZE);
      yield* page;
      const last = page[page.length - 1];
      if (!last?.arrival || !last.id || page.length < PAGE_SIZE) return;
      after = { arrival: last.arrival, id: last.id };
    }
  }
}

function fileDate(instant: Date): string {
  return instant.toISOString().slice(0, 16).replace(/[-:]/g, '');
}
