import { HttpClient } from '@angular/common/http';
import { Component, computed, inject, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { Store } from '@ngrx/store';

import { Role, TeamAlertThresholds, TeamView } from '@poscalls4u/contracts';
import { selectUser } from '@poscalls4u/web-auth';
import { apiUrl, getAllPages, toApiFailure } from '@poscalls4u/web-core';
import { StatsApi } from '@poscalls4u/web-stats';

/** A number input's value to a threshold: empty turns the alert off. */
function thresholdValue(value: string | number | null): number | null {
  if (value === null || value === '') return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
}

/**
 * Statistics settings: each team's alert thresholds (its supervisors and admins) and, for
 * admins, the organisation's time zone and short-abandon threshold.
 */
@Component({
  selector: 'pc-settings-page',
  imports: [MatButtonModule, ReactiveFormsModule],
  templateUrl: './settings.page.html',
  styles: `
    .pc-settings-form {
      display: flex;
      flex-direction: column;
      gap: 0.75rem;
      max-width: 32rem;
    }
    .pc-settings-form label {
      display: flex;
      flex-direction: column;
      gap: 0.25rem;
      font: var(--mat-sys-body-medium);
    }
    .pc-settings-form input,
    .pc-settings-form select {
      padding: 0.375rem 0.5rem;
      font: inherit;
    }
  `,
})
export class SettingsPage {
  private readonly api = inject(StatsApi);
  private readonly http = inject(HttpClient);
  private readonly fb = inject(FormBuilder).nonNullable;

  private readonly user = inject(Store).selectSignal(selectUser);
  protected readonly isAdmin = computed(() => this.user()?.role === Role.Admin);
  protected readonly teams = signal<TeamView[]>([]);
  protected readonly message = signal<{ kind: 'info' | 'error'; text: string } | null>(null);

  protected readonly thresholds = this.fb.group({
    teamId: ['', Validators.required],
    serviceLevelBelowPercent: ['' as string | number],
    callWaitingLongerThanSeconds: ['' as string | number],
    agentOnBreakLongerThanMinutes: ['' as string | number],
  });

  protected readonly organization = this.fb.group({
    timeZone: ['', Validators.required],
    shortAbandonSeconds: [5, [Validators.required, Validators.min(0)]],
  });

  protected readonly timeZones: string[] =
    typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];

  constructor() {
    getAllPages<TeamView>(this.http, apiUrl('teams')).subscribe({
      next: (teams) => {
        this.teams.set(teams);
        const first = teams[0];
        if (first !== undefined) this.pickTeam(first.id);
      },
      error: (error: unknown) => this.fail(error),
    });
    if (this.isAdmin()) {
      this.api.organization().subscribe({
        next: (settings) => this.organization.setValue(settings),
        error: (error: unknown) => this.fail(error),
      });
    }
  }

  protected pickTeam(teamId: string): void {
    this.thresholds.controls.teamId.setValue(teamId);
    this.api.alertThresholds(teamId).subscribe({
      next: (thresholds) => this.showThresholds(teamId, thresholds),
      error: (error: unknown) => this.fail(error),
    });
  }

  protected saveThresholds(): void {
    const value = this.thresholds.getRawValue();
    const thresholds: TeamAlertThresholds = {
      serviceLevelBelowPercent: thresholdValue(value.serviceLevelBelowPercent),
      callWaitingLongerThanSeconds: thresholdValue(value.callWaitingLongerThanSeconds),
      agentOnBreakLongerThanMinutes: thresholdValue(value.agentOnBreakLongerThanMinutes),
    };
    this.api.saveAlertThresholds(value.teamId, thresholds).subscribe({
      next: (saved) => {
        this.showThresholds(value.teamId, saved);
        this.message.set({ kind: 'info', text: 'Alert thresholds saved.' });
      },
      error: (error: unknown) => this.fail(error),
    });
  }

  protected saveOrganization(): void {
    if (this.organization.invalid) return;
    this.api.saveOrganization(this.organization.getRawValue()).subscribe({
      next: (saved) => {
        this.organization.setValue(saved);
        this.message.set({ kind: 'info', text: 'Organisation settings saved.' });
      },
      error: (error: unknown) => this.fail(error),
    });
  }

  private showThresholds(teamId: string, thresholds: TeamAlertThresholds): void {
    this.thresholds.setValue({
      teamId,
      serviceLevelBelowPercent: thresholds.serviceLevelBelowPercent ?? '',
      callWaitingLongerThanSeconds: thresholds.callWaitingLongerThanSeconds ?? '',
      agentOnBreakLongerThanMinutes: thresholds.agentOnBreakLongerThanMinutes ?? '',
    });
  }

  private fail(error: unknown): void {
    this.message.set({
      kind: 'error',
      text: toApiFailure(error).message ?? 'Something went wrong. Try again.',
    });
  }
}
