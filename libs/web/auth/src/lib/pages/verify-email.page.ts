import { Component, OnInit, inject, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { ActivatedRoute, RouterLink } from '@angular/router';

import { ErrorCode } from '@poscalls4u/contracts';
import { toApiFailure } from '@poscalls4u/web-core';

import { AuthApi } from '../auth-api';
import { apiErrorMessage } from '../sign-in-error-message';
import { AuthLayoutComponent } from './auth-layout';

export const INVALID_LINK_MESSAGE =
  'This link is invalid, has already been used or has expired. Ask for a new one below.';

const LINK_OVERRIDES = {
  [ErrorCode.Unauthorized]: INVALID_LINK_MESSAGE,
  [ErrorCode.NotFound]: INVALID_LINK_MESSAGE,
  [ErrorCode.Forbidden]: INVALID_LINK_MESSAGE,
  [ErrorCode.ValidationError]: INVALID_LINK_MESSAGE,
  [ErrorCode.Conflict]: INVALID_LINK_MESSAGE,
};

/** `/verify-email?token=`: confirms the address as soon as the page opens. */
@Component({
  selector: 'pc-verify-email-page',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressSpinnerModule,
    RouterLink,
    AuthLayoutComponent,
  ],
  template: `
    <pc-auth-layout heading="Verify your email">
      <div aria-live="polite">
        @switch (state()) {
          @case ('verifying') {
            <p class="pc-verify__progress">
              <mat-progress-spinner mode="indeterminate" diameter="20" aria-hidden="true" />
              Verifying your email address…
            </p>
          }
          @case ('verified') {
            <p class="pc-message pc-message--info" data-testid="email-verified">
              Your email address is verified. You can sign in now.
            </p>
            <a mat-flat-button routerLink="/sign-in" data-testid="go-sign-in">Sign in</a>
          }
          @case ('failed') {
            <p class="pc-message pc-message--error" role="alert" data-testid="verify-error">
              {{ error() }}
            </p>
          }
        }
      </div>
      @if (state() === 'failed') {
        <form class="pc-form" [formGroup]="form" (ngSubmit)="resend()" novalidate>
          <mat-form-field appearance="outline">
            <mat-label>Email</mat-label>
            <input matInput type="email" formControlName="email" autocomplete="email" required />
            @if (form.controls.email.invalid) {
              <mat-error>Enter a valid email address.</mat-error>
            }
          </mat-form-field>
          <button mat-stroked-button type="submit" [disabled]="resending()">Send a new link</button>
        </form>
        <p aria-live="polite">
          @if (resent()) {
            If the address needs verifying, a new link is on its way.
          }
        </p>
      }
      <nav class="pc-links"><a routerLink="/sign-in">Back to sign in</a></nav>
    </pc-auth-layout>
  `,
  styles: `
    .pc-verify__progress {
      display: flex;
      align-items: center;
      gap: 0.75rem;
    }
  `,
})
export class VerifyEmailPage implements OnInit {
  private readonly api = inject(AuthApi);
  private readonly token = inject(ActivatedRoute).snapshot.queryParamMap.get('token');

  protected readonly state = signal<'verifying' | 'verified' | 'failed'>('verifying');
  protected readonly error = signal<string | null>(null);
  protected readonly resending = signal(false);
  protected readonly resent = signal(false);
  protected readonly form = inject(FormBuilder).nonNullable.group({
    email: ['', [Validators.required, Validators.email]],
  });

  ngOnInit(): void {
    if (this.token === null || this.token === '') {
      this.fail(INVALID_LINK_MESSAGE);
      return;
    }
    this.api.verifyEmail(this.token).subscribe({
      next: () => this.state.set('verified'),
      error: (error: unknown) =>
        this.fail(apiErrorMessage(toApiFailure(error), LINK_OVERRIDES, INVALID_LINK_MESSAGE)),
    });
  }

  protected resend(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.resending.set(true);
    this.api.resendVerification(this.form.getRawValue().email.trim()).subscribe({
      next: () => {
        this.resending.set(false);
        this.resent.set(true);
      },
      error: (error: unknown) => {
        this.resending.set(false);
        this.error.set(apiErrorMessage(toApiFailure(error)));
      },
    });
  }

  private fail(message: string): void {
    this.error.set(message);
    this.state.set('failed');
  }
}
