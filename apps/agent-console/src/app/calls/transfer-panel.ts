import { Component, computed, inject, input, output, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { catchError, of } from 'rxjs';

import {
  QueuePosition,
  TransferCallRequest,
  TransferTarget,
  TransferTargetsResult,
} from '@poscalls4u/contracts';
import { CallsApi } from '@poscalls4u/web-calls';

/** A dialable number as the API accepts it: E.164 (`+15550100`) or an extension (digits, `*`, `#`). */
const DIALABLE_NUMBER = /^\+?[0-9*#]{1,32}$/;

type Kind = TransferTarget['type'];

/**
 * Blind transfer of the live call: to a team's queue (the caller keeps their place in line or
 * goes to the back: the team's setting, or the agent's choice in "Place in queue"), to an
 * available colleague (it rings at them at once), or to an outside number. The choices come
 * from `GET /api/calls/transfer-targets` when the panel opens; the agent's colleagues who are not
 * available are listed but cannot be chosen (the API would refuse them).
 */
@Component({
  selector: 'pc-transfer-panel',
  imports: [FormsModule, MatButtonModule, MatFormFieldModule, MatInputModule],
  template: `
    @if (!open()) {
      <button
        mat-stroked-button
        type="button"
        data-testid="transfer-open"
        [disabled]="busy()"
        (click)="open.set(true)"
      >
        Transfer
      </button>
    } @else {
      <form
        class="pc-transfer"
        aria-label="Transfer the call"
        data-testid="transfer-form"
        (ngSubmit)="submit()"
      >
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>Transfer to</mat-label>
          <select
            matNativeControl
            name="kind"
            data-testid="transfer-kind"
            [ngModel]="kind()"
            (ngModelChange)="kind.set($event)"
          >
            <option value="queue">A team's queue</option>
            <option value="agent">A colleague</option>
            <option value="number">An outside number</option>
          </select>
        </mat-form-field>
        @switch (kind()) {
          @case ('queue') {
            <mat-form-field appearance="outline" subscriptSizing="dynamic">
              <mat-label>Team</mat-label>
              <select
                matNativeControl
                name="teamId"
                data-testid="transfer-team"
                [ngModel]="teamId()"
                (ngModelChange)="teamId.set($event)"
              >
                <option value="">Choose a team</option>
                @for (team of targets().teams; track team.id) {
                  <option [value]="team.id">{{ team.name }}</option>
                }
              </select>
            </mat-form-field>
            <mat-form-field appearance="outline" subscriptSizing="dynamic">
              <mat-label>Place in queue</mat-label>
              <select
                matNativeControl
                name="queuePosition"
                data-testid="transfer-queue-position"
                [ngModel]="queuePosition()"
                (ngModelChange)="queuePosition.set($event)"
              >
                <option value="">As the team decides</option>
                <option value="keep">Keep their place</option>
                <option value="back">Back of the queue</option>
              </select>
            </mat-form-field>
          }
          @case ('agent') {
            <mat-form-field appearance="outline" subscriptSizing="dynamic">
              <mat-label>Colleague</mat-label>
              <select
                matNativeControl
                name="agent"
                data-testid="transfer-agent"
                [ngModel]="agentKey()"
                (ngModelChange)="agentKey.set($event)"
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
          @case ('number') {
            <mat-form-field appearance="outline" subscriptSizing="dynamic">
              <mat-label>Number</mat-label>
              <input
                matInput
                type="tel"
                name="to"
                autocomplete="off"
                data-testid="transfer-number"
                [ngModel]="to()"
                (ngModelChange)="to.set($event)"
              />
            </mat-form-field>
          }
        }
        <button
          mat-flat-button
          type="submit"
          data-testid="transfer-submit"
          [disabled]="busy() || target() === null"
        >
          Transfer now
        </button>
        <button mat-button type="button" data-testid="transfer-cancel" (click)="open.set(false)">
          Cancel
        </button>
      </form>
    }
  `,
  styles: `
    .pc-transfer {
      display: flex;
      flex-wrap: wrap;
      align-items: flex-start;
      gap: 0.75rem;
      margin-top: 1rem;
    }
  `,
})
export class TransferPanelComponent {
  readonly busy = input(false);
  readonly transfer = output<TransferCallRequest>();

  protected readonly open = signal(false);
  protected readonly kind = signal<Kind>('queue');
  protected readonly teamId = signal('');
  /** `agentId|teamId`: one agent may be listed under each of the caller's teams. */
  protected readonly agentKey = signal('');
  protected readonly to = signal('');
  /** A queue target's place there; '' leaves it to the team's setting. */
  protected readonly queuePosition = signal<QueuePosition | ''>('');

  /** Loaded once per panel (a new call gets a new panel); empty if the request fails. */
  protected readonly targets = toSignal(
    inject(CallsApi)
      .transferTargets()
      .pipe(catchError(() => of<TransferTargetsResult>({ teams: [], agents: [] }))),
    { initialValue: { teams: [], agents: [] } as TransferTargetsResult },
  );

  /** The target the form describes, or null while it is incomplete. */
  protected readonly target = computed<TransferTarget | null>(() => {
    switch (this.kind()) {
      case 'queue':
        return this.teamId() ? { type: 'queue', teamId: this.teamId() } : null;
      case 'agent': {
        const [agentId, teamId] = this.agentKey().split('|');
        return agentId && teamId ? { type: 'agent', agentId, teamId } : null;
      }
      case 'number':
        return DIALABLE_NUMBER.test(this.to()) ? { type: 'number', to: this.to() } : null;
    }
  });

  protected submit(): void {
    const target = this.target();
    if (!target) return;
    const position = this.queuePosition();
    this.transfer.emit(
      target.type === 'queue' && position !== '' ? { target, queuePosition: position } : { target },
    );
  }
}
