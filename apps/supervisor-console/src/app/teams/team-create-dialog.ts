import { Component, inject, signal } from '@angular/core';
import { ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialogModule, MatDialogRef } from '@angular/material/dialog';

import { TeamDetailView } from '@poscalls4u/contracts';
import { toApiFailure } from '@poscalls4u/web-core';

import { showApiFailure } from '../shared/api-form-errors';
import { TeamFieldsComponent, teamForm, teamRequest } from './team-form';
import { TeamsApi } from './teams-api';

/** "New team": closes with the created team. */
@Component({
  selector: 'pc-team-create-dialog',
  imports: [ReactiveFormsModule, MatDialogModule, MatButtonModule, TeamFieldsComponent],
  template: `
    <h2 mat-dialog-title>New team</h2>
    <form [formGroup]="form" (ngSubmit)="create()">
      <mat-dialog-content>
        <pc-team-fields [form]="form" />
        <div role="alert">
          @if (error(); as message) {
            <p class="pc-message pc-message--error" data-testid="team-create-error">
              {{ message }}
            </p>
          }
        </div>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>Cancel</button>
        <button mat-flat-button type="submit" [disabled]="saving()" data-testid="team-create-save">
          Create team
        </button>
      </mat-dialog-actions>
    </form>
  `,
})
export class TeamCreateDialogComponent {
  private readonly api = inject(TeamsApi);
  private readonly dialogRef =
    inject<MatDialogRef<TeamCreateDialogComponent, TeamDetailView>>(MatDialogRef);

  protected readonly form = teamForm();
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);

  protected create(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.saving.set(true);
    this.error.set(null);
    this.api.create(teamRequest(this.form)).subscribe({
      next: (team) => this.dialogRef.close(team),
      error: (error: unknown) => {
        this.saving.set(false);
        this.error.set(showApiFailure(this.form, toApiFailure(error), 'The team was not created.'));
      },
    });
  }
}
