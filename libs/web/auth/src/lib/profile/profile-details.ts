import { Component, effect, inject, input, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { Store } from '@ngrx/store';

import { UserView } from '@poscalls4u/contracts';
import { toApiFailure } from '@poscalls4u/web-core';

import { AuthApi } from '../auth-api';
import { apiErrorMessage } from '../sign-in-error-message';
import { AuthActions } from '../state/auth.actions';

const HTTPS_URL = /^https:\/\/[^\s]+$/i;

/** Name and avatar of the signed-in person. */
@Component({
  selector: 'pc-profile-details',
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInputModule, MatButtonModule],
  template: `
    <section class="pc-section" aria-labelledby="details-heading">
      <h2 id="details-heading" class="pc-section__title">Your details</h2>
      <div class="pc-details">
        @if (avatarPreview(); as avatar) {
          <img class="pc-details__avatar" [src]="avatar" alt="Your avatar" width="64" height="64" />
        }
        <p class="pc-details__email">
          Email: <strong data-testid="profile-email">{{ user().email }}</strong>
        </p>
      </div>
      <div aria-live="polite">
        @if (saved()) {
          <p class="pc-message pc-message--info" data-testid="profile-saved">
            Your details are saved.
          </p>
        }
        @if (error(); as message) {
          <p class="pc-message pc-message--error" role="alert">{{ message }}</p>
        }
      </div>
      <form class="pc-form" [formGroup]="form" (ngSubmit)="save()" novalidate>
        <mat-form-field appearance="outline">
          <mat-label>Name</mat-label>
          <input
            matInput
            formControlName="name"
            autocomplete="name"
            required
            data-testid="profile-name"
          />
          @if (form.controls.name.hasError('required')) {
            <mat-error>Enter your name.</mat-error>
          }
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Avatar image URL (optional)</mat-label>
          <input
            matInput
            type="url"
            formControlName="avatarUrl"
            inputmode="url"
            data-testid="profile-avatar"
          />
          <mat-hint>An https:// address of a picture. Leave empty for none.</mat-hint>
          @if (form.controls.avatarUrl.hasError('pattern')) {
            <mat-error>Use an address that starts with https://.</mat-error>
          }
        </mat-form-field>
        <div class="pc-toolbar-row">
          <button mat-flat-button type="submit" data-testid="profile-save" [disabled]="pending()">
            Save details
          </button>
        </div>
      </form>
    </section>
  `,
  styles: `
    .pc-details {
      display: flex;
      align-items: center;
      gap: 1rem;
      margin-bottom: 1rem;
    }
    .pc-details__avatar {
      border-radius: 50%;
      object-fit: cover;
    }
    .pc-toolbar-row {
      margin-top: 1rem;
    }
  `,
})
export class ProfileDetailsComponent {
  private readonly api = inject(AuthApi);
  private readonly store = inject(Store);

  readonly user = input.required<UserView>();

  protected readonly pending = signal(false);
  protected readonly saved = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly avatarPreview = signal<string | null>(null);
  protected readonly form = inject(FormBuilder).nonNullable.group({
    name: ['', [Validators.required, Validators.maxLength(120)]],
    avatarUrl: ['', [Validators.pattern(HTTPS_URL), Validators.maxLength(2048)]],
  });

  constructor() {
    effect(() => {
      const user = this.user();
      this.form.setValue({ name: user.name, avatarUrl: user.avatarUrl ?? '' });
      this.avatarPreview.set(user.avatarUrl);
    });
  }

  protected save(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { name, avatarUrl } = this.form.getRawValue();
    this.pending.set(true);
    this.saved.set(false);
    this.error.set(null);
    this.api.updateProfile({ name: name.trim(), avatarUrl: avatarUrl.trim() || null }).subscribe({
      next: (user) => {
        this.pending.set(false);
        this.saved.set(true);
        this.store.dispatch(AuthActions.profileUpdated({ user }));
      },
      error: (error: unknown) => {
        this.pending.set(false);
        this.error.set(
          apiErrorMessage(toApiFailure(error), {}, 'Your details could not be saved.'),
        );
      },
    });
  }
}
