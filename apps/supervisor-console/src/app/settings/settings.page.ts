import { HttpClient } from '@angular/common/http';
import { Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormBuilder, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatAutocompleteModule } from '@angular/material/autocomplete';
import { MatButtonModule } from '@angular/material/button';
import { Store } from '@ngrx/store';

import { Permission, Role, TeamAlertThresholds, TeamView } from '@poscalls4u/contracts';
import { selectTeamsWithPermission, selectUser } from '@poscalls4u/web-auth';
import { apiUrl, getAllPages, toApiFailure } from '@poscalls4u/web-core';
import { StatsApi } from '@poscalls4u/web-stats';

import { serverError, showApiFailure } from '../shared/api-form-errors';

/** A number input's value to a threshold: empty turns the alert off. */
function thresholdValue(value: string | number | null): number | null {
  if (value === null || value === '') return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
}

/** A whole number from `min` to `max`, or empty (the API's limits for a threshold). */
const threshold = (min: number, max: number) => [
  Validators.min(min),
  Validators.max(max),
  Validators.pattern(/^-?\d+$/),
];

const TIME_ZONE_SUGGESTIONS = 50;

/**
 * The IANA zones matching what was typed (any part of the name; a space matches `_`), the
 * browser's own zone first, at most `limit` of them.
 */
export function matchTimeZones(
  query: string,
  zones: readonly string[],
  browserZone: string,
  limit = TIME_ZONE_SUGGESTIONS,
): string[] {
  const needle = query.trim().toLowerCase().replace(/\s+/g, '_');
  const ordered = zones.includes(browserZone)
    ? [browserZone, ...zones.filter((zone) => zone !== browserZone)]
    : [...zones];
  return ordered.filter((zone) => zone.toLowerCase().includes(needle)).slice(0, limit);
}

/** What is wrong with one field: the API's words when it named it, else the local rule. */
function settingsFieldError(form: FormGroup, name: string, rule: string): string | null {
  const errors = form.get(name)?.errors;
  if (errors === null || errors === undefined) return null;
  return serverError(form, name) ?? rule;
}

/**
 * Statistics settings: each team's alert thresholds (its supervisors and admins) and, for
 * admins, the organisation's time zone and short-abandon threshold.
 */
@Component({
  selector: 'pc-settings-page',
  imports: [MatAutocompleteModule, MatButtonModule, ReactiveFormsModule],
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
    .pc-field-error {
      color: var(--mat-sys-error);
      font: var(--mat-sys-body-small);
    }
  `,
})
export class SettingsPage {
  private readonly api = inject(StatsApi);
  private readonly http = inject(HttpClient);
  private readonly fb = inject(FormBuilder).nonNullable;

  private readonly store = inject(Store);
  private readonly user = this.store.selectSignal(selectUser);
  private readonly alertTeamIds = this.store.selectSignal(
    selectTeamsWithPermission(Permission.AlertsManage),
  );
  protected readonly isAdmin = computed(() => this.user()?.role === Role.Admin);
  protected readonly teams = signal<TeamView[]>([]);
  protected readonly message = signal<{ kind: 'info' | 'error'; text: string } | null>(null);

  protected readonly thresholds = this.fb.group({
    teamId: ['', Validators.required],
    serviceLevelBelowPercent: ['' as string | number, threshold(1, 100)],
    callWaitingLongerThanSeconds: ['' as string | number, threshold(1, 86_400)],
    agentOnBreakLongerThanMinutes: ['' as string | number, threshold(1, 1440)],
  });

  protected readonly organization = this.fb.group({
    timeZone: ['', Validators.required],
    shortAbandonSeconds: [5, [Validators.required, ...threshold(0, 3600)]],
  });

  /** The rule of each field, in words, shown when a value breaks it. */
  protected readonly rules: Record<string, string> = {
    serviceLevelBelowPercent: 'A whole percent from 1 to 100, or empty.',
    callWaitingLongerThanSeconds: 'A whole number of seconds from 1 to 86400, or empty.',
    agentOnBreakLongerThanMinutes: 'A whole number of minutes from 1 to 1440, or empty.',
    timeZone: 'Pick a time zone such as Europe/Paris.',
    shortAbandonSeconds: 'A whole number of seconds from 0 to 3600.',
  };

  protected fieldError(form: 'thresholds' | 'organization', name: string): string | null {
    return settingsFieldError(this[form], name, this.rules[name] ?? 'Not valid.');
  }

  private readonly timeZones: string[] =
    typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  /** This browser's zone: the first suggestion, and the value when none is stored. */
  protected readonly browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  private readonly typedZone = toSignal(this.organization.controls.timeZone.valueChanges, {
    initialValue: '',
  });
  /** The zones to suggest for what is typed; all of them (browser's first) when the field was just filled. */
  protected readonly zoneSuggestions = computed(() => {
    const typed = this.typedZone();
    const query = this.timeZones.includes(typed) ? '' : typed;
    return matchTimeZones(query, this.timeZones, this.browserZone);
  });

  constructor() {
    getAllPages<TeamView>(this.http, apiUrl('teams')).subscribe({
      next: (all) => {
        // Only the teams whose alert thresholds this person may set (alerts:manage there).
        const allowed = this.alertTeamIds();
        const teams = all.filter((team) => allowed === null || allowed.includes(team.id));
        this.teams.set(teams);
        const first = teams[0];
        if (first !== undefined) this.pickTeam(first.id);
      },
      error: (error: unknown) => this.fail(error),
    });
    if (this.isAdmin()) {
      this.api.organization().subscribe({
        next: (settings) =>
          this.organization.setValue({
            ...settings,
            timeZone: settings.timeZone || this.browserZone,
          }),
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
    if (this.thresholds.invalid) {
      // Say why next to each field rather than only refusing to save.
      this.thresholds.markAllAsTouched();
      this.message.set({ kind: 'error', text: 'Correct the marked fields.' });
      return;
    }
    this.message.set(null);
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
      error: (error: unknown) => this.fail(error, this.thresholds),
    });
  }

  protected saveOrganization(): void {
    if (this.organization.invalid) {
      this.organization.markAllAsTouched();
      this.message.set({ kind: 'error', text: 'Correct the marked fields.' });
      return;
    }
    this.message.set(null);
    this.api.saveOrganization(this.organization.getRawValue()).subscribe({
      next: (saved) => {
        this.organization.setValue(saved);
        this.message.set({ kind: 'info', text: 'Organisation settings saved.' });
      },
      error: (error: unknown) => this.fail(error, this.organization),
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

  /** The API's specific words, on the fields of `form` it names and at the top. */
  private fail(error: unknown, form: FormGroup = this.thresholds): void {
    this.message.set({
      kind: 'error',
      text: showApiFailure(form, toApiFailure(error), 'Something went wrong. Try again.'),
    });
  }
}
