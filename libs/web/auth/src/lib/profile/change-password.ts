import { Component, computed, inject, output, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';

import { ErrorCode } from '@poscalls4u/contracts';
import { toApiFailure } from '@poscalls4u/web-core';
import { FormFieldComponent } from '@poscalls4u/web-ui';

import { AuthApi } from '../auth-api';
import { AuthProviders } from '../auth-providers';
import { minCharacters } from '../pages/reset-password.page';
import { apiErrorMessage } from '../sign-in-error-message';

export const WRONG_CURRENT_PASSWORD = 'Your current password is not right.';

/** Change the password; every other session ends. */
@Component({
  selector: 'pc-change-password',
  imports: [ReactiveFormsModule, MatButtonModule, FormFieldComponent],
  template: `
    <section class="pc-section" aria-labelledby="password-heading">
      <h2 id="password-heading" class="pc-section__title">Change password</h2>
      <div aria-live="polite">
        @if (done()) {
          <p class="pc-message pc-message--info" data-testid="password-changed">
            Your password is changed. Every other device was signed out.
          </p>
        }
        @if (error(); as message) {
          <p class="pc-message pc-message--error" role="alert" data-testid="password-error">
            {{ message }}
          </p>
        }
      </div>
      <form class="pc-form" [formGroup]="form" (ngSubmit)="submit()" novalidate>
        <pc-form-field
          label="Current password"
          type="password"
          autocomplete="current-password"
          testId="current-password"
          required
          [control]="form.controls.currentPassword"
          [errors]="{ required: 'Enter your current password.' }"
        />
        <pc-form-field
          label="New password"
          type="password"
          autocomplete="new-password"
          testId="new-password"
          required
          [control]="form.controls.newPassword"
          [hint]="newPasswordHint()"
          [errors]="newPasswordErrors()"
        />
        <div class="pc-toolbar-row">
          <button
            mat-flat-button
            type="submit"
            data-testid="change-password"
            [disabled]="pending()"
          >
            Change password
          </button>
        </div>
      </form>
    </section>
  `,
  styles: `
    .pc-toolbar-row {
      margin-top: 1rem;
    }
  `,
})
export class ChangePasswordComponent {
  private readonly api = inject(AuthApi);
  protected readonly providers = inject(AuthProviders);

  /** Other sessions ended: the sessions list should reload. */
  readonly changed = output<void>();

  protected readonly pending = signal(false);
  protected readonly done = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly form = inject(FormBuilder).nonNullable.group({
    currentPassword: ['', [Validators.required]],
    newPassword: [
      '',
      [
        Validators.required,
        minCharacters(() => this.providers.minLength()),
        Validators.maxLength(this.providers.maxLength),
      ],
    ],
  });
  protected readonly newPasswordHint = computed(
    () =>
      `At least ${this.providers.minLength()} characters; ` +
      `${this.providers.recommendedLength()} or more recommended.`,
  );
  protected readonly newPasswordErrors = computed(() => ({
    required: 'Choose a new password.',
    minlength: `Use at least ${this.providers.minLength()} characters.`,
  }));

  protected submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.pending.set(true);
    this.done.set(false);
    this.error.set(null);
    this.api.changePassword(this.form.getRawValue()).subscribe({
      next: () => {
        this.pending.set(false);
        this.done.set(true);
        this.form.reset();
        this.changed.emit();
      },
      error: (error: unknown) => {
        this.pending.set(false);
        this.error.set(
          apiErrorMessage(
            toApiFailure(error),
            {
              [ErrorCode.Unauthorized]: WRONG_CURRENT_PASSWORD,
            },
            'The password could not be changed.',
          ),
        );
      },
    });
  }
}
