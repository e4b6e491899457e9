import { Component, afterNextRender, inject, input, output, viewChild } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelect, MatSelectModule } from '@angular/material/select';

import { CallView, DispositionView, WrapUpCallRequest } from '@poscalls4u/contracts';
import { formatDuration } from '@poscalls4u/web-calls';

import { CallCommands } from './call-commands';

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

  private readonly dispositionSelect = viewChild.required(MatSelect);

  constructor() {
    // After End call the live panel (and the button that had the focus) is gone: the focus moves
    // to the first thing to do next, so a keyboard user is not thrown back to the page's top.
    afterNextRender(() => this.dispositionSelect().focus());
    inject(CallCommands)
      .wrapUpRequested.pipe(takeUntilDestroyed())
      .subscribe(() => this.submit());
  }

  protected talk(): string {
    return formatDuration(this.call().durations.talkSeconds);
  }

  protected submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      this.dispositionSelect().focus();
      return;
    }
    const { disposition, notes } = this.form.getRawValue();
    const trimmed = notes.trim();
    this.wrapUp.emit(trimmed === '' ? { disposition } : { disposition, notes: trimmed });
  }
}
