import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import {
  BarController,
  BarElement,
  CategoryScale,
  ChartConfiguration,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  PointElement,
  Tooltip,
} from 'chart.js';
import { BaseChartDirective, provideCharts } from 'ng2-charts';

import { StatsInterval, StatsPoint } from '@poscalls4u/contracts';
import { ThemePreference } from '@poscalls4u/web-ui';

import { chartLabels, formatPercent } from '../kpi-format';

/**
 * Colours that stay apart for the common colour-vision deficiencies (Okabe-Ito), with text and
 * grid colours for each theme: the canvas does not follow the stylesheet's `color-scheme`.
 */
const CHART_COLOURS = {
  light: {
    offered: '#0072B2',
    answered: '#009E73',
    abandoned: '#D55E00',
    serviceLevel: '#000000',
    text: '#1d1b20',
    grid: 'rgba(0, 0, 0, 0.1)',
  },
  dark: {
    offered: '#56B4E9',
    answered: '#009E73',
    abandoned: '#E69F00',
    serviceLevel: '#F0F0F0',
    text: '#e6e0e9',
    grid: 'rgba(255, 255, 255, 0.15)',
  },
} as const;

type IntervalChartConfig = ChartConfiguration<'bar' | 'line', (number | null)[], string>;

/**
 * Offered, answered and abandoned calls per interval (bars) and the service level (a line on its
 * own 0-100 % axis). Chart.js through ng2-charts, with only the pieces this chart draws
 * registered. The canvas has a text alternative: the table beside it on the page, plus a summary.
 */
@Component({
  selector: 'pc-interval-chart',
  imports: [BaseChartDirective],
  providers: [
    provideCharts({
      registerables: [
        BarController,
        BarElement,
        LineController,
        LineElement,
        PointElement,
        CategoryScale,
        LinearScale,
        Legend,
        Tooltip,
      ],
    }),
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="pc-interval-chart">
      <canvas
        baseChart
        role="img"
        [attr.aria-label]="summary()"
        [type]="'bar'"
        [data]="config().data"
        [options]="config().options"
      ></canvas>
    </div>
  `,
  styles: `
    .pc-interval-chart {
      position: relative;
      height: 18rem;
    }
  `,
})
export class IntervalChartComponent {
  readonly points = input.required<StatsPoint[]>();
  readonly timeZone = input('UTC');
  readonly interval = input<StatsInterval>('15m');
  private readonly theme = inject(ThemePreference);

  protected readonly summary = computed(() => {
    const points = this.points();
    const offered = points.reduce((sum, point) => sum + point.figures.offered, 0);
    const answered = points.reduce((sum, point) => sum + point.figures.answered, 0);
    const abandoned = points.reduce((sum, point) => sum + point.figures.abandoned, 0);
    return `Calls by interval: ${String(points.length)} intervals, ${String(offered)} offered, ${String(answered)} answered, ${String(abandoned)} abandoned`;
  });

  protected readonly config = computed((): IntervalChartConfig => {
    const points = this.points();
    const labels = chartLabels(points, this.timeZone(), this.interval());
    const colours = this.theme.dark() ? CHART_COLOURS.dark : CHART_COLOURS.light;
    const axis = { color: colours.text };
    return {
      type: 'bar',
      data: {
        labels,
        datasets: [
          bars(
            'Offered',
            points.map((p) => p.figures.offered),
            colours.offered,
          ),
          bars(
            'Answered',
            points.map((p) => p.figures.answered),
            colours.answered,
          ),
          bars(
            'Abandoned',
            points.map((p) => p.figures.abandoned),
            colours.abandoned,
          ),
          {
            type: 'line',
            label: 'Service level (%)',
            data: points.map((p) => p.figures.serviceLevelPercent),
            yAxisID: 'percent',
            borderColor: colours.serviceLevel,
            backgroundColor: colours.serviceLevel,
            borderDash: [6, 3],
            spanGaps: true,
            pointRadius: 2,
            // The legend draws a short line for it, not the dashed pattern squeezed into a box.
            pointStyle: 'line',
          },
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        // Live figures change every second: redraw without animation.
        animation: false,
        interaction: { mode: 'index', intersect: false },
        scales: {
          x: { ticks: axis, grid: { color: colours.grid } },
          y: {
            beginAtZero: true,
            ticks: { precision: 0, ...axis },
            grid: { color: colours.grid },
            title: { display: true, text: 'Calls', ...axis },
          },
          percent: {
            position: 'right',
            min: 0,
            max: 100,
            ticks: axis,
            grid: { drawOnChartArea: false },
            title: { display: true, text: 'Service level %', ...axis },
          },
        },
        plugins: {
          legend: {
            position: 'bottom',
            labels: { usePointStyle: true, color: colours.text },
          },
          tooltip: {
            callbacks: {
              label: (item) =>
                item.dataset.yAxisID === 'percent'
                  ? `${item.dataset.label ?? ''}: ${formatPercent(item.raw as number | null)}`
                  : `${item.dataset.label ?? ''}: ${String(item.raw)}`,
            },
          },
        },
      },
    };
  });
}

function bars(label: string, data: number[], colour: string) {
  return {
    type: 'bar' as const,
    label,
    data,
    backgroundColor: colour,
    yAxisID: 'y',
    pointStyle: 'rect' as const,
  };
}
