import { Component, input, linkedSignal, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';

import { ConsultTarget, TransferTarget, TransferTargetsResult } from '@poscalls4u/contracts';

/** A dialable number as the API accepts it: E.164 (`+15550100`) or an extension (digits, `*`, `#`). */
const DIALABLE_NUMBER = /^\+?[0-9*#]{1,32}$/;

/** Whom a transfer, a consult or a conference names. */
export type CallTarget = TransferTarget | ConsultTarget;
export type CallTargetKind = CallTarget['type'];

const KIND_LABELS: Record<CallTargetKind, string> = {
  queue: "A team's queue",
  agent: 'A colleague',
  supervisor: 'A supervisor',
  number: 'An outside number',
};

/**
 * The "who" of the transfer, consult and conference panels: a kind (the panel says which it
 * offers), then a team, a colleague, a supervisor or a number. Colleagues who are not available
 * and supervisors on a call are listed but cannot be chosen (the API would refuse them). Emits
 * the target the fields describe after each change, or null while they are incomplete. Test ids
 * and field names start with `idPrefix` (`transfer-agent`, `consult-number`...).
 */
@Component({
  selector: 'pc-call-target-picker',
  imports: [FormsModule, MatFormFieldModule, MatInputModule],
  template: `
    <mat-form-field appearance="outline" subscriptSizing="dynamic">
      <mat-label>{{ label() }}</mat-label>
      <select
        matNativeControl
        [name]="idPrefix() + '-kind'"
        [attr.data-testid]="idPrefix() + '-kind'"
        [ngModelOptions]="{ standalone: true }"
        [ngModel]="kind()"
        (ngModelChange)="kind.set($event); changed()"
      >
        @for (one of kinds(); track one) {
          <option [value]="one">{{ kindLabels[one] }}</option>
        }
      </select>
    </mat-form-field>
    @switch (kind()) {
      @case ('queue') {
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>Team</mat-label>
          <select
            matNativeControl
            [name]="idPrefix() + '-team'"
            [attr.data-testid]="idPrefix() + '-team'"
            [ngModelOptions]="{ standalone: true }"
            [ngModel]="teamId()"
            (ngModelChange)="teamId.set($event); changed()"
          >
            <option value="">Choose a team</option>
            @for (team of targets().teams; track team.id) {
              <option [value]="team.id">{{ team.name }}</option>
            }
          </select>
        </mat-form-field>
      }
      @case ('agent') {
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>Colleague</mat-label>
          <select
            matNativeControl
            [name]="idPrefix() + '-agent'"
            [attr.data-testid]="idPrefix() + '-agent'"
            [ngModelOptions]="{ standalone: true }"
            [ngModel]="agentKey()"
            (ngModelChange)="agentKey.set($event); changed()"
          >
            <option value="">Choose a colleague</option>
            @for (agent of targets().agents; track agent.id + agent.teamId) {
              <option
                [value]="agent.id + '|' + agent.teamId"
                [disabled]="agent.status !== 'available'"
              >
                {{ agent.name }} ({{ agent.teamName }}){{
                  agent.status === 'available' ? '' : ' - ' + agent.status.replace('_', ' ')
                }}
              </option>
            }
          </select>
        </mat-form-field>
      }
      @case ('supervisor') {
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>Supervisor</mat-label>
          <select
            matNativeControl
            [name]="idPrefix() + '-supervisor'"
            [attr.data-testid]="idPrefix() + '-supervisor'"
            [ngModelOptions]="{ standalone: true }"
            [ngModel]="supervisorId()"
            (ngModelChange)="supervisorId.set($event); changed()"
          >
            <option value="">Choose a supervisor</option>
            @for (supervisor of targets().supervisors; track supervisor.id + supervisor.teamId) {
              <option
                [value]="supervisor.id"
                [disabled]="supervisor.status === 'on_call' || supervisor.status === 'wrap_up'"
              >
                {{ supervisor.name }} ({{ supervisor.teamName }}){{
                  supervisor.status === 'on_call' || supervisor.status === 'wrap_up'
                    ? ' - on a call'
                    : ''
                }}
              </option>
            }
          </select>
        </mat-form-field>
      }
      @case ('number') {
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>Number</mat-label>
          <input
            matInput
            type="tel"
            autocomplete="off"
            [name]="idPrefix() + '-number'"
            [attr.data-testid]="idPrefix() + '-number'"
            [ngModelOptions]="{ standalone: true }"
            [ngModel]="to()"
            (ngModelChange)="to.set($event); changed()"
          />
        </mat-form-field>
      }
    }
  `,
  styles: `
    :host {
      display: contents;
    }
  `,
})
export class CallTargetPickerComponent {
  /** The kinds offered, in order; the first is chosen at first. */
  readonly kinds = input.required<readonly CallTargetKind[]>();
  readonly targets = input.required<TransferTargetsResult>();
  readonly idPrefix = input.required<string>();
  /** The label of the kind field ("Transfer to", "Consult", "Add"). */
  readonly label = input.required<string>();
  readonly targetChange = output<CallTarget | null>();

  protected readonly kindLabels = KIND_LABELS;
  protected readonly kind = linkedSignal<CallTargetKind | null>(() => this.kinds()[0] ?? null);
  protected readonly teamId = signal('');
  /** `agentId|teamId`: one agent may be listed under each of the caller's teams. */
  protected readonly agentKey = signal('');
  protected readonly supervisorId = signal('');
  protected readonly to = signal('');

  protected changed(): void {
    this.targetChange.emit(this.target());
  }

  /** The target the fields describe, or null while they are incomplete. */
  private target(): CallTarget | null {
    switch (this.kind()) {
      case 'queue':
        return this.teamId() ? { type: 'queue', teamId: this.teamId() } : null;
      case 'agent': {
        const [agentId, teamId] = this.agentKey().split('|');
        return agentId && teamId ? { type: 'agent', agentId, teamId } : null;
      }
      case 'supervisor':
        return this.supervisorId()
          ? { type: 'supervisor', supervisorId: this.supervisorId() }
          : null;
      case 'number':
        return DIALABLE_NUMBER.test(this.to()) ? { type: 'number', to: this.to() } : null;
      case null:
        return null;
    }
  }
}
