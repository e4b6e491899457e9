import { Component, OnInit, inject, signal } from '@angular/core';
import { MatSlideToggleChange, MatSlideToggleModule } from '@angular/material/slide-toggle';

import { apiErrorMessage } from '@poscalls4u/web-auth';
import { toApiFailure } from '@poscalls4u/web-core';

import { AdminApi } from './admin-api';

/** `/security` (admins): organisation-wide security settings. */
@Component({
  selector: 'pc-security-page',
  imports: [MatSlideToggleModule],
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
    this.pending.set(true);
    this.error.set(null);
    this.notice.set(null);
    this.api.updateSecuritySettings({ requireMfaForPrivileged: value }).subscribe({
      next: (settings) => {
        this.pending.set(false);
        this.requireMfa.set(settings.requireMfaForPrivileged);
        this.notice.set(
          settings.requireMfaForPrivileged
            ? 'Supervisors and admins now need two-step verification.'
            : 'Two-step verification is now optional for supervisors and admins.',
        );
      },
      error: (error: unknown) => {
        this.pending.set(false);
        event.source.checked = !value;
        this.error.set(apiErrorMessage(toApiFailure(error), {}, 'The setting could not be saved.'));
      },
    });
  }
}
