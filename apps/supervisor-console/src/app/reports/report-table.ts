import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, input } from '@angular/core';

import { KpiFigures, StatsInterval, StatsPoint } from '@poscalls4u/contracts';
import { formatPercent, formatSeconds, intervalLabel } from '@poscalls4u/web-stats';

/** The KPIs per interval with a totals row: also the chart's text alternative. */
@Component({
  selector: 'pc-report-table',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="pc-report-table">
      <table data-testid="report-table">
        <caption class="pc-visually-hidden">
          KPIs per interval, with totals
        </caption>
        <thead>
          <tr>
            <th scope="col">{{ firstColumn() }}</th>
            <th scope="col">Offered</th>
            <th scope="col">Answered</th>
            <th scope="col">Abandoned</th>
            <th scope="col">Service level</th>
            <th scope="col">ASA</th>
            <th scope="col">AHT</th>
            <th scope="col">Abandonment</th>
            <th scope="col">Occupancy</th>
            <th scope="col">Success</th>
            <th scope="col">Transfers</th>
          </tr>
        </thead>
        <tbody>
          @for (row of rows(); track row.key) {
            <tr>
              <th scope="row">{{ row.label }}</th>
              <ng-container
                *ngTemplateOutlet="cells; context: { $implicit: row.figures }"
              ></ng-container>
            </tr>
          }
        </tbody>
        @if (totals(); as totals) {
          <tfoot>
            <tr data-testid="report-totals">
              <th scope="row">Total</th>
              <ng-container
                *ngTemplateOutlet="cells; context: { $implicit: totals }"
              ></ng-container>
            </tr>
          </tfoot>
        }
      </table>
    </div>
    <ng-template #cells let-f>
      @if (perAgent()) {
        <!-- Queue figures count calls a queue offered, which no agent is offered alone. -->
        <td data-testid="report-offered"><abbr title="not applicable to agents">n/a</abbr></td>
      } @else {
        <td data-testid="report-offered">{{ f.offered }}</td>
      }
      <td>{{ f.answered }}</td>
      @if (perAgent()) {
        <td><abbr title="not applicable to agents">n/a</abbr></td>
        <td><abbr title="not applicable to agents">n/a</abbr></td>
      } @else {
        <td>{{ f.abandoned }}</td>
        <td>{{ percent(f.serviceLevelPercent) }}</td>
      }
      <td>{{ seconds(f.asaSeconds) }}</td>
      <td>{{ seconds(f.ahtSeconds) }}</td>
      @if (perAgent()) {
        <td><abbr title="not applicable to agents">n/a</abbr></td>
      } @else {
        <td>{{ percent(f.abandonmentRatePercent) }}</td>
      }
      <td>{{ percent(f.occupancyPercent) }}</td>
      <td>{{ percent(f.successRatePercent) }}</td>
      <td>{{ percent(f.transferRatePercent) }}</td>
    </ng-template>
  `,
  styles: `
    .pc-report-table {
      overflow-x: auto;
    }
    table {
      width: 100%;
      border-collapse: collapse;
      font: var(--mat-sys-body-medium);
    }
    th,
    td {
      padding: 0.375rem 0.5rem;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
      text-align: right;
      white-space: nowrap;
    }
    th[scope='row'],
    thead th:first-child {
      text-align: left;
    }
    tfoot {
      font-weight: 600;
    }
  `,
  imports: [NgTemplateOutlet],
})
export class ReportTableComponent {
  readonly rows = input.required<{ key: string; label: string; figures: KpiFigures }[]>();
  readonly totals = input<KpiFigures | null>(null);
  readonly firstColumn = input('Interval');
  /**
   * The figures are agents': offered, abandoned, service level and abandonment belong to a
   * queue (a call is offered to a team, not to an agent), so they show as not applicable.
   */
  readonly perAgent = input(false);

  protected readonly percent = formatPercent;
  protected readonly seconds = formatSeconds;
}

/** Series points as table rows, labelled in the organisation's zone. */
export function seriesRows(points: StatsPoint[], timeZone: string, interval: StatsInterval) {
  const daily = interval === '1d' || interval === '1w';
  return points.map((point) => ({
    key: point.start,
    label: daily
      ? intervalLabel(point.start, timeZone, true)
      : `${intervalLabel(point.start, timeZone, true)} ${intervalLabel(point.start, timeZone, false)}`,
    figures: point.figures,
  }));
}
