import { Component, computed, inject, input, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { catchError, of } from 'rxjs';

import { CallConsultView, ConsultTarget, TransferTargetsResult } from '@poscalls4u/contracts';
import { CallsApi, ConsultOutcome } from '@poscalls4u/web-calls';

/** A dialable number as the API accepts it: E.164 (`+15550100`) or an extension (digits, `*`, `#`). */
const DIALABLE_NUMBER = /^\+?[0-9*#]{1,32}$/;

/**
 * Consult (warm transfer) of the live call: the agent holds the caller and talks to an available
 * colleague or an outside number first; then completes (the caller goes over) or cancels (the
 * caller is back). With a consult open, the panel shows who is consulted and those two choices.
 */
@Component({
  selector: 'pc-consult-panel',
  imports: [FormsModule, MatButtonModule, MatFormFieldModule, MatInputModule],
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
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>Consult</mat-label>
          <select
            matNativeControl
            name="kind"
            data-testid="consult-kind"
            [ngModel]="kind()"
            (ngModelChange)="kind.set($event)"
          >
            <option value="agent">A colleague</option>
            <option value="number">An outside number</option>
          </select>
        </mat-form-field>
        @if (kind() === 'agent') {
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>Colleague</mat-label>
            <select
              matNativeControl
              name="agent"
              data-testid="consult-agent"
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
        } @else {
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>Number</mat-label>
            <input
              matInput
              type="tel"
              name="to"
              autocomplete="off"
              data-testid="consult-number"
              [ngModel]="to()"
              (ngModelChange)="to.set($event)"
            />
          </mat-form-field>
        }
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

  protected readonly open = signal(false);
  protected readonly kind = signal<ConsultTarget['type']>('agent');
  /** `agentId|teamId`: one agent may be listed under each of the caller's teams. */
  protected readonly agentKey = signal('');
  protected readonly to = signal('');

  private readonly api = inject(CallsApi);
  /**
   * The agent's colleagues with their state, read each time the form opens (a colleague who was
   * busy when the call began may be free now); empty if the request fails.
   */
  protected readonly targets = signal<TransferTargetsResult>({ teams: [], agents: [] });

  /** The target the form describes, or null while it is incomplete. */
  protected readonly target = computed<ConsultTarget | null>(() => {
    if (this.kind() === 'number') {
      return DIALABLE_NUMBER.test(this.to()) ? { type: 'number', to: this.to() } : null;
    }
    const [agentId, teamId] = this.agentKey().split('|');
    return agentId && teamId ? { type: 'agent', agentId, teamId } : null;
  });

  protected openForm(): void {
    this.open.set(true);
    this.api
      .transferTargets()
      .pipe(catchError(() => of<TransferTargetsResult>({ teams: [], agents: [] })))
      .subscribe((targets) => this.targets.set(targets));
  }

  protected numberOf(consult: CallConsultView): string {
    return consult.target.type === 'number' ? consult.target.to : '';
  }

  protected submit(): void {
    const target = this.target();
    if (!target) return;
    this.open.set(false);
    this.start.emit(target);
  }
}
