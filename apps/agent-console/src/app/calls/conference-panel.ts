import { DatePipe } from '@angular/common';
import { Component, computed, inject, input, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { catchError, of } from 'rxjs';

import {
  CallConferencePartyView,
  CallConferenceView,
  ConferenceTarget,
  MAX_CONFERENCE_PARTIES,
  TransferTargetsResult,
} from '@poscalls4u/contracts';
import { CallsApi } from '@poscalls4u/web-calls';

import { CallTarget, CallTargetKind, CallTargetPickerComponent } from './call-target-picker';

const STATE_LABELS: Record<CallConferencePartyView['state'], string> = {
  joining: 'ringing',
  joined: 'on the call',
  left: 'left',
};

/**
 * The conference of the live call, kept live by `call:updated`: its parties (who, since when,
 * ringing or on), and for the call's agent Add party (a colleague, a supervisor or a number; at
 * most MAX_CONFERENCE_PARTIES with the caller) and Remove; for everyone on it, Leave.
 */
@Component({
  selector: 'pc-conference-panel',
  imports: [DatePipe, FormsModule, MatButtonModule, CallTargetPickerComponent],
  template: `
    <section class="pc-conference" aria-labelledby="pc-conference-title" data-testid="conference">
      <h3 id="pc-conference-title" class="pc-conference__title">
        Conference ({{ present().length }} of {{ maxParties }})
      </h3>
      <ul class="pc-conference__parties" aria-live="polite" data-testid="conference-parties">
        @for (party of present(); track party.id) {
          <li
            class="pc-conference__party"
            data-testid="conference-party"
            [attr.data-party-id]="party.id"
            [attr.data-state]="party.state"
          >
            <span class="pc-conference__name">{{ nameOf(party) }}</span>
            <span class="pc-conference__meta">
              {{ stateLabels[party.state] }}
              @if (party.joinedAt) {
                since
                <time [attr.datetime]="party.joinedAt">{{
                  party.joinedAt | date: 'HH:mm:ss'
                }}</time>
              }
            </span>
            @if (owner() && party.kind !== 'caller' && party.user?.id !== me()) {
              <button
                mat-button
                type="button"
                data-testid="conference-remove"
                [attr.aria-label]="'Remove ' + nameOf(party) + ' from the conference'"
                [disabled]="busy()"
                (click)="remove.emit(party.id)"
              >
                Remove
              </button>
            }
          </li>
        }
      </ul>
      <div class="pc-conference__actions">
        @if (owner()) {
          @if (!adding()) {
            <button
              mat-stroked-button
              type="button"
              data-testid="conference-add-open"
              [disabled]="busy() || present().length >= maxParties"
              (click)="openForm()"
            >
              Add party
            </button>
          } @else {
            <form
              class="pc-conference__form"
              aria-label="Add a party to the conference"
              data-testid="conference-add-form"
              (ngSubmit)="submit()"
            >
              <pc-call-target-picker
                idPrefix="conference"
                label="Add"
                [kinds]="kinds"
                [targets]="targets()"
                (targetChange)="target.set($event)"
              />
              <button
                mat-flat-button
                type="submit"
                data-testid="conference-add-submit"
                [disabled]="busy() || target() === null"
              >
                Add to the conference
              </button>
              <button
                mat-button
                type="button"
                data-testid="conference-add-close"
                (click)="adding.set(false)"
              >
                Close
              </button>
            </form>
          }
        }
        <button
          mat-stroked-button
          type="button"
          data-testid="conference-leave"
          [disabled]="busy()"
          (click)="leave.emit()"
        >
          Leave conference
        </button>
      </div>
    </section>
  `,
  styles: `
    .pc-conference {
      margin-top: 1rem;
    }
    .pc-conference__title {
      margin: 0 0 0.5rem;
      font: var(--mat-sys-title-small);
    }
    .pc-conference__parties {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .pc-conference__party {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem;
      padding: 0.25rem 0;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .pc-conference__name {
      font-weight: 500;
      overflow-wrap: anywhere;
    }
    .pc-conference__meta {
      color: var(--mat-sys-on-surface-variant);
      flex: 1 1 auto;
    }
    .pc-conference__actions,
    .pc-conference__form {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.75rem;
      margin-top: 0.75rem;
    }
  `,
})
export class ConferencePanelComponent {
  readonly conference = input.required<CallConferenceView>();
  /** The signed-in user's id: their own party is not removable, they leave instead. */
  readonly me = input.required<string>();
  /** The signed-in user has the call (its agent): they add and remove parties. */
  readonly owner = input(false);
  readonly busy = input(false);
  readonly add = output<ConferenceTarget>();
  readonly remove = output<string>();
  readonly leave = output<void>();

  protected readonly maxParties = MAX_CONFERENCE_PARTIES;
  protected readonly stateLabels = STATE_LABELS;
  protected readonly kinds: readonly CallTargetKind[] = ['agent', 'supervisor', 'number'];
  protected readonly present = computed(() =>
    this.conference().parties.filter((party) => party.state !== 'left'),
  );
  protected readonly adding = signal(false);
  protected readonly target = signal<CallTarget | null>(null);
  protected readonly targets = signal<TransferTargetsResult>({
    teams: [],
    agents: [],
    supervisors: [],
  });

  private readonly api = inject(CallsApi);

  protected nameOf(party: CallConferencePartyView): string {
    if (party.kind === 'caller') return 'Caller';
    if (party.user)
      return party.user.id === this.me() ? `${party.user.name} (you)` : party.user.name;
    return party.number ?? '';
  }

  /** Reads who is free each time the form opens (a colleague busy a minute ago may be free now). */
  protected openForm(): void {
    this.target.set(null);
    this.adding.set(true);
    this.api
      .transferTargets()
      .pipe(catchError(() => of<TransferTargetsResult>({ teams: [], agents: [], supervisors: [] })))
      .subscribe((targets) => this.targets.set(targets));
  }

  protected submit(): void {
    const target = this.target();
    if (!target || target.type === 'queue') return;
    this.adding.set(false);
    this.add.emit(target);
  }
}
