import { Component, inject, input, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { catchError, of } from 'rxjs';

import { CallConsultView, ConsultTarget, TransferTargetsResult } from '@poscalls4u/contracts';
import { CallsApi, ConsultOutcome } from '@poscalls4u/web-calls';

import { CallTarget, CallTargetKind, CallTargetPickerComponent } from './call-target-picker';

/**
 * Consult (warm transfer) of the live call: the agent holds the caller and talks to an available
 * colleague, a supervisor or an outside number first; then completes (the caller goes over),
 * merges into a conference (all three talk) or cancels (the caller is back). With a consult
 * open, the panel shows who is consulted and those three choices.
 */
@Component({
  selector: 'pc-consult-panel',
  imports: [FormsModule, MatButtonModule, CallTargetPickerComponent],
  template: `
    @if (consult(); as consult) {
      <div class="pc-consult" role="status" data-testid="consult-open">
        <span data-testid="consult-party"
          >Consulting {{ consult.agent?.name ?? numberOf(consult) }}; the caller is on hold.</span
        >
        <button
          mat-flat-button
          type="button"
          data-testid="consult-complete"
          [disabled]="busy()"
          (click)="finish.emit('complete')"
        >
          Complete transfer
        </button>
        <button
          mat-stroked-button
          type="button"
          data-testid="consult-merge"
          [disabled]="busy()"
          (click)="merge.emit()"
        >
          Merge into conference
        </button>
        <button
          mat-stroked-button
          type="button"
          data-testid="consult-cancel"
          [disabled]="busy()"
          (click)="finish.emit('cancel')"
        >
          Cancel consult
        </button>
      </div>
    } @else if (!open()) {
      <button
        mat-stroked-button
        type="button"
        data-testid="consult-open-form"
        [disabled]="busy()"
        (click)="openForm()"
      >
        Consult
      </button>
    } @else {
      <form
        class="pc-consult"
        aria-label="Consult before transferring"
        data-testid="consult-form"
        (ngSubmit)="submit()"
      >
        <pc-call-target-picker
          idPrefix="consult"
          label="Consult"
          [kinds]="kinds"
          [targets]="targets()"
          (targetChange)="target.set($event)"
        />
        <button
          mat-flat-button
          type="submit"
          data-testid="consult-submit"
          [disabled]="busy() || target() === null"
        >
          Hold and consult
        </button>
        <button mat-button type="button" data-testid="consult-close" (click)="open.set(false)">
          Close
        </button>
      </form>
    }
  `,
  styles: `
    .pc-consult {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.75rem;
      margin-top: 1rem;
    }
  `,
})
export class ConsultPanelComponent {
  readonly busy = input(false);
  /** The consult open on the call, or null. */
  readonly consult = input<CallConsultView | null>(null);
  readonly start = output<ConsultTarget>();
  readonly finish = output<ConsultOutcome>();
  /** Merge the consult into a conference: the caller, the agent and the consulted party. */
  readonly merge = output<void>();

  protected readonly open = signal(false);
  protected readonly kinds: readonly CallTargetKind[] = ['agent', 'supervisor', 'number'];
  /** The target the form describes, or null while it is incomplete. */
  protected readonly target = signal<CallTarget | null>(null);

  private readonly api = inject(CallsApi);
  /**
   * The agent's colleagues with their state, read each time the form opens (a colleague who was
   * busy when the call began may be free now); empty if the request fails.
   */
  protected readonly targets = signal<TransferTargetsResult>({
    teams: [],
    agents: [],
    supervisors: [],
  });

  protected openForm(): void {
    this.target.set(null);
    this.open.set(true);
    this.api
      .transferTargets()
      .pipe(catchError(() => of<TransferTargetsResult>({ teams: [], agents: [], supervisors: [] })))
      .subscribe((targets) => this.targets.set(targets));
  }

  protected numberOf(consult: CallConsultView): string {
    return consult.target.type === 'number' ? consult.target.to : '';
  }

  protected submit(): void {
    const target = this.target();
    // The picker offers no queue here: a consult calls a person or a number.
    if (!target || target.type === 'queue') return;
    this.open.set(false);
    this.start.emit(target);
  }
}
