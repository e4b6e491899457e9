import { Component, inject, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';

import { toApiFailure } from '@poscalls4u/web-core';
import { FormFieldComponent } from '@poscalls4u/web-ui';

import { AuthApi } from '../auth-api';
import { apiErrorMessage } from '../sign-in-error-message';
import { AuthLayoutComponent } from './auth-layout';

/** `/forgot-password`: asks for a reset link; the answer never tells whether the email is known. */
@Component({
  selector: 'pc-forgot-password-page',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    RouterLink,
    FormFieldComponent,
    AuthLayoutComponent,
  ],
  template: `
    <pc-auth-layout heading="Reset your password">
      <div aria-live="polite">
        @if (sent()) {
          <p class="pc-message pc-message--info" data-testid="reset-sent">
            If an account uses that address, we have sent it a link to choose a new password. The
            link is valid for one hour.
          </p>
        }
        @if (error(); as message) {
          <p class="pc-message pc-message--error" role="alert" data-testid="form-error">
            {{ message }}
          </p>
        }
      </div>
      @if (!sent()) {
        <p>
          Enter the email address of your account. We will send you a link to choose a new password.
        </p>
        <form class="pc-form" [formGroup]="form" (ngSubmit)="submit()" novalidate>
          <pc-form-field
            label="Email"
            type="email"
            autocomplete="username"
            inputmode="email"
            testId="email"
            required
            [control]="form.controls.email"
            [errors]="{
              required: 'Enter your email address.',
              email: 'Enter a valid email address, like name@example.com.',
            }"
          />
          <button
            mat-flat-button
            type="submit"
            data-testid="send-reset-link"
            [disabled]="pending()"
            [attr.aria-busy]="pending()"
          >
            Send reset link
          </button>
        </form>
      }
      <nav class="pc-links"><a routerLink="/sign-in">Back to sign in</a></nav>
    </pc-auth-layout>
  `,
})
export class ForgotPasswordPage {
  private readonly api = inject(AuthApi);

  protected readonly pending = signal(false);
  protected readonly sent = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly form = inject(FormBuilder).nonNullable.group({
    email: ['', [Validators.required, Validators.email]],
  });

  protected submit(): void {
    if (this.pending()) {
      return;
    }
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.pending.set(true);
    this.error.set(null);
    this.api.forgotPassword({ email: this.form.getRawValue().email.trim() }).subscribe({
      next: () => {
        this.pending.set(false);
        this.sent.set(true);
      },
      error: (error: unknown) => {
        this.pending.set(false);
        this.error.set(apiErrorMessage(toApiFailure(error)));
      },
    });
  }
}
