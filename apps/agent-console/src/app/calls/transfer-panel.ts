import { Component, inject, input, output, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { catchError, of } from 'rxjs';

import { QueuePosition, TransferCallRequest, TransferTargetsResult } from '@poscalls4u/contracts';
import { CallsApi } from '@poscalls4u/web-calls';

import { CallTarget, CallTargetKind, CallTargetPickerComponent } from './call-target-picker';

/**
 * Blind transfer of the live call: to a team's queue (the caller keeps their place in line or
 * goes to the back: the team's setting, or the agent's choice in "Place in queue"), to an
 * available colleague (it rings at them at once), or to an outside number. The choices come
 * from `GET /api/calls/transfer-targets` when the panel opens; the agent's colleagues who are not
 * available are listed but cannot be chosen (the API would refuse them).
 */
@Component({
  selector: 'pc-transfer-panel',
  imports: [
    FormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    CallTargetPickerComponent,
  ],
  template: `
    @if (!open()) {
      <button
        mat-stroked-button
        type="button"
        data-testid="transfer-open"
        [disabled]="busy()"
        (click)="target.set(null); open.set(true)"
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
        <pc-call-target-picker
          idPrefix="transfer"
          label="Transfer to"
          [kinds]="kinds"
          [targets]="targets()"
          (targetChange)="target.set($event)"
        />
        @if (target()?.type === 'queue') {
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
  protected readonly kinds: readonly CallTargetKind[] = ['queue', 'agent', 'number'];
  /** The target the form describes, or null while it is incomplete. */
  protected readonly target = signal<CallTarget | null>(null);
  /** A queue target's place there; '' leaves it to the team's setting. */
  protected readonly queuePosition = signal<QueuePosition | ''>('');

  /** Loaded once per panel (a new call gets a new panel); empty if the request fails. */
  protected readonly targets = toSignal(
    inject(CallsApi)
      .transferTargets()
      .pipe(
        catchError(() => of<TransferTargetsResult>({ teams: [], agents: [], supervisors: [] })),
      ),
    { initialValue: { teams: [], agents: [], supervisors: [] } as TransferTargetsResult },
  );

  protected submit(): void {
    const target = this.target();
    // The picker offers no supervisor here: a blind transfer goes to a queue, an agent or a number.
    if (!target || target.type === 'supervisor') return;
    const position = this.queuePosition();
    this.transfer.emit(
      target.type === 'queue' && position !== '' ? { target, queuePosition: position } : { target },
    );
  }
}
