import { Component, OnInit, computed, inject, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, ValidatorFn, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { ActivatedRoute, RouterLink } from '@angular/router';

import { ErrorCode } from '@poscalls4u/contracts';
import { toApiFailure } from '@poscalls4u/web-core';
import { FormFieldComponent } from '@poscalls4u/web-ui';

import { AuthApi } from '../auth-api';
import { AuthProviders } from '../auth-providers';
import { apiErrorMessage } from '../sign-in-error-message';
import { AuthLayoutComponent } from './auth-layout';

export const INVALID_RESET_LINK_MESSAGE =
  'This link is invalid, has already been used or has expired. Ask for a new one.';

/** A password at least `min()` characters long (counted as characters, not UTF-16 units). */
export function minCharacters(min: () => number): ValidatorFn {
  return (control) =>
    typeof control.value === 'string' && control.value !== '' && [...control.value].length < min()
      ? { minlength: { requiredLength: min() } }
      : null;
}

/**
 * `/reset-password?token=&invite=`: chooses a new password from an emailed link. Invitees
 * (`invite=1`) use the same page to choose their first password.
 */
@Component({
  selector: 'pc-reset-password-page',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    RouterLink,
    FormFieldComponent,
    AuthLayoutComponent,
  ],
  template: `
    <pc-auth-layout [heading]="invite ? 'Welcome to PosCalls4U' : 'Choose a new password'">
      <div aria-live="polite">
        @if (done()) {
          <p class="pc-message pc-message--info" data-testid="password-reset-done">
            @if (invite) {
              Your password is set. Sign in to start.
            } @else {
              Your password has been changed and every device was signed out. Sign in with the new
              password.
            }
          </p>
          <a mat-flat-button routerLink="/sign-in" data-testid="go-sign-in">Sign in</a>
        }
        @if (error(); as message) {
          <p class="pc-message pc-message--error" role="alert" data-testid="form-error">
            {{ message }}
          </p>
        }
      </div>
      @if (!done() && token) {
        @if (invite) {
          <p>You have been invited. Choose a password to finish setting up your account.</p>
        } @else {
          <p class="pc-message pc-message--info" data-testid="reset-chat-note">
            A new password does not give access to your old chat messages: they are encrypted with
            keys only your chat recovery passphrase opens.
          </p>
        }
        <form class="pc-form" [formGroup]="form" (ngSubmit)="submit()" novalidate>
          <pc-form-field
            label="New password"
            type="password"
            autocomplete="new-password"
            testId="new-password"
            required
            [control]="form.controls.password"
            [hint]="passwordHint()"
            [errors]="passwordErrors()"
          />
          <pc-form-field
            class="pc-reset__confirm"
            label="Repeat the new password"
            type="password"
            autocomplete="new-password"
            testId="confirm-password"
            required
            [control]="form.controls.confirm"
            [errors]="{ required: 'Repeat the password.' }"
          />
          @if (mismatch()) {
            <p class="pc-message pc-message--error" role="alert">The two passwords differ.</p>
          }
          <button
            mat-flat-button
            type="submit"
            data-testid="reset-password"
            [disabled]="pending()"
            [attr.aria-busy]="pending()"
          >
            {{ invite ? 'Set password' : 'Change password' }}
          </button>
        </form>
      }
      <nav class="pc-links">
        <a routerLink="/sign-in">Back to sign in</a>
        @if (!invite) {
          <a routerLink="/forgot-password">Ask for a new link</a>
        }
      </nav>
    </pc-auth-layout>
  `,
  styles: `
    .pc-reset__confirm {
      margin-top: 1rem;
    }
  `,
})
export class ResetPasswordPage implements OnInit {
  private readonly api = inject(AuthApi);
  private readonly query = inject(ActivatedRoute).snapshot.queryParamMap;

  protected readonly token = this.query.get('token');
  protected readonly invite =
    this.query.get('invite') === '1' || this.query.get('invite') === 'true';
  protected readonly providers = inject(AuthProviders);
  protected readonly pending = signal(false);
  protected readonly done = signal(false);
  protected readonly mismatch = signal(false);
  protected readonly error = signal<string | null>(this.token ? null : INVALID_RESET_LINK_MESSAGE);
  protected readonly form = inject(FormBuilder).nonNullable.group({
    password: [
      '',
      [
        Validators.required,
        minCharacters(() => this.providers.minLength()),
        Validators.maxLength(this.providers.maxLength),
      ],
    ],
    confirm: ['', [Validators.required]],
  });
  protected readonly passwordHint = computed(
    () =>
      `At least ${this.providers.minLength()} characters; ` +
      `${this.providers.recommendedLength()} or more recommended.`,
  );
  protected readonly passwordErrors = computed(() => ({
    required: 'Choose a password.',
    minlength: `Use at least ${this.providers.minLength()} characters.`,
    maxlength: `Use at most ${this.providers.maxLength} characters.`,
  }));

  ngOnInit(): void {
    this.providers.load();
  }

  protected submit(): void {
    if (this.pending() || this.token === null) {
      return;
    }
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { password, confirm } = this.form.getRawValue();
    this.mismatch.set(password !== confirm);
    if (password !== confirm) {
      return;
    }
    this.pending.set(true);
    this.error.set(null);
    this.api.resetPassword({ token: this.token, password }).subscribe({
      next: () => {
        this.pending.set(false);
        this.done.set(true);
      },
      error: (error: unknown) => {
        this.pending.set(false);
        const failure = toApiFailure(error);
        this.error.set(
          apiErrorMessage(failure, {
            [ErrorCode.Unauthorized]: INVALID_RESET_LINK_MESSAGE,
            [ErrorCode.NotFound]: INVALID_RESET_LINK_MESSAGE,
            [ErrorCode.Forbidden]: INVALID_RESET_LINK_MESSAGE,
            ...(failure.details === undefined
              ? { [ErrorCode.ValidationError]: INVALID_RESET_LINK_MESSAGE }
              : {}),
          }),
        );
      },
    });
  }
}
