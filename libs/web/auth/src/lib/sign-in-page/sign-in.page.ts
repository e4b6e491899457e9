import { Component, inject } from '@angular/core';
import { Store } from '@ngrx/store';

import { LoginRequest } from '@poscalls4u/contracts';
import { SignInCardComponent } from '@poscalls4u/web-ui';

import { AUTH_CONFIG } from '../auth.config';
import { AuthActions } from '../state/auth.actions';
import { selectError, selectIsSigningIn } from '../state/auth.selectors';

/** The `/sign-in` route of both consoles. */
@Component({
  selector: 'pc-sign-in-page',
  imports: [SignInCardComponent],
  template: `
    <pc-sign-in-card
      [appTitle]="appName"
      [pending]="pending()"
      [error]="error()"
      (submitted)="signIn($event)"
    />
  `,
  styles: `
    :host {
      display: flex;
      justify-content: center;
      align-items: flex-start;
      padding: 12vh 1rem 2rem;
    }
  `,
})
export class SignInPage {
  private readonly store = inject(Store);

  protected readonly appName = inject(AUTH_CONFIG).appName;
  protected readonly pending = this.store.selectSignal(selectIsSigningIn);
  protected readonly error = this.store.selectSignal(selectError);

  protected signIn(credentials: LoginRequest): void {
    this.store.dispatch(AuthActions.signIn({ credentials }));
  }
}
