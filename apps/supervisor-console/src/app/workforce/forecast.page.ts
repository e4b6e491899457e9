import { DecimalPipe } from '@angular/common';
import { Component, inject, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';

import {
  FORECAST_DEFAULT_WEEKS,
  FORECAST_INTERVAL_MINUTES,
  FORECAST_MAX_WEEKS,
  ForecastIntervalMinutes,
  ForecastView,
} from '@poscalls4u/contracts';
import { toApiFailure } from '@poscalls4u/web-core';
import { StatsApi } from '@poscalls4u/web-stats';

import { saveBlob } from '../reports/save-blob';
import { ForecastChartComponent } from './forecast-chart';
import { ForecastPageQuery, WorkforceApi } from './workforce-api';

/** `YYYY-MM-DD` of a date in this browser's zone (the date input's format). */
function isoDate(date: Date): string {
  const month = String(date.getMonth() + 1).padStart(2, '0');
  const day = String(date.getDate()).padStart(2, '0');
  return `${String(date.getFullYear())}-${month}-${day}`;
}

/**
 * Forecast and plan: pick a team, a day and the interval length; see the forecast arrivals
 * against the actual ones with the required agents (chart and table), the forecast error of the
 * intervals already over (MAPE, WAPE), and download the plan as CSV.
 */
@Component({
  selector: 'pc-forecast-page',
  imports: [
    DecimalPipe,
    ForecastChartComponent,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    MatTableModule,
    ReactiveFormsModule,
  ],
  templateUrl: './forecast.page.html',
  styleUrl: './forecast.page.scss',
})
export class ForecastPage {
  private readonly stats = inject(StatsApi);
  private readonly api = inject(WorkforceApi);

  protected readonly intervalChoices = FORECAST_INTERVAL_MINUTES;
  protected readonly maxWeeks = FORECAST_MAX_WEEKS;
  protected readonly columns = [
    'start',
    'forecastArrivals',
    'actualArrivals',
    'forecastAhtSeconds',
    'actualAhtSeconds',
    'requiredAgents',
    'scheduledAgents',
  ];

  protected readonly teams = signal<{ id: string; name: string }[]>([]);
  protected readonly forecast = signal<ForecastView | null>(null);
  protected readonly loading = signal(false);
  protected readonly exporting = signal(false);
  protected readonly error = signal<string | null>(null);

  protected readonly form = inject(FormBuilder).nonNullable.group({
    teamId: ['', Validators.required],
    date: [isoDate(new Date()), Validators.required],
    intervalMinutes: [15 as ForecastIntervalMinutes, Validators.required],
    weeks: [
      FORECAST_DEFAULT_WEEKS,
      [Validators.required, Validators.min(1), Validators.max(FORECAST_MAX_WEEKS)],
    ],
    /** In percent on the page, a share in the API. */
    shrinkagePercent: [0, [Validators.required, Validators.min(0), Validators.max(90)]],
  });

  constructor() {
    this.stats.dashboard().subscribe({
      next: (view) => {
        const teams = view.teams.map((team) => ({ id: team.teamId, name: team.name }));
        this.teams.set(teams);
        const first = teams[0];
        if (first && this.form.controls.teamId.value === '') {
          this.form.controls.teamId.setValue(first.id);
        }
      },
      error: (error: unknown) => this.fail(error),
    });
  }

  protected show(): void {
    const query = this.query();
    if (query === null) return;
    this.loading.set(true);
    this.error.set(null);
    this.api.forecast(query).subscribe({
      next: (forecast) => {
        this.forecast.set(forecast);
        this.loading.set(false);
      },
      error: (error: unknown) => this.fail(error),
    });
  }

  protected exportCsv(): void {
    const query = this.query();
    if (query === null) return;
    this.exporting.set(true);
    this.error.set(null);
    this.api.forecastCsv(query).subscribe({
      next: (blob) => {
        saveBlob(blob, `poscalls4u-forecast-${query.date}.csv`);
        this.exporting.set(false);
      },
      error: (error: unknown) => this.fail(error),
    });
  }

  private query(): ForecastPageQuery | null {
    if (this.form.invalid) {
      this.error.set('Pick a team and a day; weeks 1 to 52, shrinkage 0 to 90 %.');
      return null;
    }
    const value = this.form.getRawValue();
    return {
      teamId: value.teamId,
      date: value.date,
      intervalMinutes: Number(value.intervalMinutes) as ForecastIntervalMinutes,
      weeks: Number(value.weeks),
      // Two decimals of a share, so 30 % is sent as 0.3, not 0.30000000000000004.
      shrinkage: Math.round(Number(value.shrinkagePercent) * 100) / 10_000,
    };
  }

  private fail(error: unknown): void {
    this.loading.set(false);
    this.exporting.set(false);
    this.error.set(toApiFailure(error).message ?? 'The forecast could not be loaded. Try again.');
  }
}
