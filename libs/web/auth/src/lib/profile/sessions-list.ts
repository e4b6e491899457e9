import { DatePipe } from '@angular/common';
import { Component, OnInit, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { Store } from '@ngrx/store';
import { filter, switchMap } from 'rxjs';

import { SessionView } from '@poscalls4u/contracts';
import { toApiFailure } from '@poscalls4u/web-core';
import { confirmAction } from '@poscalls4u/web-ui/confirm-dialog';

import { AuthApi } from '../auth-api';
import { apiErrorMessage } from '../sign-in-error-message';
import { AuthActions } from '../state/auth.actions';

export const SIGNED_OUT_EVERYWHERE_MESSAGE = 'You signed out on every device. Sign in again.';

const METHOD_LABELS: Record<SessionView['method'], string> = {
  password: 'Password',
  mfa: 'Password and two-step code',
  google: 'Google',
  facebook: 'Facebook',
};

/** The person's signed-in devices, with "sign out" for one or all. */
@Component({
  selector: 'pc-sessions-list',
  imports: [DatePipe, MatButtonModule],
  template: `
    <section class="pc-section" aria-labelledby="sessions-heading">
      <h2 id="sessions-heading" class="pc-section__title">Where you are signed in</h2>
      <div aria-live="polite">
        @if (error(); as message) {
          <p class="pc-message pc-message--error" role="alert" data-testid="sessions-error">
            {{ message }}
          </p>
        }
      </div>
      @if (loading()) {
        <p>Loading your sessions…</p>
      }
      <ul class="pc-sessions" data-testid="sessions">
        @for (session of sessions(); track session.id) {
          <li class="pc-sessions__item" data-testid="session" [attr.data-current]="session.current">
            <div>
              <strong>{{ session.device ?? session.userAgent ?? 'Unknown device' }}</strong>
              @if (session.current) {
                <span class="pc-role-chip" data-testid="current-session">This device</span>
              }
              <div class="pc-sessions__meta">
                {{ methodLabel(session.method) }} · IP {{ session.ip ?? 'unknown' }} · signed in
                {{ session.createdAt | date: 'medium' }} · last active
                {{ session.lastUsedAt | date: 'medium' }}
              </div>
            </div>
            @if (session.current) {
              <button
                mat-stroked-button
                type="button"
                data-testid="sign-out-this-device"
                (click)="signOutHere()"
              >
                Sign out this device
              </button>
            } @else {
              <button
                mat-stroked-button
                type="button"
                data-testid="revoke-session"
                [attr.aria-label]="
                  'Sign out ' + (session.device ?? session.userAgent ?? 'this session')
                "
                (click)="revoke(session)"
              >
                Sign out
              </button>
            }
          </li>
        }
      </ul>
      <button
        mat-flat-button
        type="button"
        data-testid="sign-out-everywhere"
        (click)="signOutEverywhere()"
      >
        Sign out everywhere
      </button>
    </section>
  `,
  styles: `
    .pc-sessions {
      list-style: none;
      margin: 0 0 1rem;
      padding: 0;
    }
    .pc-sessions__item {
      display: flex;
      justify-content: space-between;
      align-items: center;
      gap: 1rem;
      padding: 0.75rem 0;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .pc-sessions__meta {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .pc-role-chip {
      margin-left: 0.5rem;
    }
  `,
})
export class SessionsListComponent implements OnInit {
  private readonly api = inject(AuthApi);
  private readonly store = inject(Store);
  private readonly dialog = inject(MatDialog);

  protected readonly sessions = signal<SessionView[]>([]);
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);

  ngOnInit(): void {
    this.load();
  }

  load(): void {
    this.loading.set(true);
    this.api.sessions().subscribe({
      next: (sessions) => {
        this.loading.set(false);
        this.sessions.set(sessions);
      },
      error: (error: unknown) => {
        this.loading.set(false);
        this.error.set(
          apiErrorMessage(toApiFailure(error), {}, 'Your sessions could not be loaded.'),
        );
      },
    });
  }

  protected methodLabel(method: SessionView['method']): string {
    return METHOD_LABELS[method] ?? method;
  }

  protected signOutHere(): void {
    this.store.dispatch(AuthActions.signOut());
  }

  protected revoke(session: SessionView): void {
    this.error.set(null);
    this.api.revokeSession(session.id).subscribe({
      next: () => this.sessions.update((all) => all.filter((item) => item.id !== session.id)),
      error: (error: unknown) =>
        this.error.set(
          apiErrorMessage(toApiFailure(error), {}, 'That session could not be ended.'),
        ),
    });
  }

  protected signOutEverywhere(): void {
    confirmAction(this.dialog, {
      title: 'Sign out everywhere?',
      message: 'Every device signed in to your account, including this one, will be signed out.',
      confirmLabel: 'Sign out everywhere',
      destructive: true,
    })
      .pipe(
        filter(Boolean),
        switchMap(() => this.api.logoutAll()),
      )
      .subscribe({
        next: () =>
          this.store.dispatch(
            AuthActions.signedOutEverywhere({ message: SIGNED_OUT_EVERYWHERE_MESSAGE }),
          ),
        error: (error: unknown) =>
          this.error.set(
            apiErrorMessage(toApiFailure(error), {}, 'Signing out everywhere failed.'),
          ),
      });
  }
}
