import { DecimalPipe } from '@angular/common';
import { Component, effect, inject, signal, viewChild } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSort, MatSortModule } from '@angular/material/sort';
import { MatTableDataSource, MatTableModule } from '@angular/material/table';

import {
  COMPARED_KPIS,
  ComparedKpi,
  TeamComparisonRow,
  TeamComparisonView,
} from '@poscalls4u/contracts';
import { toApiFailure } from '@poscalls4u/web-core';
import { StatsApi } from '@poscalls4u/web-stats';

import { saveBlob } from '../reports/save-blob';
import { CHART_GROUPS, ChartGroup, ComparisonChartComponent } from './comparison-chart';
import { KPI_LABELS } from './kpi-labels';
import { ComparisonQuery, WorkforceApi } from './workforce-api';

/** `YYYY-MM-DD` of a date in this browser's zone (the date inputs' format). */
function isoDate(date: Date): string {
  const month = String(date.getMonth() + 1).padStart(2, '0');
  const day = String(date.getDate()).padStart(2, '0');
  return `${String(date.getFullYear())}-${month}-${day}`;
}

/**
 * Team comparison: pick teams and days, see their KPIs side by side as a grouped bar chart and a
 * sortable table (each value with its rank and its difference from the teams' average), and
 * download the same as CSV. Supervisors pick among their teams, admins among all.
 */
@Component({
  selector: 'pc-team-comparison-page',
  imports: [
    ComparisonChartComponent,
    DecimalPipe,
    MatButtonModule,
    MatButtonToggleModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatInputModule,
    MatSortModule,
    MatTableModule,
    ReactiveFormsModule,
  ],
  templateUrl: './team-comparison.page.html',
  styleUrl: './team-comparison.page.scss',
})
export class TeamComparisonPage {
  private readonly stats = inject(StatsApi);
  private readonly api = inject(WorkforceApi);

  protected readonly kpis = COMPARED_KPIS;
  protected readonly labels = KPI_LABELS;
  protected readonly columns = ['name', ...COMPARED_KPIS];
  protected readonly groups = Object.entries(CHART_GROUPS).map(([key, group]) => ({
    key: key as ChartGroup,
    label: group.label,
  }));

  protected readonly teams = signal<{ id: string; name: string }[]>([]);
  protected readonly picked = signal<string[]>([]);
  protected readonly comparison = signal<TeamComparisonView | null>(null);
  protected readonly group = signal<ChartGroup>('percent');
  protected readonly loading = signal(false);
  protected readonly exporting = signal(false);
  protected readonly error = signal<string | null>(null);

  protected readonly form = inject(FormBuilder).nonNullable.group({
    from: [isoDate(new Date(Date.now() - 6 * 86_400_000)), Validators.required],
    to: [isoDate(new Date()), Validators.required],
  });

  protected readonly rows = new MatTableDataSource<TeamComparisonRow>([]);
  private readonly sort = viewChild(MatSort);

  constructor() {
    // Sorts by the team's name or a KPI's value; teams without a value go last either way.
    this.rows.sortingDataAccessor = (row, column) =>
      column === 'name' ? row.name : (row.kpis[column as ComparedKpi].value ?? Number.NaN);
    effect(() => {
      const sort = this.sort();
      if (sort) this.rows.sort = sort;
    });
    this.stats.dashboard().subscribe({
      next: (view) => {
        const teams = view.teams.map((team) => ({ id: team.teamId, name: team.name }));
        this.teams.set(teams);
        this.picked.set(teams.map((team) => team.id));
      },
      error: (error: unknown) => this.fail(error),
    });
  }

  protected toggle(id: string, checked: boolean): void {
    const others = this.picked().filter((existing) => existing !== id);
    this.picked.set(checked ? [...others, id] : others);
  }

  protected show(): void {
    const query = this.query();
    if (query === null) return;
    this.loading.set(true);
    this.error.set(null);
    this.api.compareTeams(query).subscribe({
      next: (comparison) => {
        this.comparison.set(comparison);
        this.rows.data = comparison.teams;
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
    this.api.compareTeamsCsv(query).subscribe({
      next: (blob) => {
        saveBlob(blob, `poscalls4u-team-comparison-${query.from}-to-${query.to}.csv`);
        this.exporting.set(false);
      },
      error: (error: unknown) => this.fail(error),
    });
  }

  private query(): ComparisonQuery | null {
    if (this.form.invalid) return null;
    if (this.picked().length === 0) {
      this.error.set('Pick at least one team.');
      return null;
    }
    return { teamIds: this.picked(), ...this.form.getRawValue() };
  }

  private fail(error: unknown): void {
    this.loading.set(false);
    this.exporting.set(false);
    this.error.set(toApiFailure(error).message ?? 'The comparison could not be loaded. Try again.');
  }
}
