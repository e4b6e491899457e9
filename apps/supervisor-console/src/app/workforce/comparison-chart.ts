import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import {
  BarController,
  BarElement,
  CategoryScale,
  ChartConfiguration,
  Legend,
  LinearScale,
  Tooltip,
} from 'chart.js';
import { BaseChartDirective, provideCharts } from 'ng2-charts';

import { ComparedKpi, TeamComparisonView } from '@poscalls4u/contracts';

import { KPI_LABELS } from './kpi-labels';

/** Okabe-Ito colours (apart for the common colour-vision deficiencies), one per team in turn. */
const TEAM_COLOURS = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#F0E442',
  '#000000',
];

/** KPIs that share an axis, so bars side by side are comparable. */
export const CHART_GROUPS = {
  percent: {
    label: 'Percentages',
    axis: '%',
    kpis: [
      'serviceLevelPercent',
      'abandonmentRatePercent',
      'occupancyPercent',
      'successRatePercent',
      'averageQaScore',
    ],
  },
  seconds: { label: 'Times', axis: 'Seconds', kpis: ['asaSeconds', 'ahtSeconds'] },
  calls: { label: 'Calls', axis: 'Calls', kpis: ['offered'] },
} as const satisfies Record<string, { label: string; axis: string; kpis: readonly ComparedKpi[] }>;

export type ChartGroup = keyof typeof CHART_GROUPS;

/**
 * The compared teams as a grouped bar chart: one group per KPI, one bar per team (Chart.js
 * through ng2-charts, registered like the reports' interval chart). The table beside it on the
 * page is its text alternative; the canvas carries a summary.
 */
@Component({
  selector: 'pc-comparison-chart',
  imports: [BaseChartDirective],
  providers: [
    provideCharts({
      registerables: [BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip],
    }),
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="pc-comparison-chart">
      <canvas
        baseChart
        role="img"
        data-testid="comparison-chart"
        [attr.aria-label]="summary()"
        [type]="'bar'"
        [data]="config().data"
        [options]="config().options"
      ></canvas>
    </div>
  `,
  styles: `
    .pc-comparison-chart {
      position: relative;
      height: 18rem;
    }
  `,
})
export class ComparisonChartComponent {
  readonly comparison = input.required<TeamComparisonView>();
  readonly group = input<ChartGroup>('percent');

  protected readonly summary = computed(() => {
    const kpis = CHART_GROUPS[this.group()].kpis.map((kpi) => KPI_LABELS[kpi]).join(', ');
    const teams = this.comparison()
      .teams.map((team) => team.name)
      .join(', ');
    return `${kpis} for ${teams}; the table below has every value`;
  });

  protected readonly config = computed((): ChartConfiguration<'bar', (number | null)[], string> => {
    const group = CHART_GROUPS[this.group()];
    return {
      type: 'bar',
      data: {
        labels: group.kpis.map((kpi) => KPI_LABELS[kpi]),
        datasets: this.comparison().teams.map((team, index) => {
          const colour = TEAM_COLOURS[index % TEAM_COLOURS.length] as string;
          return {
            label: team.name,
            data: group.kpis.map((kpi) => team.kpis[kpi].value),
            backgroundColor: colour,
            borderColor: colour,
          };
        }),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          y: { beginAtZero: true, title: { display: true, text: group.axis } },
        },
        plugins: { legend: { position: 'bottom' } },
      },
    };
  });
}
