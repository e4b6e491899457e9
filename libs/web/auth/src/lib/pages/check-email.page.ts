import { Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { ActivatedRoute, RouterLink } from '@angular/router';

import { toApiFailure } from '@poscalls4u/web-core';

import { AuthApi } from '../auth-api';
import { apiErrorMessage } from '../sign-in-error-message';
import { AuthLayoutComponent } from './auth-layout';

/** `/check-email?email=`: after sign-up, explains the verification email and offers a resend. */
@Component({
  selector: 'pc-check-email-page',
  imports: [MatButtonModule, RouterLink, AuthLayoutComponent],
  template: `
    <pc-auth-layout heading="Check your email">
      <p data-testid="check-email-text">
        If the address
        @if (email) {
          <strong>{{ email }}</strong>
        }
        can be used, we have sent it a link to verify it. Open the link to finish creating your
        account, then sign in. The link is valid for 24 hours.
      </p>
      <div aria-live="polite">
        @if (resent()) {
          <p class="pc-message pc-message--info" data-testid="resent">
            If the address needs verifying, a new link is on its way.
          </p>
        }
        @if (error(); as message) {
          <p class="pc-message pc-message--error" role="alert">{{ message }}</p>
        }
      </div>
      @if (email) {
        <button
          mat-stroked-button
          type="button"
          data-testid="resend-verification"
          [disabled]="pending()"
          (click)="resend()"
        >
          Send the link again
        </button>
      }
      <nav class="pc-links"><a routerLink="/sign-in">Back to sign in</a></nav>
    </pc-auth-layout>
  `,
})
export class CheckEmailPage {
  private readonly api = inject(AuthApi);

  protected readonly email = inject(ActivatedRoute).snapshot.queryParamMap.get('email');
  protected readonly pending = signal(false);
  protected readonly resent = signal(false);
  protected readonly error = signal<string | null>(null);

  protected resend(): void {
    if (this.email === null) {
      return;
    }
    this.pending.set(true);
    this.resent.set(false);
    this.error.set(null);
    this.api.resendVerification(this.email).subscribe({
      next: () => {
        this.pending.set(false);
        this.resent.set(true);
      },
      error: (error: unknown) => {
        this.pending.set(false);
        this.error.set(apiErrorMessage(toApiFailure(error)));
      },
    });
  }
}
