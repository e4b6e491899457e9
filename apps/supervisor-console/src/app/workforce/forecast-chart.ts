import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import {
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

import { ForecastView } from '@poscalls4u/contracts';

/** Okabe-Ito colours, apart for the common colour-vision deficiencies. */
const COLOURS = { forecast: '#0072B2', actual: '#D55E00', agents: '#009E73' };

type ForecastChartConfig = ChartConfiguration<'line', (number | null)[], string>;

/**
 * Forecast and actual arrivals per interval (calls, left axis) and the required agents (right
 * axis), Chart.js through ng2-charts like the reports' chart. The table on the page is its text
 * alternative; the canvas carries a summary.
 */
@Component({
  selector: 'pc-forecast-chart',
  imports: [BaseChartDirective],
  providers: [
    provideCharts({
      registerables: [
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
    <div class="pc-forecast-chart">
      <canvas
        baseChart
        role="img"
        data-testid="forecast-chart"
        [attr.aria-label]="summary()"
        [type]="'line'"
        [data]="config().data"
        [options]="config().options"
      ></canvas>
    </div>
  `,
  styles: `
    .pc-forecast-chart {
      position: relative;
      height: 20rem;
    }
  `,
})
export class ForecastChartComponent {
  readonly forecast = input.required<ForecastView>();

  protected readonly summary = computed(() => {
    const view = this.forecast();
    return `Forecast and actual calls and required agents per ${String(view.intervalMinutes)} minutes of ${view.date} for ${view.teamName}; the table below has every value`;
  });

  protected readonly config = computed((): ForecastChartConfig => {
    const intervals = this.forecast().intervals;
    return {
      type: 'line',
      data: {
        // The local clock time: on DST days it repeats or skips, as the day did.
        labels: intervals.map((interval) => interval.start.slice(11, 16)),
        datasets: [
          {
            label: 'Forecast calls',
            data: intervals.map((interval) => interval.forecastArrivals),
            borderColor: COLOURS.forecast,
            backgroundColor: COLOURS.forecast,
            yAxisID: 'calls',
            pointRadius: 0,
          },
          {
            label: 'Actual calls',
            data: intervals.map((interval) => interval.actualArrivals),
            borderColor: COLOURS.actual,
            backgroundColor: COLOURS.actual,
            yAxisID: 'calls',
            pointRadius: 0,
          },
          {
            label: 'Required agents',
            data: intervals.map((interval) => interval.requiredAgents),
            borderColor: COLOURS.agents,
            backgroundColor: COLOURS.agents,
            borderDash: [6, 4],
            stepped: true,
            yAxisID: 'agents',
            pointRadius: 0,
          },
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          calls: {
            position: 'left',
            beginAtZero: true,
            title: { display: true, text: 'Calls' },
          },
          agents: {
            position: 'right',
            beginAtZero: true,
            grid: { drawOnChartArea: false },
            title: { display: true, text: 'Agents' },
          },
        },
        plugins: { legend: { position: 'bottom' } },
      },
    };
  });
}
