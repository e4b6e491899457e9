import { HttpClient, HttpParams } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonToggleModule } from '@angular/material/button-toggle';

import {
  AGENT_FIGURE_PERIODS,
  AgentComparedFigures,
  AgentFigurePeriod,
  AgentFiguresResult,
  AgentFiguresView,
  SuccessEnvelope,
} from '@poscalls4u/contracts';
import { apiUrl, unwrapEnvelope } from '@poscalls4u/web-core';
import { formatPercent, formatSeconds } from '@poscalls4u/web-stats';

const PERIOD_LABELS: Record<AgentFigurePeriod, string> = {
  today: 'Today',
  'this-week': 'This week',
  'last-7-days': 'Last 7 days',
  'last-30-days': 'Last 30 days',
};

/** One row of the comparison: the agent's value and the team's, formatted. */
interface ComparedRow {
  id: string;
  label: string;
  own: string;
  team: string;
}

/** The rows of the comparison, in the order "My day" shows the same figures. */
export function comparedRows(view: AgentFiguresView): ComparedRow[] {
  const row = (
    id: string,
    label: string,
    format: (figures: AgentComparedFigures) => string,
  ): ComparedRow => ({ id, label, own: format(view.own), team: format(view.teamAverage) });
  return [
    row('handled', 'Calls handled', (f) => String(f.handled)),
    row('aht', 'Average handle time', (f) => formatSeconds(f.ahtSeconds)),
    row('hold', 'Average hold', (f) => formatSeconds(f.averageHoldSeconds)),
    row('acw', 'Average after-call work', (f) => formatSeconds(f.averageAfterCallWorkSeconds)),
    row('occupancy', 'Occupancy', (f) => formatPercent(f.occupancyPercent)),
    row('success', 'Success rate', (f) => formatPercent(f.successRatePercent)),
    row('qa', 'QA average', (f) => (f.averageQaScore === null ? '—' : String(f.averageQaScore))),
  ];
}

/**
 * "Me and my team": the agent's own figures for a chosen period (today, this week, the last 7 or
 * 30 days, in the organisation's zone) beside their team's average per agent, from
 * `GET /api/workforce/agents/me/figures`. Loaded when the period changes; no live updates (the
 * live figures of today are "My day" above).
 */
@Component({
  selector: 'pc-my-figures',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonToggleModule],
  template: `
    <section class="pc-my-figures" aria-labelledby="my-figures-title" data-testid="my-figures">
      <h2 class="pc-my-figures__title" id="my-figures-title">Me and my team</h2>
      <mat-button-toggle-group
        [value]="period()"
        (change)="load($event.value)"
        aria-label="Period"
        data-testid="my-figures-period"
      >
        @for (option of periods; track option) {
          <mat-button-toggle [value]="option" [attr.data-testid]="'my-figures-' + option">
            {{ labels[option] }}
          </mat-button-toggle>
        }
      </mat-button-toggle-group>
      @if (rows(); as rows) {
        <table class="pc-my-figures__table">
          <caption class="pc-my-figures__caption">
            {{
              labels[period()]
            }}: you beside the average of your team's
            {{
              view()?.teamAgents
            }}
            agent(s)
          </caption>
          <thead>
            <tr>
              <th scope="col">Figure</th>
              <th scope="col">Me</th>
              <th scope="col">Team average</th>
            </tr>
          </thead>
          <tbody>
            @for (row of rows; track row.id) {
              <tr [attr.data-testid]="'my-figures-row-' + row.id">
                <th scope="row">{{ row.label }}</th>
                <td data-testid="own">{{ row.own }}</td>
                <td data-testid="team">{{ row.team }}</td>
              </tr>
            }
          </tbody>
        </table>
      } @else if (failed()) {
        <p class="pc-my-figures__note">These figures are not available right now.</p>
      } @else {
        <p class="pc-my-figures__note">Loading…</p>
      }
    </section>
  `,
  styles: `
    .pc-my-figures {
      margin-bottom: 2rem;
    }
    .pc-my-figures__title {
      margin: 0 0 0.75rem;
      font: var(--mat-sys-title-large);
    }
    .pc-my-figures__table {
      margin-top: 0.75rem;
      border-collapse: collapse;
      min-width: 20rem;
    }
    .pc-my-figures__caption {
      text-align: left;
      font: var(--mat-sys-label-medium);
      color: var(--mat-sys-on-surface-variant);
      padding-bottom: 0.5rem;
    }
    th,
    td {
      text-align: left;
      padding: 0.25rem 1rem 0.25rem 0;
      font: var(--mat-sys-body-medium);
    }
    td {
      font-variant-numeric: tabular-nums;
    }
    .pc-my-figures__note {
      margin: 0.75rem 0 0;
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class MyFiguresComponent {
  private readonly http = inject(HttpClient);
  protected readonly periods = AGENT_FIGURE_PERIODS;
  protected readonly labels = PERIOD_LABELS;
  protected readonly period = signal<AgentFigurePeriod>('last-7-days');
  protected readonly view = signal<AgentFiguresView | null>(null);
  protected readonly failed = signal(false);
  protected readonly rows = computed(() => {
    const view = this.view();
    return view === null ? null : comparedRows(view);
  });

  constructor() {
    this.load(this.period());
  }

  protected load(period: AgentFigurePeriod): void {
    this.period.set(period);
    this.view.set(null);
    this.failed.set(false);
    this.http
      .get<SuccessEnvelope<AgentFiguresResult>>(apiUrl('workforce/agents/me/figures'), {
        params: new HttpParams().set('period', period),
      })
      .pipe(unwrapEnvelope())
      .subscribe({
        next: (data) => {
          // A slower answer for an earlier pick must not replace the current one.
          if (data.figures.period === this.period()) this.view.set(data.figures);
        },
        error: () => this.failed.set(true),
      });
  }
}
