import { Component, effect, inject, input, output } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';

import { StartOutboundCallRequest, TeamView } from '@poscalls4u/contracts';

/** A dialable number as the API accepts it: E.164 (`+15550100`) or an extension (digits, `*`, `#`). */
const DIALABLE_NUMBER = /^\+?[0-9*#]{1,32}$/;

/** Dial out on behalf of one of the agent's teams. */
@Component({
  selector: 'pc-outbound-call-form',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
  ],
  template: `
    <form
      class="pc-outbound"
      data-testid="outbound-form"
      aria-label="Start an outbound call"
      [formGroup]="form"
      (ngSubmit)="submit()"
    >
      <mat-form-field appearance="outline" subscriptSizing="dynamic">
        <mat-label>Number to call</mat-label>
        <input
          matInput
          type="tel"
          autocomplete="off"
          formControlName="to"
          data-testid="outbound-number"
        />
        @if (form.controls.to.touched && form.controls.to.invalid) {
          <mat-error>Digits only, with an optional leading +</mat-error>
        }
      </mat-form-field>
      @if (teams().length > 1) {
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>For team</mat-label>
          <mat-select formControlName="teamId" data-testid="outbound-team">
            @for (team of teams(); track team.id) {
              <mat-option [value]="team.id">{{ team.name }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
      }
      <button mat-stroked-button type="submit" data-testid="outbound-call" [disabled]="busy()">
        Call
      </button>
    </form>
  `,
  styles: `
    .pc-outbound {
      display: flex;
      flex-wrap: wrap;
      align-items: flex-start;
      gap: 0.75rem;
    }
  `,
})
export class OutboundCallFormComponent {
  readonly teams = input.required<TeamView[]>();
  readonly busy = input(false);
  readonly call = output<StartOutboundCallRequest>();

  protected readonly form = inject(NonNullableFormBuilder).group({
    to: ['', [Validators.required, Validators.pattern(DIALABLE_NUMBER)]],
    teamId: ['', Validators.required],
  });

  constructor() {
    // The first team is the natural choice (most agents have one); the select shows with several.
    effect(() => {
      const teams = this.teams();
      const chosen = this.form.controls.teamId.value;
      if (!teams.some((team) => team.id === chosen)) {
        this.form.controls.teamId.setValue(teams[0]?.id ?? '');
      }
    });
  }

  protected submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { to, teamId } = this.form.getRawValue();
    this.call.emit({ teamId, to });
    this.form.controls.to.reset('');
  }
}
