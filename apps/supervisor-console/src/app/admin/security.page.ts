import { Component, OnInit, inject, signal } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import { MatSlideToggleChange, MatSlideToggleModule } from '@angular/material/slide-toggle';
import { RouterLink } from '@angular/router';
import { EMPTY, switchMap } from 'rxjs';

import { ErrorCode, MfaRequirementImpact } from '@poscalls4u/contracts';
import { apiErrorMessage } from '@poscalls4u/web-auth';
import { toApiFailure } from '@poscalls4u/web-core';
import { confirmAction } from '@poscalls4u/web-ui/confirm-dialog';

import { AdminApi } from './admin-api';

/** `/security` (admins): organisation-wide security settings. */
@Component({
  selector: 'pc-security-page',
  imports: [MatSlideToggleModule, RouterLink],
  template: `
    <div class="pc-page pc-security">
      <h1 class="pc-page__title">Security settings</h1>
      <div aria-live="polite">
        @if (notice(); as message) {
          <p class="pc-message pc-message--info" data-testid="security-notice">{{ message }}</p>
        }
        @if (error(); as message) {
          <p class="pc-message pc-message--error" role="alert" data-testid="security-error">
            {{ message }}
            @if (ownMfaMissing()) {
              <a class="pc-link" routerLink="/profile" data-testid="security-set-up-mfa"
                >Set up two-step verification</a
              >
            }
          </p>
        }
      </div>
      <mat-slide-toggle
        [checked]="requireMfa()"
        [disabled]="requireMfa() === null || pending()"
        (change)="toggle($event)"
        aria-describedby="require-mfa-help"
        data-testid="require-mfa-toggle"
      >
        Require MFA for supervisors and admins
      </mat-slide-toggle>
      <p id="require-mfa-help" class="pc-security__help">
        When on, supervisors and admins must set up two-step verification before they can use
        PosCalls4U. Agents are not affected.
      </p>
    </div>
  `,
  styles: `
    .pc-security {
      max-width: 44rem;
    }
    .pc-security__help {
      margin: 0.5rem 0 0 0;
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-medium);
    }
  `,
})
export class SecurityPage implements OnInit {
  private readonly api = inject(AdminApi);

  protected readonly requireMfa = signal<boolean | null>(null);
  protected readonly pending = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly notice = signal<string | null>(null);
  /** The last refusal was because the admin has no MFA themselves: link to the set-up. */
  protected readonly ownMfaMissing = signal(false);
  private readonly dialog = inject(MatDialog);

  ngOnInit(): void {
    this.api.securitySettings().subscribe({
      next: (settings) => this.requireMfa.set(settings.requireMfaForPrivileged),
      error: (error: unknown) =>
        this.error.set(
          apiErrorMessage(toApiFailure(error), {}, 'The settings could not be loaded.'),
        ),
    });
  }

  protected toggle(event: MatSlideToggleChange): void {
    const value = event.checked;
    this.begin();
    if (!value) {
      // Relaxing the policy locks nobody out: no question asked.
      this.save(false, event);
      return;
    }
    // Not on until confirmed: the toggle shows the stored value meanwhile.
    event.source.checked = false;
    this.api
      .mfaImpact()
      .pipe(
        switchMap((impact) => {
          this.pending.set(false);
          return confirmAction(this.dialog, mfaConfirmation(impact));
        }),
        switchMap((confirmed) => {
          if (confirmed) {
            this.save(true, event);
          }
          return EMPTY;
        }),
      )
      .subscribe({ error: (error: unknown) => this.fail(error, event, !value) });
  }

  private save(value: boolean, event: MatSlideToggleChange): void {
    this.pending.set(true);
    this.api.updateSecuritySettings({ requireMfaForPrivileged: value }).subscribe({
      next: (settings) => {
        this.pending.set(false);
        this.requireMfa.set(settings.requireMfaForPrivileged);
        event.source.checked = settings.requireMfaForPrivileged;
        this.notice.set(
          settings.requireMfaForPrivileged
            ? 'Supervisors and admins now need two-step verification.'
            : 'Two-step verification is now optional for supervisors and admins.',
        );
      },
      error: (error: unknown) => this.fail(error, event, !value),
    });
  }

  private begin(): void {
    this.pending.set(true);
    this.error.set(null);
    this.notice.set(null);
    this.ownMfaMissing.set(false);
  }

  private fail(error: unknown, event: MatSlideToggleChange, previous: boolean): void {
    const failure = toApiFailure(error);
    this.pending.set(false);
    event.source.checked = previous;
    // 409 is the API's refusal to an admin without MFA (the only conflict of this route).
    this.ownMfaMissing.set(failure.code === ErrorCode.Conflict);
    this.error.set(apiErrorMessage(failure, {}, 'The setting could not be saved.'));
  }
}

/** The question before requiring MFA: who will be stopped until they set it up. */
function mfaConfirmation(impact: MfaRequirementImpact) {
  const who =
    impact.total === 0
      ? 'Every supervisor and admin already has two-step verification.'
      : `${String(impact.total)} ${impact.total === 1 ? 'supervisor or admin has' : 'supervisors and admins have'} not set up two-step verification. They will be taken to set it up and can do nothing else until they have:`;
  const self = impact.callerHasMfa
    ? ''
    : ' You have not set it up yourself: do that first on your Profile, or this will be refused.';
  return {
    title: 'Require two-step verification?',
    message: `${who}${self}`,
    items: impact.users.map((user) => `${user.name} (${user.email}, ${user.role})`),
    confirmLabel: 'Require it',
    destructive: true,
  };
}
