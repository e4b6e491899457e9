import { Component, inject, output, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';

import { ErrorCode } from '@poscalls4u/contracts';
import { toApiFailure } from '@poscalls4u/web-core';

import { AuthApi } from '../auth-api';
import { AuthProviders } from '../auth-providers';
import { minCharacters } from '../pages/reset-password.page';
import { apiErrorMessage } from '../sign-in-error-message';

export const WRONG_CURRENT_PASSWORD = 'Your current password is not right.';

/** Change the password; every other session ends. */
@Component({
  selector: 'pc-change-password',
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInputModule, MatButtonModule],
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
        <mat-form-field appearance="outline">
          <mat-label>Current password</mat-label>
          <input
            matInput
            type="password"
            formControlName="currentPassword"
            autocomplete="current-password"
            required
            data-testid="current-password"
          />
          @if (form.controls.currentPassword.hasError('required')) {
            <mat-error>Enter your current password.</mat-error>
          }
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>New password</mat-label>
          <input
            matInput
            type="password"
            formControlName="newPassword"
            autocomplete="new-password"
            required
            data-testid="new-password"
          />
          <mat-hint>
            At least {{ providers.minLength() }} characters; {{ providers.recommendedLength() }} or
            more recommended.
          </mat-hint>
          @if (form.controls.newPassword.hasError('required')) {
            <mat-error>Choose a new password.</mat-error>
          } @else if (form.controls.newPassword.hasError('minlength')) {
            <mat-error>Use at least {{ providers.minLength() }} characters.</mat-error>
          }
        </mat-form-field>
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
