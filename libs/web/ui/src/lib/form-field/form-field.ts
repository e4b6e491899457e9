import {
  ChangeDetectionStrategy,
  Component,
  booleanAttribute,
  computed,
  input,
} from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule, ValidationErrors } from '@angular/forms';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { map, startWith, switchMap } from 'rxjs';

/** The input types the form field renders; anything richer (selects, dates) keeps its own markup. */
export type FormFieldType = 'text' | 'email' | 'password' | 'search' | 'tel' | 'url';

/**
 * Validator key -> the sentence shown when the control has that error. The first key (in the order
 * written) the control fails is shown, like an `@if … @else if` chain.
 */
export type FormFieldErrors = Readonly<Record<string, string>>;

/** The first message of `messages` whose key is one of `errors`, or null. */
export function firstErrorMessage(
  errors: ValidationErrors | null,
  messages: FormFieldErrors,
): string | null {
  if (errors === null) {
    return null;
  }
  const key = Object.keys(messages).find((name) => name in errors);
  return key === undefined ? null : (messages[key] ?? null);
}

/**
 * An outlined Material text input bound to a reactive FormControl: label, optional hint and the
 * validation message. Material associates the label with the input and points the input's
 * `aria-describedby` at the hint or the error; `describedBy` adds ids of text outside the field.
 */
@Component({
  selector: 'pc-form-field',
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInputModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-form-field appearance="outline">
      <mat-label>{{ label() }}</mat-label>
      <input
        matInput
        [type]="type()"
        [formControl]="control()"
        [required]="required()"
        [aria-describedby]="describedBy()"
        [attr.autocomplete]="autocomplete()"
        [attr.inputmode]="inputmode()"
        [attr.data-testid]="testId()"
      />
      @if (hint(); as hint) {
        <mat-hint>{{ hint }}</mat-hint>
      }
      @if (errorMessage(); as message) {
        <mat-error>{{ message }}</mat-error>
      }
    </mat-form-field>
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
    }
  `,
})
export class FormFieldComponent {
  readonly label = input.required<string>();
  readonly control = input.required<FormControl<string>>();
  readonly type = input<FormFieldType>('text');
  /** Passed through to the input, e.g. `email`, `current-password`, `new-password`. */
  readonly autocomplete = input<string | null>(null);
  /** Passed through to the input, e.g. `email` for the on-screen keyboard with an @. */
  readonly inputmode = input<string | null>(null);
  readonly required = input(false, { transform: booleanAttribute });
  readonly hint = input<string | null>(null);
  readonly errors = input<FormFieldErrors>({});
  /** Space-separated ids of elements outside the field that also describe the input. */
  readonly describedBy = input('');
  /** The input's `data-testid`. */
  readonly testId = input<string | null>(null);

  // The control's errors as a signal: validators run outside the template, so read them on each
  // value, status or touched event rather than only when this view happens to be checked.
  private readonly controlErrors = toSignal(
    toObservable(this.control).pipe(
      switchMap((control) =>
        control.events.pipe(
          startWith(null),
          map(() => control.errors),
        ),
      ),
    ),
    { initialValue: null },
  );

  protected readonly errorMessage = computed(() =>
    firstErrorMessage(this.controlErrors(), this.errors()),
  );
}
