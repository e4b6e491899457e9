import { DOCUMENT, NgTemplateOutlet } from '@angular/common';
import { Component, inject, input, output, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';

import { ErrorCode, MfaSetupResult } from '@poscalls4u/contracts';
import { toApiFailure } from '@poscalls4u/web-core';

import { AuthApi } from '../auth-api';
import { apiErrorMessage } from '../sign-in-error-message';

export const WRONG_CODE_MESSAGE =
  'That code is not right. Check the time on your phone and enter the newest code.';
const WRONG_PASSWORD_OR_CODE_MESSAGE = 'Your password or the code is not right.';

const SIX_DIGITS = /^\s*\d{6}\s*$/;

/**
 * Two-step verification: enrol (QR image, manual secret, confirming code, recovery codes shown
 * once with copy and download), turn off, and new recovery codes.
 */
@Component({
  selector: 'pc-mfa-settings',
  imports: [
    NgTemplateOutlet,
    ReactiveFormsModule,
    MatFormFieldModule,
    MatInputModule,
    MatButtonModule,
  ],
  template: `
    <section class="pc-section" aria-labelledby="mfa-heading">
      <h2 id="mfa-heading" class="pc-section__title">Two-step verification</h2>
      <div aria-live="polite">
        @if (notice(); as message) {
          <p class="pc-message pc-message--info" data-testid="mfa-notice">{{ message }}</p>
        }
        @if (error(); as message) {
          <p class="pc-message pc-message--error" role="alert" data-testid="mfa-error">
            {{ message }}
          </p>
        }
      </div>

      @if (recoveryCodes(); as codes) {
        <div class="pc-codes" data-testid="recovery-codes-panel">
          <p>
            <strong>Save these recovery codes now.</strong> Each one signs you in once if you lose
            your phone. They are shown only this time.
          </p>
          <ul class="pc-codes__list" data-testid="recovery-codes">
            @for (code of codes; track code) {
              <li>
                <code>{{ code }}</code>
              </li>
            }
          </ul>
          <div class="pc-toolbar-row">
            <button
              mat-stroked-button
              type="button"
              data-testid="copy-recovery-codes"
              (click)="copy(codes)"
            >
              Copy
            </button>
            <button
              mat-stroked-button
              type="button"
              data-testid="download-recovery-codes"
              (click)="download(codes)"
            >
              Download
            </button>
            <button
              mat-flat-button
              type="button"
              data-testid="recovery-codes-saved"
              (click)="recoveryCodes.set(null)"
            >
              I have saved them
            </button>
          </div>
        </div>
      } @else if (setup(); as enrolment) {
        <ol class="pc-enrol">
          <li>
            Scan this QR code with an authenticator app (for example Aegis, Google Authenticator or
            1Password).
            <img
              class="pc-enrol__qr"
              [src]="enrolment.qrCodeDataUrl"
              alt="QR code to add PosCalls4U to an authenticator app"
              width="200"
              height="200"
              data-testid="mfa-qr"
            />
          </li>
          <li>
            Or type this key into the app:
            <code class="pc-enrol__secret" data-testid="mfa-secret">{{ enrolment.secret }}</code>
          </li>
          <li>Enter the 6-digit code the app shows.</li>
        </ol>
        <form class="pc-form" [formGroup]="enableForm" (ngSubmit)="enable()" novalidate>
          <mat-form-field appearance="outline">
            <mat-label>Code from the app</mat-label>
            <input
              matInput
              formControlName="code"
              inputmode="numeric"
              autocomplete="one-time-code"
              maxlength="6"
              required
              data-testid="mfa-enable-code"
            />
            @if (enableForm.controls.code.invalid) {
              <mat-error>Enter the 6 digits from the app.</mat-error>
            }
          </mat-form-field>
          <div class="pc-toolbar-row">
            <button mat-flat-button type="submit" data-testid="mfa-enable" [disabled]="pending()">
              Turn on
            </button>
            <button mat-button type="button" (click)="setup.set(null)">Cancel</button>
          </div>
        </form>
      } @else if (enabled() === true) {
        <p data-testid="mfa-status">Two-step verification is <strong>on</strong>.</p>
        <ng-container [ngTemplateOutlet]="manage" />
      } @else {
        <p data-testid="mfa-status">
          Two-step verification is <strong>off</strong>. Turn it on so that a stolen password alone
          cannot open your account.
        </p>
        <button
          mat-flat-button
          type="button"
          data-testid="mfa-setup"
          [disabled]="pending()"
          (click)="startSetup()"
        >
          Set up two-step verification
        </button>
        @if (enabled() === null) {
          <h3 class="pc-subtitle">Already using two-step verification?</h3>
          <ng-container [ngTemplateOutlet]="manage" />
        }
      }
    </section>

    <ng-template #manage>
      <form class="pc-form" [formGroup]="codesForm" (ngSubmit)="regenerate()" novalidate>
        <h3 class="pc-subtitle">New recovery codes</h3>
        <p>The old codes stop working.</p>
        <mat-form-field appearance="outline">
          <mat-label>Code from the app</mat-label>
          <input
            matInput
            formControlName="code"
            inputmode="numeric"
            autocomplete="one-time-code"
            maxlength="6"
            required
            data-testid="mfa-regenerate-code"
          />
          @if (codesForm.controls.code.invalid) {
            <mat-error>Enter the 6 digits from the app.</mat-error>
          }
        </mat-form-field>
        <div class="pc-toolbar-row">
          <button
            mat-stroked-button
            type="submit"
            data-testid="mfa-regenerate"
            [disabled]="pending()"
          >
            Get new recovery codes
          </button>
        </div>
      </form>
      <form class="pc-form" [formGroup]="disableForm" (ngSubmit)="disable()" novalidate>
        <h3 class="pc-subtitle">Turn off</h3>
        <mat-form-field appearance="outline">
          <mat-label>Your password</mat-label>
          <input
            matInput
            type="password"
            formControlName="password"
            autocomplete="current-password"
            required
            data-testid="mfa-disable-password"
          />
          @if (disableForm.controls.password.invalid) {
            <mat-error>Enter your password.</mat-error>
          }
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Code from the app or a recovery code</mat-label>
          <input
            matInput
            formControlName="code"
            autocomplete="one-time-code"
            required
            data-testid="mfa-disable-code"
          />
          @if (disableForm.controls.code.invalid) {
            <mat-error>Enter a code.</mat-error>
          }
        </mat-form-field>
        <div class="pc-toolbar-row">
          <button mat-stroked-button type="submit" data-testid="mfa-disable" [disabled]="pending()">
            Turn off two-step verification
          </button>
        </div>
      </form>
    </ng-template>
  `,
  styles: `
    .pc-enrol {
      padding-left: 1.25rem;
    }
    .pc-enrol li {
      margin-bottom: 0.75rem;
    }
    .pc-enrol__qr {
      display: block;
      margin: 0.5rem 0;
      background: #fff;
    }
    .pc-enrol__secret {
      display: inline-block;
      margin-left: 0.25rem;
      padding: 0.125rem 0.375rem;
      word-break: break-all;
      background: var(--mat-sys-surface-container);
    }
    .pc-codes__list {
      display: grid;
      grid-template-columns: repeat(2, max-content);
      gap: 0.25rem 2rem;
      padding-left: 1.25rem;
    }
    .pc-subtitle {
      margin: 1.5rem 0 0.5rem;
      font: var(--mat-sys-title-medium);
    }
    .pc-toolbar-row {
      margin-top: 0.5rem;
    }
  `,
})
export class MfaSettingsComponent {
  private readonly api = inject(AuthApi);
  private readonly document = inject(DOCUMENT);

  /**
   * Whether MFA is on; null when the API did not say (the profile carries no MFA flag): then both
   * set-up and the "already on" actions are offered, and the API refuses what does not apply.
   */
  readonly enabled = input<boolean | null>(null);
  /** MFA was turned on or off. */
  readonly changed = output<boolean>();

  protected readonly pending = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly notice = signal<string | null>(null);
  protected readonly setup = signal<MfaSetupResult | null>(null);
  protected readonly recoveryCodes = signal<string[] | null>(null);

  private readonly fb = inject(FormBuilder).nonNullable;
  protected readonly enableForm = this.fb.group({
    code: ['', [Validators.required, Validators.pattern(SIX_DIGITS)]],
  });
  protected readonly codesForm = this.fb.group({
    code: ['', [Validators.required, Validators.pattern(SIX_DIGITS)]],
  });
  protected readonly disableForm = this.fb.group({
    password: ['', [Validators.required]],
    code: ['', [Validators.required]],
  });

  protected startSetup(): void {
    this.begin();
    this.api.setupMfa().subscribe({
      next: (result) => {
        this.pending.set(false);
        this.setup.set(result);
      },
      error: (error: unknown) => this.fail(error, {}),
    });
  }

  protected enable(): void {
    if (this.enableForm.invalid) {
      this.enableForm.markAllAsTouched();
      return;
    }
    this.begin();
    this.api.enableMfa(this.enableForm.getRawValue().code.trim()).subscribe({
      next: (result) => {
        this.pending.set(false);
        this.setup.set(null);
        this.enableForm.reset();
        this.recoveryCodes.set(result.recoveryCodes);
        this.notice.set('Two-step verification is on.');
        this.changed.emit(true);
      },
      error: (error: unknown) =>
        this.fail(error, {
          [ErrorCode.Unauthorized]: WRONG_CODE_MESSAGE,
          [ErrorCode.ValidationError]: WRONG_CODE_MESSAGE,
        }),
    });
  }

  protected regenerate(): void {
    if (this.codesForm.invalid) {
      this.codesForm.markAllAsTouched();
      return;
    }
    this.begin();
    this.api.regenerateRecoveryCodes(this.codesForm.getRawValue().code.trim()).subscribe({
      next: (result) => {
        this.pending.set(false);
        this.codesForm.reset();
        this.recoveryCodes.set(result.recoveryCodes);
        this.notice.set('New recovery codes are ready; the old ones no longer work.');
      },
      error: (error: unknown) =>
        this.fail(error, {
          [ErrorCode.Unauthorized]: WRONG_CODE_MESSAGE,
          [ErrorCode.ValidationError]: WRONG_CODE_MESSAGE,
        }),
    });
  }

  protected disable(): void {
    if (this.disableForm.invalid) {
      this.disableForm.markAllAsTouched();
      return;
    }
    const { password, code } = this.disableForm.getRawValue();
    this.begin();
    this.api.disableMfa({ password, code: code.replace(/\s+/g, '') }).subscribe({
      next: () => {
        this.pending.set(false);
        this.disableForm.reset();
        this.notice.set('Two-step verification is off.');
        this.changed.emit(false);
      },
      error: (error: unknown) =>
        this.fail(error, {
          [ErrorCode.Unauthorized]: WRONG_PASSWORD_OR_CODE_MESSAGE,
          [ErrorCode.ValidationError]: WRONG_PASSWORD_OR_CODE_MESSAGE,
        }),
    });
  }

  protected copy(codes: string[]): void {
    const text = codes.join('\n');
    const clipboard = this.document.defaultView?.navigator.clipboard;
    if (clipboard === undefined) {
      this.error.set('Copying is not available here. Select the codes and copy them.');
      return;
    }
    clipboard.writeText(text).then(
      () => this.notice.set('Recovery codes copied.'),
      () => this.error.set('Copying failed. Select the codes and copy them.'),
    );
  }

  protected download(codes: string[]): void {
    const view = this.document.defaultView;
    if (view === null || typeof view.URL.createObjectURL !== 'function') {
      return;
    }
    const blob = new Blob(
      [`PosCalls4U recovery codes (each works once)\n\n${codes.join('\n')}\n`],
      { type: 'text/plain' },
    );
    const url = view.URL.createObjectURL(blob);
    const link = this.document.createElement('a');
    link.href = url;
    link.download = 'poscalls4u-recovery-codes.txt';
    link.click();
    view.URL.revokeObjectURL(url);
  }

  private begin(): void {
    this.pending.set(true);
    this.error.set(null);
    this.notice.set(null);
  }

  private fail(error: unknown, overrides: Partial<Record<ErrorCode, string>>): void {
    this.pending.set(false);
    this.error.set(
      apiErrorMessage(toApiFailure(error), overrides, 'That did not work. Try again.'),
    );
  }
}
