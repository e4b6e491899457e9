import { COMMA, ENTER, SEMICOLON } from '@angular/cdk/keycodes';
import { DatePipe } from '@angular/common';
import { HttpClient } from '@angular/common/http';
import { Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatAutocompleteModule } from '@angular/material/autocomplete';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatChipInputEvent, MatChipsModule } from '@angular/material/chips';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { Store } from '@ngrx/store';

import {
  MAX_REPORT_RECIPIENTS,
  Permission,
  ReportFrequency,
  ReportKind,
  ReportPreview,
  ReportScheduleRequest,
  ReportScheduleView,
  TeamView,
} from '@poscalls4u/contracts';
import { selectTeamsWithPermission } from '@poscalls4u/web-auth';
import { apiUrl, getAllPages, toApiFailure } from '@poscalls4u/web-core';

import { serverError, showApiFailure } from '../shared/api-form-errors';
import { ScheduledReportsApi } from './scheduled-reports-api';

const WEEKDAYS = [
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
] as const;

const KIND_LABELS: Record<ReportKind, string> = {
  'last-day': 'Team summary of the previous day',
  'last-week': 'Team summary of the previous 7 days',
};

/** A loose address check for the chips; the API checks every address properly. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** This browser's zone: the default for a new schedule. */
function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/**
 * Scheduled reports: the team summaries mailed to a list of recipients every day or every week
 * at a local time, with their latest deliveries; create, edit, preview, send now and delete.
 * Supervisors pick among the teams they hold `reports:schedule` in, admins among all.
 */
@Component({
  selector: 'pc-scheduled-reports-page',
  imports: [
    DatePipe,
    MatAutocompleteModule,
    MatButtonModule,
    MatButtonToggleModule,
    MatChipsModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    MatSlideToggleModule,
    ReactiveFormsModule,
  ],
  templateUrl: './scheduled-reports.page.html',
  styleUrl: './scheduled-reports.page.scss',
})
export class ScheduledReportsPage {
  private readonly api = inject(ScheduledReportsApi);
  private readonly http = inject(HttpClient);
  private readonly fb = inject(FormBuilder).nonNullable;
  private readonly allowedTeamIds = inject(Store).selectSignal(
    selectTeamsWithPermission(Permission.ReportsSchedule),
  );

  protected readonly weekdays = WEEKDAYS;
  protected readonly kindLabels = KIND_LABELS;
  protected readonly maxRecipients = MAX_REPORT_RECIPIENTS;
  protected readonly separatorKeys = [ENTER, COMMA, SEMICOLON] as const;

  protected readonly schedules = signal<ReportScheduleView[]>([]);
  protected readonly teams = signal<TeamView[]>([]);
  protected readonly recipients = signal<string[]>([]);
  /** The schedule being edited; null: the form creates a new one. */
  protected readonly editing = signal<string | null>(null);
  /** The schedule whose deletion waits for a second click. */
  protected readonly confirmingDelete = signal<string | null>(null);
  protected readonly preview = signal<{ id: string; report: ReportPreview } | null>(null);
  protected readonly message = signal<{ kind: 'info' | 'error'; text: string } | null>(null);
  protected readonly saving = signal(false);

  protected readonly form = this.fb.group({
    name: ['Daily team summary', [Validators.required, Validators.maxLength(120)]],
    teamIds: [[] as string[], Validators.required],
    kind: ['last-day' as ReportKind, Validators.required],
    frequency: ['daily' as ReportFrequency, Validators.required],
    weekday: [1],
    localTime: ['07:00', Validators.required],
    timeZone: [browserZone(), Validators.required],
    enabled: [true],
    recipientInput: [''],
  });

  private readonly zoneInput = toSignal(this.form.controls.timeZone.valueChanges, {
    initialValue: this.form.controls.timeZone.value,
  });
  private readonly allZones: string[] =
    typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['UTC'];
  protected readonly zones = computed(() => {
    const typed = (this.zoneInput() ?? '').toLowerCase();
    return this.allZones.filter((zone) => zone.toLowerCase().includes(typed)).slice(0, 50);
  });
  protected readonly frequency = toSignal(this.form.controls.frequency.valueChanges, {
    initialValue: this.form.controls.frequency.value,
  });

  constructor() {
    this.reload();
    getAllPages<TeamView>(this.http, apiUrl('teams')).subscribe({
      next: (all) => {
        const allowed = this.allowedTeamIds();
        this.teams.set(all.filter((team) => allowed === null || allowed.includes(team.id)));
      },
      error: (error: unknown) => this.fail(error),
    });
  }

  protected fieldError(name: string): string | null {
    const control = this.form.get(name);
    if (!control?.errors || !control.touched) return null;
    return serverError(this.form, name) ?? 'Required.';
  }

  protected when(schedule: ReportScheduleView): string {
    const day =
      schedule.frequency === 'daily'
        ? 'Every day'
        : `Every ${WEEKDAYS[(schedule.weekday ?? 1) - 1] ?? 'week'}`;
    return `${day} at ${schedule.localTime} (${schedule.timeZone})`;
  }

