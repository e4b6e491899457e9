import { Component, OnInit, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { Router, RouterLink } from '@angular/router';

import { ErrorCode } from '@poscalls4u/contracts';
import { toApiFailure } from '@poscalls4u/web-core';
import { FormFieldComponent } from '@poscalls4u/web-ui';

import { AuthApi } from '../auth-api';
import { AuthProviders, passwordStrength } from '../auth-providers';
import { AUTH_CONFIG, CHECK_EMAIL_PATH } from '../auth.config';
import { apiErrorMessage } from '../sign-in-error-message';
import { AuthLayoutComponent } from './auth-layout';

/** `/sign-up` (agent console): creates an agent account that must verify its email. */
@Component({
  selector: 'pc-sign-up-page',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    RouterLink,
    FormFieldComponent,
    AuthLayoutComponent,
  ],
  template: `
    <pc-auth-layout heading="Create an account" [subtitle]="appName">
      <div role="alert" aria-atomic="true">
        @if (error(); as message) {
          <p class="pc-message pc-message--error" data-testid="form-error">{{ message }}</p>
        }
      </div>
      <form class="pc-form" [formGroup]="form" (ngSubmit)="submit()" novalidate>
        <pc-form-field
          label="Full name"
          autocomplete="name"
          testId="name"
          required
          [control]="form.controls.name"
          [errors]="{ required: 'Enter your name.' }"
        />
        <pc-form-field
          label="Email"
          type="email"
          autocomplete="email"
          inputmode="email"
          testId="email"
          required
          [control]="form.controls.email"
          [errors]="{
            required: 'Enter your email address.',
            email: 'Enter a valid email address, like name@example.com.',
          }"
        />
        <pc-form-field
          label="Password"
          type="password"
          autocomplete="new-password"
          describedBy="password-strength"
          testId="password"
          required
          [control]="form.controls.password"
          [hint]="passwordHint()"
          [errors]="passwordErrors()"
        />
        <p
          id="password-strength"
          class="pc-strength"
          aria-live="polite"
          data-testid="password-strength"
          [attr.data-level]="strength()?.level"
        >
          {{ strength()?.label }}
        </p>
        <button
          mat-flat-button
          type="submit"
          data-testid="sign-up"
          [disabled]="pending()"
          [attr.aria-busy]="pending()"
        >
          {{ pending() ? 'Creating your account…' : 'Create account' }}
        </button>
      </form>
      <nav class="pc-links" aria-label="Account help">
        <a routerLink="/sign-in">I already have an account</a>
      </nav>
    </pc-auth-layout>
  `,
  styles: `
    .pc-strength {
      min-height: 1.25rem;
      margin: 1rem 0 0.5rem;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .pc-strength[data-level='too-short'] {
      color: var(--mat-sys-error);
    }
  `,
})
export class SignUpPage implements OnInit {
  private readonly api = inject(AuthApi);
  private readonly router = inject(Router);

  protected readonly appName = inject(AUTH_CONFIG).appName;
  protected readonly providers = inject(AuthProviders);
  protected readonly pending = signal(false);
  protected readonly error = signal<string | null>(null);

  protected readonly form = inject(FormBuilder).nonNullable.group({
    name: ['', [Validators.required, Validators.maxLength(120)]],
    email: ['', [Validators.required, Validators.email]],
    password: [
      '',
      [
        Validators.required,
        (control: { value: string }) =>
          [...control.value].length < this.providers.minLength()
            ? { minlength: { requiredLength: this.providers.minLength() } }
            : null,
        Validators.maxLength(this.providers.maxLength),
      ],
    ],
  });

  protected readonly passwordHint = computed(
    () =>
      `At least ${this.providers.minLength()} characters; we recommend ` +
      `${this.providers.recommendedLength()} or more. Spaces and any characters are welcome.`,
  );
  protected readonly passwordErrors = computed(() => ({
    required: 'Choose a password.',
    minlength: `Use at least ${this.providers.minLength()} characters.`,
    maxlength: `Use at most ${this.providers.maxLength} characters.`,
  }));

  private readonly password = toSignal(this.form.controls.password.valueChanges, {
    initialValue: '',
  });
  protected readonly strength = computed(() => {
    const password = this.password();
    return password === ''
      ? null
      : passwordStrength(password, this.providers.minLength(), this.providers.recommendedLength());
  });

  ngOnInit(): void {
    this.providers.load();
  }

  protected submit(): void {
    if (this.pending()) {
      return;
    }
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { name, email, password } = this.form.getRawValue();
    this.pending.set(true);
    this.error.set(null);
    this.api.register({ name: name.trim(), email: email.trim(), password }).subscribe({
      next: () => {
        void this.router.navigate([CHECK_EMAIL_PATH], { queryParams: { email: email.trim() } });
      },
      error: (error: unknown) => {
        this.pending.set(false);
        this.error.set(
          apiErrorMessage(
            toApiFailure(error),
            {
              [ErrorCode.Forbidden]:
                'New accounts are agents. An administrator can give you another role later.',
            },
            'The account could not be created. Try again.',
          ),
        );
      },
    });
  }
}
