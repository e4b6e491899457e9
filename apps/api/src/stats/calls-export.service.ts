import { Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify';
import type { Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { AuthUser } from '../identity/access';
import { CallStatsQueryDto } from './dto/stats.dto';
import { FigureScope } from './figure-scope';
import { Period } from './stats-period';
import { EXPORT_COLUMNS, ExportRow, StatsRepository } from './stats.repository';
import { StatsService } from './stats.service';

/** Rows per database round trip (PGlite): big enough to amortise it, small enough to keep memory flat. */
const PAGE_SIZE = 5_000;

/**
 * `GET /api/stats/calls?format=csv`: one row per call that arrived in the range, in arrival
 * order. `*_local` times are in the organisation's zone, the others UTC ISO 8601. Memory stays
 * flat for any range, and both databases write the same bytes from the same query:
 * - PostgreSQL: `COPY (query) TO STDOUT (FORMAT csv, HEADER)` piped to the response, so the
 *   database formats the CSV and the socket's backpressure paces it;
 * - PGlite (in-process, no COPY to a stream): pages of 5,000 calls by keyset (arrival, id),
 *   written by csv-stringify, the next page read only when the client has taken the previous one.
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
    if (this.repository.canCopyExport) {
      await this.repository.copyExport(scope.figures, period, settings.timeZone, response);
      return;
    }
    await pipeline(
      Readable.from(this.records(scope.figures, period, settings.timeZone)),
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
