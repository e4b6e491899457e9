import { Component, effect, inject, input, output } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';

import { LoginRequest } from '@poscalls4u/contracts';

import { FormFieldComponent } from '../form-field/form-field';

/**
 * The sign-in form both consoles show. It only collects and validates input; the caller signs in
 * and passes back `pending` and `error`, so the same card works with any auth state.
 */
@Component({
  selector: 'pc-sign-in-card',
  imports: [
    ReactiveFormsModule,
    MatCardModule,
    MatButtonModule,
    MatProgressSpinnerModule,
    FormFieldComponent,
  ],
  templateUrl: './sign-in-card.html',
  styleUrl: './sign-in-card.scss',
})
export class SignInCardComponent {
  /** The console's name, e.g. "Agent console". */
  readonly appTitle = input.required<string>();
  /** True while a sign-in request is in flight. */
  readonly pending = input(false);
  /** The message of the last failed sign-in, or null. */
  readonly error = input<string | null>(null);
  readonly submitted = output<LoginRequest>();

  protected readonly form = inject(FormBuilder).nonNullable.group({
    email: ['', [Validators.required, Validators.email]],
    password: ['', [Validators.required]],
  });

  constructor() {
    // No double submits while a request is in flight.
    effect(() => {
      if (this.pending()) {
        this.form.disable({ emitEvent: false });
      } else {
        this.form.enable({ emitEvent: false });
      }
    });
  }

  protected submit(): void {
    if (this.pending()) {
      return;
    }
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { email, password } = this.form.getRawValue();
    this.submitted.emit({ email: email.trim(), password });
  }
}
