import { DecimalPipe, NgTemplateOutlet } from '@angular/common';
import { Component, inject, signal } from '@angular/core';
import { FormBuilder, FormControl, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatTableModule } from '@angular/material/table';

import { StaffingRequest, StaffingView } from '@poscalls4u/contracts';
import { toApiFailure } from '@poscalls4u/web-core';

import { WorkforceApi } from './workforce-api';

type Field = keyof StaffingRequest;

/**
 * The request's shares (0..1) are typed as percentages on the page, so the API's words about
 * them ("must not be greater than 1") are replaced by these.
 */
const PERCENT_MESSAGES: Partial<Record<Field, string>> = {
  serviceLevelTarget: 'Must be below 100 %.',
  shrinkage: 'From 0 to 90 %.',
  maxOccupancy: 'Above 0, up to 100 %.',
};

/** An empty optional field is left out of the request; anything else goes as a number. */
function numberOrUndefined(value: number | string | null): number | undefined {
  return value === null || value === '' ? undefined : Number(value);
}

/**
 * The staffing calculator: a period's calls, AHT and target in, the agents needed out (Erlang C,
 * or Erlang A when a patience is given), with the figures for a few agents less and more. The API
 * checks the input; its complaints show at the field they are about.
 */
@Component({
  selector: 'pc-staffing-page',
  imports: [
    DecimalPipe,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatTableModule,
    NgTemplateOutlet,
    ReactiveFormsModule,
  ],
  templateUrl: './staffing.page.html',
  styleUrl: './staffing.page.scss',
})
export class StaffingPage {
  private readonly api = inject(WorkforceApi);
  private readonly fb = inject(FormBuilder);

  protected readonly form = this.fb.group({
    callsPerInterval: this.fb.control<number | null>(100, Validators.required),
    intervalMinutes: this.fb.control<number | null>(30, Validators.required),
    ahtSeconds: this.fb.control<number | null>(180, Validators.required),
    serviceLevelTarget: this.fb.control<number | null>(80, Validators.required),
    targetAnswerSeconds: this.fb.control<number | null>(20, Validators.required),
    shrinkage: this.fb.control<number | null>(null),
    maxOccupancy: this.fb.control<number | null>(null),
    averagePatienceSeconds: this.fb.control<number | null>(null),
  });

  protected readonly result = signal<StaffingView | null>(null);
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);

  /** The table's columns: the abandon rate only when the model has abandons (Erlang A). */
  protected columnsFor(staffing: StaffingView): string[] {
    const columns = ['agents', 'serviceLevel', 'asaSeconds', 'probabilityOfWaiting', 'occupancy'];
    return staffing.model === 'erlang-a' ? [...columns, 'abandonRate'] : columns;
  }

  protected calculate(): void {
    this.form.markAllAsTouched();
    if (this.form.invalid) return;
    const value = this.form.getRawValue();
    const share = (field: Field) => {
      const number = numberOrUndefined(value[field]);
      return number === undefined ? undefined : number / 100;
    };
    const request: StaffingRequest = {
      callsPerInterval: Number(value.callsPerInterval),
      intervalMinutes: Number(value.intervalMinutes),
      ahtSeconds: Number(value.ahtSeconds),
      serviceLevelTarget: Number(value.serviceLevelTarget) / 100,
      targetAnswerSeconds: Number(value.targetAnswerSeconds),
      shrinkage: share('shrinkage'),
      maxOccupancy: share('maxOccupancy'),
      averagePatienceSeconds: numberOrUndefined(value.averagePatienceSeconds),
    };
    this.loading.set(true);
    this.error.set(null);
    this.api.staffing(request).subscribe({
      next: (staffing) => {
        this.loading.set(false);
        this.result.set(staffing);
      },
      error: (error: unknown) => {
        this.loading.set(false);
        this.result.set(null);
        this.showFailure(error);
      },
    });
  }

  /** The control of an API field name, if the form has one. */
  protected control(field: string): FormControl<number | null> | null {
    return (this.form.controls as Record<string, FormControl<number | null>>)[field] ?? null;
  }

  /** The server's message for a field, or the form's own one. */
  protected fieldError(field: Field): string | null {
    const errors = this.control(field)?.errors;
    if (!errors) return null;
    if (typeof errors['server'] === 'string') return errors['server'];
    return errors['required'] ? 'Required' : null;
  }

  private showFailure(error: unknown): void {
    const failure = toApiFailure(error);
    let placed = false;
    for (const issue of failure.details ?? []) {
      const control = this.control(issue.field);
      if (control === null) continue;
      const message = PERCENT_MESSAGES[issue.field as Field] ?? issue.messages.join(' ');
      control.setErrors({ server: message });
      control.markAsTouched();
      placed = true;
    }
    if (!placed) this.error.set(failure.message ?? 'Something went wrong. Try again.');
  }
}
