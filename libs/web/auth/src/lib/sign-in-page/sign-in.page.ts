import { Component, OnInit, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { Store } from '@ngrx/store';

import { LoginRequest } from '@poscalls4u/contracts';
import { SignInCardComponent } from '@poscalls4u/web-ui';

import { AuthProviders, socialSignInUrl } from '../auth-providers';
import { AUTH_CONFIG } from '../auth.config';
import { SIGN_IN_MESSAGES } from '../sign-in-error-message';
import { AuthActions } from '../state/auth.actions';
import { selectError, selectIsMfaStep, selectIsSigningIn } from '../state/auth.selectors';
import { MfaStepComponent } from './mfa-step';

/** The `/sign-in` route of both consoles: email and password, then a second factor if asked. */
@Component({
  selector: 'pc-sign-in-page',
  imports: [SignInCardComponent, MfaStepComponent, MatButtonModule, RouterLink],
  template: `
    @if (mfaStep()) {
      <pc-mfa-step
        [appTitle]="config.appName"
        [pending]="pending()"
        [error]="error()"
        (submitted)="verify($event)"
        (cancelled)="cancelMfa()"
      />
    } @else {
      <pc-sign-in-card
        [appTitle]="config.appName"
        [pending]="pending()"
        [error]="error()"
        (submitted)="signIn($event)"
      >
        @if (providers.google() || providers.facebook()) {
          <div class="pc-social" role="group" aria-label="Other ways to sign in">
            <span class="pc-social__or">or</span>
            @if (providers.google()) {
              <a mat-stroked-button data-testid="sign-in-google" [href]="googleUrl">
                Sign in with Google
              </a>
            }
            @if (providers.facebook()) {
              <a mat-stroked-button data-testid="sign-in-facebook" [href]="facebookUrl">
                Sign in with Facebook
              </a>
            }
          </div>
        }
        @if (unverifiedEmail(); as email) {
          <p class="pc-unverified">
            <a
              routerLink="/check-email"
              [queryParams]="{ email }"
              data-testid="resend-verification-link"
              >Send the verification link again</a
            >
          </p>
        }
        <nav class="pc-links" aria-label="Account help">
          <a routerLink="/forgot-password" data-testid="forgot-password-link">Forgot password?</a>
          @if (config.allowSignUp) {
            <a routerLink="/sign-up" data-testid="sign-up-link">Create an account</a>
          }
        </nav>
      </pc-sign-in-card>
    }
  `,
  styles: `
    :host {
      display: flex;
      justify-content: center;
      align-items: flex-start;
      padding: 12vh 1rem 2rem;
    }
    .pc-social {
      display: flex;
      flex-direction: column;
      gap: 0.5rem;
      margin-top: 1rem;
    }
    .pc-unverified {
      margin: 1rem 0 0;
      font: var(--mat-sys-body-medium);
    }
    .pc-unverified a {
      color: var(--mat-sys-primary);
    }
    .pc-social__or {
      text-align: center;
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-medium);
    }
  `,
})
export class SignInPage implements OnInit {
  private readonly store = inject(Store);

  protected readonly config = inject(AUTH_CONFIG);
  protected readonly providers = inject(AuthProviders);
  protected readonly pending = this.store.selectSignal(selectIsSigningIn);
  protected readonly error = this.store.selectSignal(selectError);
  protected readonly mfaStep = this.store.selectSignal(selectIsMfaStep);
  protected readonly googleUrl = socialSignInUrl('google', this.config.consoleId);
  protected readonly facebookUrl = socialSignInUrl('facebook', this.config.consoleId);
  private readonly lastEmail = signal<string | null>(null);
  /** The email of a sign-in refused for an unverified address, to offer a new link. */
  protected readonly unverifiedEmail = computed(() =>
    this.error() === SIGN_IN_MESSAGES.emailNotVerified ? this.lastEmail() : null,
  );

  ngOnInit(): void {
    this.providers.load();
  }

  protected signIn(credentials: LoginRequest): void {
    this.lastEmail.set(credentials.email);
    this.store.dispatch(AuthActions.signIn({ credentials }));
  }

  protected verify(code: string): void {
    this.store.dispatch(AuthActions.verifyMfa({ code }));
  }

  protected cancelMfa(): void {
    this.store.dispatch(AuthActions.cancelMfa());
  }
}
