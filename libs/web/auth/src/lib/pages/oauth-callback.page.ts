import { Component, OnInit, inject, signal } from '@angular/core';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { Store } from '@ngrx/store';

import { AuthActions } from '../state/auth.actions';
import { selectError, selectIsSigningIn } from '../state/auth.selectors';
import { AuthLayoutComponent } from './auth-layout';

export const OAUTH_MISSING_CODE_MESSAGE =
  'The sign-in with the provider did not finish. Try again from the sign-in page.';

/**
 * `/auth/callback?code=` (or `?error=`): where a Google or Facebook sign-in comes back. The one-time
 * code is exchanged for a session; on success the sign-in effects take the person home.
 */
@Component({
  selector: 'pc-oauth-callback-page',
  imports: [MatProgressSpinnerModule, RouterLink, AuthLayoutComponent],
  template: `
    <pc-auth-layout heading="Signing you in">
      <div aria-live="polite">
        @if (providerError() ?? storeError(); as message) {
          <p class="pc-message pc-message--error" role="alert" data-testid="auth-error">
            {{ message }}
          </p>
        } @else {
          <p class="pc-callback__progress">
            <mat-progress-spinner mode="indeterminate" diameter="20" aria-hidden="true" />
            Finishing the sign-in…
          </p>
        }
      </div>
      <nav class="pc-links"><a routerLink="/sign-in">Back to sign in</a></nav>
    </pc-auth-layout>
  `,
  styles: `
    .pc-callback__progress {
      display: flex;
      align-items: center;
      gap: 0.75rem;
    }
  `,
})
export class OAuthCallbackPage implements OnInit {
  private readonly store = inject(Store);
  private readonly query = inject(ActivatedRoute).snapshot.queryParamMap;

  protected readonly providerError = signal<string | null>(null);
  protected readonly pending = this.store.selectSignal(selectIsSigningIn);
  protected readonly storeError = this.store.selectSignal(selectError);

  ngOnInit(): void {
    const code = this.query.get('code');
    const error = this.query.get('error');
    if (error !== null) {
      // The API's words, shown as text (never as HTML).
      this.providerError.set(`The sign-in did not succeed: ${error.slice(0, 300)}`);
    } else if (code === null || code === '') {
      this.providerError.set(OAUTH_MISSING_CODE_MESSAGE);
    } else {
      this.store.dispatch(AuthActions.exchangeOAuthCode({ code }));
    }
  }
}
