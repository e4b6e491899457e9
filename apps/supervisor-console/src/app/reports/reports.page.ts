import { Component, computed, inject, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { provideNativeDateAdapter } from '@angular/material/core';
import { MatDatepickerModule } from '@angular/material/datepicker';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { Store } from '@ngrx/store';

import {
  CallStatsView,
  DashboardView,
  Permission,
  STATS_INTERVALS,
  StatsInterval,
} from '@poscalls4u/contracts';
import { selectHasPermission } from '@poscalls4u/web-auth';
import { toApiFailure } from '@poscalls4u/web-core';
import { ReportQuery, StatsApi, reportRangeLabel } from '@poscalls4u/web-stats';
import { IntervalChartComponent } from '@poscalls4u/web-stats/chart';

import { serverError, showApiFailure } from '../shared/api-form-errors';
import { ReportTableComponent, seriesRows } from './report-table';
import { saveBlob } from './save-blob';

const INTERVAL_LABELS: Record<StatsInterval, string> = {
  '15m': '15 minutes',
  '30m': '30 minutes',
  '1h': 'Hour',
  '1d': 'Day',
  '1w': 'Week',
};

/** `YYYY-MM-DD` of a date in this browser's zone (the date inputs' format). */
function isoDate(date: Date): string {
  const month = String(date.getMonth() + 1).padStart(2, '0');
  const day = String(date.getDate()).padStart(2, '0');
  return `${String(date.getFullYear())}-${month}-${day}`;
}

export type DatePreset = 'today' | 'yesterday' | 'last7' | 'thisMonth' | 'lastMonth';

const DATE_PRESETS: { key: DatePreset; label: string }[] = [
  { key: 'today', label: 'Today' },
  { key: 'yesterday', label: 'Yesterday' },
  { key: 'last7', label: 'Last 7 days' },
  { key: 'thisMonth', label: 'This month' },
  { key: 'lastMonth', label: 'Last month' },
];

/** The first and last day (both included) of a preset, as of `today`. */
export function presetRange(preset: DatePreset, today: Date): { from: Date; to: Date } {
  const y = today.getFullYear();
  const m = today.getMonth();
  const d = today.getDate();
  switch (preset) {
    case 'today':
      return { from: new Date(y, m, d), to: new Date(y, m, d) };
    case 'yesterday':
      return { from: new Date(y, m, d - 1), to: new Date(y, m, d - 1) };
    case 'last7':
      return { from: new Date(y, m, d - 6), to: new Date(y, m, d) };
    case 'thisMonth':
      return { from: new Date(y, m, 1), to: new Date(y, m, d) };
    case 'lastMonth':
      // Day 0 of this month is the last day of the previous one.
      return { from: new Date(y, m - 1, 1), to: new Date(y, m, 0) };
  }
}

/**
 * A report query from the form: whole days in the organisation's zone. The API reads a date-only
 * `to` as that whole day (inclusive), so the picked days go as `YYYY-MM-DD`.
 */
function toReportQuery(form: {
  by: 'team' | 'agent';
  ids: string[];
  from: Date | null;
  to: Date | null;
  interval: StatsInterval;
}): ReportQuery {
  return {
    from: form.from ? isoDate(form.from) : '',
    to: form.to ? isoDate(form.to) : '',
    interval: form.interval,
    groupBy: form.by,
    ...(form.by === 'team' ? { teamIds: form.ids } : { agentIds: form.ids }),
  };
}

/**
 * Reports: pick teams or agents, a range of days and an interval; see the chart, the KPIs per
 * interval with totals, one line per team or agent, and export the calls as CSV.
 */
@Component({
  selector: 'pc-reports-page',
  imports: [
    IntervalChartComponent,
    MatButtonModule,
    MatDatepickerModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    ReactiveFormsModule,
    ReportTableComponent,
  ],
  providers: [provideNativeDateAdapter()],
  templateUrl: './reports.page.html',
  styleUrl: './reports.page.scss',
})
export class ReportsPage {
  private readonly api = inject(StatsApi);

  protected readonly intervals = STATS_INTERVALS.map((value) => ({
    value,
    label: INTERVAL_LABELS[value],
  }));
  /** Who may be picked: the teams and agents the viewer's dashboard shows. */
  protected readonly choices = signal<DashboardView | null>(null);
  protected readonly report = signal<CallStatsView | null>(null);
  protected readonly loading = signal(false);
  protected readonly exporting = signal(false);
  /** The CSV export needs `calls:export` (a team's profile may withhold it). */
  protected readonly canExport = inject(Store).selectSignal(
    selectHasPermission(Permission.CallsExport),
  );
  protected readonly error = signal<string | null>(null);

  protected readonly form = inject(FormBuilder).nonNullable.group({
    by: ['team' as 'team' | 'agent'],
    ids: [[] as string[]],
    from: [presetRange('last7', new Date()).from as Date | null, Validators.required],
    to: [presetRange('last7', new Date()).to as Date | null, Validators.required],
    interval: ['1d' as StatsInterval, Validators.required],
  });

  protected readonly presets = DATE_PRESETS;
  /** The report's days as people say them (the API's `to` is the next day's midnight). */
  protected readonly rangeLabel = computed(() => {
    const report = this.report();
    return report === null ? '' : reportRangeLabel(report.from, report.to, report.timeZone);
  });

  protected readonly by = signal<'team' | 'agent'>('team');
  protected readonly options = computed(() => {
    const view = this.choices();
    if (view === null) return [];
    return this.by() === 'team'
      ? view.teams.map((team) => ({ id: team.teamId, name: team.name }))
      : view.agents.map((agent) => ({ id: agent.userId, name: agent.name }));
  });

  protected readonly rows = computed(() => {
    const report = this.report();
    return report === null ? [] : seriesRows(report.series, report.timeZone, report.interval);
  });

  protected readonly breakdown = computed(() =>
    (this.report()?.breakdown ?? []).map((row) => ({
      key: row.key,
      label: row.label,
      figures: row.figures,
    })),
  );

  constructor() {
    this.api.dashboard().subscribe({
      next: (view) => this.choices.set(view),
      error: (error: unknown) => this.fail(error),
    });
    this.form.controls.by.valueChanges.subscribe((by) => {
      this.by.set(by);
      this.form.controls.ids.setValue([]);
    });
  }

  protected toggle(id: string, checked: boolean): void {
    const ids = this.form.controls.ids.value.filter((existing) => existing !== id);
    this.form.controls.ids.setValue(checked ? [...ids, id] : ids);
  }

  protected applyPreset(preset: DatePreset): void {
    const { from, to } = presetRange(preset, new Date());
    this.form.patchValue({ from, to });
    this.show();
  }

  /** The API's words about one field of the form, shown beside it. */
  protected fieldError(name: 'from' | 'to' | 'interval'): string | null {
    return serverError(this.form, name);
  }

  protected show(): void {
    if (this.form.invalid) return;
    this.loading.set(true);
    this.error.set(null);
    this.api.calls(toReportQuery(this.form.getRawValue())).subscribe({
      next: (report) => {
        this.report.set(report);
        this.loading.set(false);
      },
      error: (error: unknown) => {
        // A report left on screen under the error would read as the answer to the new question.
        this.report.set(null);
        this.fail(error);
      },
    });
  }

  protected exportCsv(): void {
    if (this.form.invalid) return;
    const value = this.form.getRawValue();
    this.exporting.set(true);
    this.error.set(null);
    this.api.callsCsv(toReportQuery(value)).subscribe({
      next: (blob) => {
        const query = toReportQuery(value);
        saveBlob(blob, `poscalls4u-calls-${query.from}-to-${query.to}.csv`);
        this.exporting.set(false);
      },
      error: (error: unknown) => this.fail(error),
    });
  }

  private fail(error: unknown): void {
    this.loading.set(false);
    this.exporting.set(false);
    this.error.set(
      showApiFailure(this.form, toApiFailure(error), 'The report could not be loaded. Try again.'),
    );
  }
}
