import { Component, input } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';

import { CreateTeamRequest, TeamView } from '@poscalls4u/contracts';

import { SERVER_ERROR } from '../shared/api-form-errors';

/** A number input's value: inputs of type number give a number, or null when empty. */
type NumberControl = FormControl<number | null>;

export type TeamForm = FormGroup<{
  name: FormControl<string>;
  description: FormControl<string>;
  maxMembers: NumberControl;
  serviceLevelTargetPercent: NumberControl;
  serviceLevelThresholdSeconds: NumberControl;
  crmUrlTemplate: FormControl<string>;
}>;

/** The team's settings as a form, with the API's limits as validators (the API checks them too). */
export function teamForm(team?: TeamView): TeamForm {
  const whole = (min: number, max: number) => [
    Validators.min(min),
    Validators.max(max),
    Validators.pattern(/^\d+$/),
  ];
  return new FormGroup({
    name: new FormControl(team?.name ?? '', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(100)],
    }),
    description: new FormControl(team?.description ?? '', {
      nonNullable: true,
      validators: [Validators.maxLength(500)],
    }),
    maxMembers: new FormControl<number | null>(team?.maxMembers ?? null, whole(1, 1000)),
    serviceLevelTargetPercent: new FormControl<number | null>(
      team?.serviceLevelTargetPercent ?? 80,
      [Validators.required, ...whole(1, 100)],
    ),
    serviceLevelThresholdSeconds: new FormControl<number | null>(
      team?.serviceLevelThresholdSeconds ?? 20,
      [Validators.required, ...whole(1, 3600)],
    ),
    crmUrlTemplate: new FormControl(team?.crmUrlTemplate ?? '', {
      nonNullable: true,
      validators: [Validators.maxLength(500)],
    }),
  });
}

/** The form's value as the API's request; empty optional fields are left out. */
export function teamRequest(form: TeamForm): CreateTeamRequest {
  const value = form.getRawValue();
  const request: CreateTeamRequest = { name: value.name.trim() };
  request.description = value.description.trim();
  if (value.maxMembers !== null) request.maxMembers = value.maxMembers;
  if (value.serviceLevelTargetPercent !== null)
    request.serviceLevelTargetPercent = value.serviceLevelTargetPercent;
  if (value.serviceLevelThresholdSeconds !== null)
    request.serviceLevelThresholdSeconds = value.serviceLevelThresholdSeconds;
  // Empty clears it: the API takes "" as "no CRM link".
  request.crmUrlTemplate = value.crmUrlTemplate.trim();
  return request;
}

/** The first problem of one control, in words: the API's own when it named the field. */
export function controlError(control: FormControl<unknown>): string | null {
  const errors = control.errors;
  if (errors === null) return null;
  const server: unknown = errors[SERVER_ERROR];
  if (typeof server === 'string') return server;
  if (errors['required']) return 'Required.';
  if (errors['maxlength']) return 'Too long.';
  if (errors['min'] || errors['max'] || errors['pattern'])
    return 'Out of range or not a whole number.';
  return 'Not valid.';
}

/** The fields of a team's settings, used by "New team" and the team's page. */
@Component({
  selector: 'pc-team-fields',
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInputModule],
  template: `
    <div class="pc-team-fields" [formGroup]="form()">
      <mat-form-field appearance="outline">
        <mat-label>Name</mat-label>
        <input matInput formControlName="name" required data-testid="team-name" />
        <mat-error>{{ error('name') }}</mat-error>
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>Description</mat-label>
        <input matInput formControlName="description" data-testid="team-description" />
        <mat-error>{{ error('description') }}</mat-error>
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>Most members</mat-label>
        <input
          matInput
          type="number"
          min="1"
          max="1000"
          formControlName="maxMembers"
          data-testid="team-max-members"
        />
        <mat-hint>1 to 1000; empty: no limit</mat-hint>
        <mat-error>{{ error('maxMembers') }}</mat-error>
      </mat-form-field>
      <div class="pc-team-fields__row">
        <mat-form-field appearance="outline">
          <mat-label>Service-level target (%)</mat-label>
          <input
            matInput
            type="number"
            min="1"
            max="100"
            formControlName="serviceLevelTargetPercent"
            data-testid="team-sl-percent"
          />
          <mat-error>{{ error('serviceLevelTargetPercent') }}</mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Answered within (seconds)</mat-label>
          <input
            matInput
            type="number"
            min="1"
            max="3600"
            formControlName="serviceLevelThresholdSeconds"
            data-testid="team-sl-seconds"
          />
          <mat-error>{{ error('serviceLevelThresholdSeconds') }}</mat-error>
        </mat-form-field>
      </div>
      <mat-form-field appearance="outline">
        <mat-label>CRM link for a caller</mat-label>
        <input
          matInput
          type="url"
          inputmode="url"
          formControlName="crmUrlTemplate"
          placeholder="https://crm.example.com/search?phone={from}"
          data-testid="team-crm-url"
        />
        <mat-hint>An https address; {{ '{' }}from{{ '}' }} stands for the caller's number</mat-hint>
        <mat-error>{{ error('crmUrlTemplate') }}</mat-error>
      </mat-form-field>
    </div>
  `,
  styles: `
    .pc-team-fields {
      display: flex;
      flex-direction: column;
      gap: 0.5rem;
      max-width: 32rem;
    }
    .pc-team-fields__row {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
    }
    .pc-team-fields__row mat-form-field {
      flex: 1 1 12rem;
    }
  `,
})
export class TeamFieldsComponent {
  readonly form = input.required<TeamForm>();

  protected error(name: keyof TeamForm['controls']): string | null {
    return controlError(this.form().controls[name]);
  }
}
