import { Component, inject, input, output } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';

import { CallView, DispositionView, WrapUpCallRequest } from '@poscalls4u/contracts';
import { formatDuration } from '@poscalls4u/web-calls';

/** Notes longer than this are refused by the API. */
const NOTES_MAX_LENGTH = 4000;

/** After the call: how it ended (a disposition) and notes, then the agent is free again. */
@Component({
  selector: 'pc-wrap-up-form',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
  ],
  template: `
    <form
      class="pc-form pc-wrap-up"
      data-testid="wrap-up-form"
      [formGroup]="form"
      (ngSubmit)="submit()"
    >
      <h2 class="pc-wrap-up__title">Wrap up</h2>
      <p class="pc-wrap-up__summary">
        {{ call().direction === 'inbound' ? call().from : call().to }} · {{ call().teamName }} ·
        talk {{ talk() }}
      </p>
      <mat-form-field appearance="outline">
        <mat-label>Disposition</mat-label>
        <mat-select formControlName="disposition" data-testid="wrap-up-disposition" required>
          @for (disposition of dispositions(); track disposition.code) {
            <mat-option
              [value]="disposition.code"
              [attr.data-testid]="'disposition-option-' + disposition.code"
              >{{ disposition.label }}</mat-option
            >
          }
        </mat-select>
        @if (form.controls.disposition.hasError('required')) {
          <mat-error>Choose how the call ended</mat-error>
        }
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>Notes</mat-label>
        <textarea
          matInput
          formControlName="notes"
          rows="4"
          data-testid="wrap-up-notes"
          [maxlength]="notesMaxLength"
        ></textarea>
        <mat-hint align="end"
          >{{ form.controls.notes.value.length }} / {{ notesMaxLength }}</mat-hint
        >
      </mat-form-field>
      <div>
        <button mat-flat-button type="submit" data-testid="wrap-up-submit" [disabled]="busy()">
          Finish wrap-up
        </button>
      </div>
    </form>
  `,
  styles: `
    .pc-wrap-up {
      max-width: 36rem;
    }
    .pc-wrap-up__title {
      margin: 0;
      font: var(--mat-sys-title-medium);
    }
    .pc-wrap-up__summary {
      margin: 0 0 1rem;
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class WrapUpFormComponent {
  readonly call = input.required<CallView>();
  readonly dispositions = input.required<DispositionView[]>();
  readonly busy = input(false);
  readonly wrapUp = output<WrapUpCallRequest>();

  protected readonly notesMaxLength = NOTES_MAX_LENGTH;
  protected readonly form = inject(NonNullableFormBuilder).group({
    disposition: ['', Validators.required],
    notes: ['', Validators.maxLength(NOTES_MAX_LENGTH)],
  });

  protected talk(): string {
    return formatDuration(this.call().durations.talkSeconds);
  }

  protected submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { disposition, notes } = this.form.getRawValue();
    const trimmed = notes.trim();
    this.wrapUp.emit(trimmed === '' ? { disposition } : { disposition, notes: trimmed });
  }
}
