import { Component, computed, input, output } from '@angular/core';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';

import {
  AgentStatus,
  BreakReasonView,
  PresenceView,
  SetPresenceRequest,
} from '@poscalls4u/contracts';
import { agentStatusLabel } from '@poscalls4u/web-calls';

const BREAK_PREFIX = 'break:';

/** One value of the select: a state, or a break with its reason (`break:lunch`). */
export function statusValue(presence: PresenceView | null): string {
  if (presence === null) {
    return AgentStatus.Offline;
  }
  return presence.status === AgentStatus.Break && presence.reason !== null
    ? `${BREAK_PREFIX}${presence.reason.code}`
    : presence.status;
}

export function toPresenceRequest(value: string): SetPresenceRequest {
  return value.startsWith(BREAK_PREFIX)
    ? { status: AgentStatus.Break, reason: value.slice(BREAK_PREFIX.length) }
    : { status: value as AgentStatus };
}

/** Words for the agent's current state, with the break reason when there is one. */
function presenceLabel(presence: PresenceView | null): string {
  if (presence === null) {
    return agentStatusLabel(AgentStatus.Offline);
  }
  const label = agentStatusLabel(presence.status);
  return presence.status === AgentStatus.Break && presence.reason !== null
    ? `${label}: ${presence.reason.label}`
    : label;
}

/**
 * The agent's state: available, a break with a reason, or offline. `on_call` and `wrap_up`
 * are shown but not chosen: the system sets them as calls move.
 */
@Component({
  selector: 'pc-status-switcher',
  imports: [MatFormFieldModule, MatSelectModule],
  template: `
    <mat-form-field appearance="outline" subscriptSizing="dynamic" class="pc-status">
      <mat-label>My status</mat-label>
      <mat-select
        data-testid="status-select"
        [value]="value()"
        [disabled]="disabled() || busy()"
        (selectionChange)="choose($event.value)"
      >
        <mat-select-trigger>
          <span class="pc-status__dot" [attr.data-status]="status()" aria-hidden="true"></span>
          <span data-testid="status-current">{{ label() }}</span>
        </mat-select-trigger>
        <mat-option value="available" data-testid="status-option-available">Available</mat-option>
        <mat-optgroup label="On a break">
          @for (reason of reasons(); track reason.code) {
            <mat-option
              [value]="'break:' + reason.code"
              [attr.data-testid]="'status-option-break-' + reason.code"
              >{{ reason.label }}</mat-option
            >
          }
        </mat-optgroup>
        <mat-option value="offline" data-testid="status-option-offline">Offline</mat-option>
        <!--
          The current state when the agent could not have picked it (on a call, a missed offer).
          Tracked by value: a new option for each such state, because the select matches its value
          against its options only when they come and go (on_call -> wrap_up went blank).
        -->
        @for (extra of extraOption(); track extra.value) {
          <mat-option [value]="extra.value" disabled>{{ extra.label }}</mat-option>
        }
      </mat-select>
      @if (disabled()) {
        <mat-hint>Follows your call until you finish wrap-up</mat-hint>
      }
    </mat-form-field>
  `,
  styles: `
    .pc-status {
      min-width: 16rem;
    }
    .pc-status__dot {
      display: inline-block;
      width: 0.625rem;
      height: 0.625rem;
      margin-right: 0.5rem;
      border-radius: 50%;
      background: var(--mat-sys-outline);
    }
    .pc-status__dot[data-status='available'] {
      background: #1b873f;
    }
    .pc-status__dot[data-status='on_call'],
    .pc-status__dot[data-status='wrap_up'] {
      background: var(--mat-sys-primary);
    }
    .pc-status__dot[data-status='break'] {
      background: #b26a00;
    }
  `,
})
export class StatusSwitcherComponent {
  readonly presence = input.required<PresenceView | null>();
  readonly reasons = input.required<BreakReasonView[]>();
  /** True while a call decides the state. */
  readonly disabled = input(false);
  readonly busy = input(false);
  readonly statusChange = output<SetPresenceRequest>();

  protected readonly value = computed(() => statusValue(this.presence()));
  protected readonly status = computed(() => this.presence()?.status ?? AgentStatus.Offline);
  protected readonly label = computed(() => presenceLabel(this.presence()));
  protected readonly isChoice = computed(() => {
    const value = this.value();
    return (
      value === AgentStatus.Available ||
      value === AgentStatus.Offline ||
      this.reasons().some((reason) => `${BREAK_PREFIX}${reason.code}` === value)
    );
  });

  protected readonly extraOption = computed(() =>
    this.isChoice() ? [] : [{ value: this.value(), label: this.label() }],
  );

  protected choose(value: string): void {
    this.statusChange.emit(toPresenceRequest(value));
  }
}
