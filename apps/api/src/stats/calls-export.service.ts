import { Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify';
import type { Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { AuthUser } from '../auth/auth-user';
import { CallStatsQueryDto } from './dto/stats.dto';
import { FigureScope } from './stats-figures.service';
import { Period } from './stats-period';
import { ExportRow, StatsRepository } from './stats.repository';
import { StatsService } from './stats.service';

/** Rows per database round trip: big enough to amortise it, small enough to keep memory flat. */
const PAGE_SIZE = 5_000;

const COLUMNS = [
  'id',
  'team',
  'agent',
  'direction',
  'from',
  'to',
  'state',
  'queued_at_local',
  'queued_at',
  'answered_at_local',
  'answered_at',
  'ended_at_local',
  'ended_at',
  'completed_at_local',
  'completed_at',
  'wait_seconds',
  'ring_seconds',
  'talk_seconds',
  'hold_seconds',
  'after_call_work_seconds',
  'disposition',
  'success',
  'qa_average',
];

/**
 * `GET /api/stats/calls?format=csv`: one row per call that arrived in the range, in arrival
 * order. Memory stays flat for any range: pages of 5,000 calls are read by keyset (arrival, id)
 * and the next page is only read when the client has taken the previous one (stream
 * backpressure through `pipeline`). `*_local` times are in the organisation's zone, the others
 * UTC ISO 8601.
 */
@Injectable()
export class CallsExportService {
  constructor(
    private readonly stats: StatsService,
    private readonly repository: StatsRepository,
  ) {}

  async stream(caller: AuthUser, query: CallStatsQueryDto, response: Response): Promise<void> {
    // Everything that can refuse the request runs before the first byte, so errors keep the envelope.
    const scope = await this.stats.reportScope(caller, query);
    const { period, settings } = await this.stats.period(query);
    response.status(200);
    response.setHeader('content-type', 'text/csv; charset=utf-8');
    response.setHeader(
      'content-disposition',
      `attachment; filename="calls-${fileDate(period.from)}-${fileDate(period.to)}.csv"`,
    );
    response.setHeader('cache-control', 'no-store');
    await pipeline(
      Readable.from(this.records(scope.figures, period, settings.timeZone)),
      stringify({ header: true, columns: COLUMNS }),
      response,
    );
  }

  private async *records(
    scope: FigureScope,
    period: Period,
    timeZone: string,
  ): AsyncGenerator<unknown[]> {
    let after: { arrival: string; id: string } | null = null;
    for (;;) {
      const page: ExportRow[] = await this.repository.exportPage(
        scope,
        period,
        timeZone,
        after,
        PAGE_SIZE,
      );
      for (const row of page) yield toRecord(row);
      const last = page[page.length - 1];
      if (!last || page.length < PAGE_SIZE) return;
      after = { arrival: last.arrival, id: last.id };
    }
  }
}

function toRecord(row: ExportRow): unknown[] {
  return [
    row.id,
    row.team,
    row.agent,
    row.direction,
    row.from,
    row.to,
    row.state,
    row.queuedLocal,
    row.queuedAt,
    row.answeredLocal,
    row.answeredAt,
    row.endedLocal,
    row.endedAt,
    row.completedLocal,
    row.completedAt,
    seconds(row.waitSeconds),
    seconds(row.ringSeconds),
    seconds(row.talkSeconds),
    seconds(row.holdSeconds),
    seconds(row.afterCallWorkSeconds),
    row.disposition,
    row.success === null ? null : row.success ? 'true' : 'false',
    seconds(row.qaAverage),
  ];
}

/** numeric arrives as a string from `pg`, a number from PGlite: the same text either way. */
function seconds(value: string | number | null): string | null {
  return value === null ? null : String(Number(value));
}

function fileDate(instant: Date): string {
  return instant.toISOString().slice(0, 16).replace(/[-:]/g, '');
}
