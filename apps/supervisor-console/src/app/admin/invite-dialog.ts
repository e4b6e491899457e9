import { Component, inject, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';

import { ErrorCode, ROLES, Role } from '@poscalls4u/contracts';
import { apiErrorMessage } from '@poscalls4u/web-auth';
import { toApiFailure } from '@poscalls4u/web-core';
import { FormFieldComponent, roleLabel } from '@poscalls4u/web-ui';

import { AdminApi } from './admin-api';

export const INVITE_CONFLICT_MESSAGE = 'Someone with this email address already has an account.';

/** Invites a person by email with a role; they choose their password from the emailed link. */
@Component({
  selector: 'pc-invite-dialog',
  imports: [
    ReactiveFormsModule,
    MatDialogModule,
    MatButtonModule,
    MatFormFieldModule,
    MatSelectModule,
    FormFieldComponent,
  ],
  template: `
    <h2 mat-dialog-title>Invite a user</h2>
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
      <mat-dialog-content class="pc-form">
        <div role="alert" aria-atomic="true">
          @if (error(); as message) {
            <p class="pc-message pc-message--error" data-testid="invite-error">{{ message }}</p>
          }
        </div>
        <pc-form-field
          label="Name"
          testId="invite-name"
          required
          [control]="form.controls.name"
          [errors]="{ required: nameMessage, maxlength: nameMessage }"
        />
        <pc-form-field
          label="Email"
          type="email"
          testId="invite-email"
          required
          [control]="form.controls.email"
          [errors]="{
            required: 'Enter an email address.',
            email: 'Enter a valid email address.',
          }"
        />
        <mat-form-field appearance="outline">
          <mat-label>Role</mat-label>
          <mat-select formControlName="role" data-testid="invite-role">
            @for (role of roles; track role) {
              <mat-option [value]="role">{{ roleLabel(role) }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>Cancel</button>
        <button mat-flat-button type="submit" data-testid="invite-submit" [disabled]="pending()">
          Send invitation
        </button>
      </mat-dialog-actions>
    </form>
  `,
})
export class InviteDialogComponent {
  private readonly api = inject(AdminApi);
  private readonly dialogRef = inject<MatDialogRef<InviteDialogComponent, string>>(MatDialogRef);

  protected readonly roles = ROLES;
  protected readonly roleLabel = roleLabel;
  protected readonly nameMessage = "Enter the person's name.";
  protected readonly pending = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly form = inject(FormBuilder).nonNullable.group({
    name: ['', [Validators.required, Validators.maxLength(120)]],
    email: ['', [Validators.required, Validators.email]],
    role: ['agent' as Role, [Validators.required]],
  });

  protected submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { name, email, role } = this.form.getRawValue();
    this.pending.set(true);
    this.error.set(null);
    this.api.invite({ name: name.trim(), email: email.trim(), role }).subscribe({
      next: () => this.dialogRef.close(email.trim()),
      error: (error: unknown) => {
        this.pending.set(false);
        this.error.set(
          apiErrorMessage(
            toApiFailure(error),
            { [ErrorCode.Conflict]: INVITE_CONFLICT_MESSAGE },
            'The invitation could not be sent.',
          ),
        );
      },
    });
  }
}
