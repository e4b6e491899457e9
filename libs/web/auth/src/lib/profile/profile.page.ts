import { Component, OnInit, computed, inject, signal, viewChild } from '@angular/core';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { Store } from '@ngrx/store';

import { AuthApi } from '../auth-api';
import { AuthProviders } from '../auth-providers';
import { AuthActions } from '../state/auth.actions';
import { selectUser } from '../state/auth.selectors';
import { ChangePasswordComponent } from './change-password';
import { MfaSettingsComponent } from './mfa-settings';
import { ProfileDetailsComponent } from './profile-details';
import { SessionsListComponent } from './sessions-list';

/** `/profile` of both consoles: details, password, devices, two-step verification. */
@Component({
  selector: 'pc-profile-page',
  imports: [
    RouterLink,
    ProfileDetailsComponent,
    ChangePasswordComponent,
    SessionsListComponent,
    MfaSettingsComponent,
  ],
  template: `
    <div class="pc-page pc-profile">
      <h1 class="pc-page__title">Your profile</h1>
      @if (mfaRequired) {
        <div class="pc-message pc-message--info" role="status" data-testid="mfa-required-notice">
          @if (mfaOn()) {
            Two-step verification is on. <a routerLink="/" data-testid="mfa-continue">Continue</a>
          } @else {
            Your organisation requires two-step verification for supervisors and admins. Set it up
            below to continue.
          }
        </div>
      }
      @if (user(); as user) {
        <pc-profile-details [user]="user" />
      }
      <pc-mfa-settings [enabled]="mfaOn()" (changed)="mfaEnabled.set($event)" />
      <pc-change-password (changed)="sessions()?.load()" />
      <pc-sessions-list />
    </div>
  `,
  styles: `
    .pc-profile {
      max-width: 44rem;
    }
  `,
})
export class ProfilePage implements OnInit {
  private readonly store = inject(Store);
  private readonly api = inject(AuthApi);

  protected readonly user = this.store.selectSignal(selectUser);
  protected readonly mfaEnabled = signal<boolean | null>(null);
  /**
   * Whether MFA is on: the freshest answer of the API, else the signed-in user's flag, so that a
   * user without MFA is offered the set-up and never the "turn off" forms.
   */
  protected readonly mfaOn = computed(() => this.mfaEnabled() ?? this.user()?.mfaEnabled ?? null);
  /** Sent here because the organisation requires MFA (`?mfa=required`). */
  protected readonly mfaRequired =
    inject(ActivatedRoute).snapshot.queryParamMap.get('mfa') === 'required';
  protected readonly sessions = viewChild(SessionsListComponent);

  constructor() {
    inject(AuthProviders).load();
  }

  ngOnInit(): void {
    // The freshest profile, and whether MFA is on when the API says so.
    this.api.profile().subscribe({
      next: (user) => {
        this.store.dispatch(AuthActions.profileUpdated({ user }));
        if (typeof user.mfaEnabled === 'boolean') {
          this.mfaEnabled.set(user.mfaEnabled);
        }
      },
      error: () => undefined,
    });
  }
}