  protected addRecipient(event: MatChipInputEvent): void {
    const values = event.value
      .split(/[\s,;]+/)
      .map((value) => value.trim())
      .filter(Boolean);
    const bad = values.filter((value) => !EMAIL.test(value));
    const current = this.recipients();
    const added = values.filter(
      (value) =>
        EMAIL.test(value) && !current.some((email) => email.toLowerCase() === value.toLowerCase()),
    );
    if (current.length + added.length > MAX_REPORT_RECIPIENTS) {
      this.message.set({
        kind: 'error',
        text: `At most ${String(MAX_REPORT_RECIPIENTS)} recipients.`,
      });
      return;
    }
    this.recipients.set([...current, ...added]);
    // The chip input's clear() empties the element only: the form control is set here too, and
    // a refused address stays in it to be corrected.
    event.chipInput.clear();
    this.form.controls.recipientInput.setValue(bad.join(' '));
    if (bad.length > 0) {
      this.message.set({ kind: 'error', text: `Not an email address: ${bad.join(', ')}` });
    } else if (this.message()?.text.startsWith('Not an email address')) {
      this.message.set(null);
    }
  }

  protected removeRecipient(email: string): void {
    this.recipients.set(this.recipients().filter((item) => item !== email));
  }

  protected edit(schedule: ReportScheduleView): void {
    this.editing.set(schedule.id);
    this.message.set(null);
    this.form.reset({
      name: schedule.name,
      teamIds: schedule.teams.map((team) => team.id),
      kind: schedule.kind,
      frequency: schedule.frequency,
      weekday: schedule.weekday ?? 1,
      localTime: schedule.localTime,
      timeZone: schedule.timeZone,
      enabled: schedule.enabled,
      recipientInput: '',
    });
    this.recipients.set([...schedule.recipients]);
  }

  protected cancelEdit(): void {
    this.editing.set(null);
    this.form.reset();
    this.recipients.set([]);
  }

  protected save(): void {
    const pending = this.form.controls.recipientInput.value.trim();
    if (pending !== '') {
      this.message.set({ kind: 'error', text: 'Press Enter to add the address you typed.' });
      return;
    }
    if (this.form.invalid || this.recipients().length === 0) {
      this.form.markAllAsTouched();
      this.message.set({
        kind: 'error',
        text:
          this.recipients().length === 0
            ? 'Add at least one recipient.'
            : 'Correct the marked fields.',
      });
      return;
    }
    const value = this.form.getRawValue();
    const request: ReportScheduleRequest = {
      name: value.name,
      teamIds: value.teamIds,
      kind: value.kind,
      recipients: this.recipients(),
      frequency: value.frequency,
      weekday: value.frequency === 'weekly' ? value.weekday : null,
      localTime: value.localTime,
      timeZone: value.timeZone,
      enabled: value.enabled,
    };
    const id = this.editing();
    this.saving.set(true);
    (id === null ? this.api.create(request) : this.api.update(id, request)).subscribe({
      next: (saved) => {
        this.saving.set(false);
        this.message.set({
          kind: 'info',
          text: `Saved "${saved.name}". Next report: ${saved.nextRunAt ? new Date(saved.nextRunAt).toLocaleString() : 'paused'}.`,
        });
        this.cancelEdit();
        this.reload();
      },
      error: (error: unknown) => {
        this.saving.set(false);
        this.fail(error);
      },
    });
  }

  protected remove(schedule: ReportScheduleView): void {
    if (this.confirmingDelete() !== schedule.id) {
      this.confirmingDelete.set(schedule.id);
      return;
    }
    this.confirmingDelete.set(null);
    this.api.remove(schedule.id).subscribe({
      next: () => {
        this.message.set({ kind: 'info', text: `Deleted "${schedule.name}".` });
        if (this.editing() === schedule.id) this.cancelEdit();
        this.reload();
      },
      error: (error: unknown) => this.fail(error),
    });
  }

  protected showPreview(schedule: ReportScheduleView): void {
    this.api.preview(schedule.id).subscribe({
      next: (report) => this.preview.set({ id: schedule.id, report }),
      error: (error: unknown) => this.fail(error),
    });
  }

  protected sendNow(schedule: ReportScheduleView): void {
    this.api.sendNow(schedule.id).subscribe({
      next: () => {
        this.message.set({
          kind: 'info',
          text: `"${schedule.name}" is on its way to ${String(schedule.recipients.length)} recipient(s).`,
        });
        this.reload();
      },
      error: (error: unknown) => this.fail(error),
    });
  }

  private reload(): void {
    this.api.list().subscribe({
      next: (schedules) => this.schedules.set(schedules),
      error: (error: unknown) => this.fail(error),
    });
  }

  private fail(error: unknown): void {
    this.message.set({
      kind: 'error',
      text: showApiFailure(this.form, toApiFailure(error), 'Something went wrong. Try again.'),
    });
  }
}
