import { Component, computed, input, output } from '@angular/core';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';

import { BreakReasonView, NextStatusView, SetNextStatusRequest } from '@poscalls4u/contracts';

import { toPresenceRequest } from './status-switcher';

/** The select's value for "no next status": after the call, back to the state before it. */
const AS_BEFORE = 'as-before';

/** One value of the select: `available`, or a break with its reason (`break:lunch`). */
function nextStatusValue(next: NextStatusView | null): string {
  if (next === null) {
    return AS_BEFORE;
  }
  return next.status === 'break' && next.reason !== null
    ? `break:${next.reason.code}`
    : next.status;
}

/**
 * "After this call": the state the agent takes when the call they hold is over (wrap-up
 * finished), applied by the API before routing can offer another call. A break here is how an
 * agent in a busy queue gets their break; picking a state by hand later forgets it.
 */
@Component({
  selector: 'pc-next-status-picker',
  imports: [MatFormFieldModule, MatSelectModule],
  template: `
    <mat-form-field appearance="outline" subscriptSizing="dynamic" class="pc-next-status">
      <mat-label>After this call</mat-label>
      <mat-select
        data-testid="next-status-select"
        [value]="value()"
        [disabled]="busy()"
        (selectionChange)="choose($event.value)"
      >
        <mat-option [value]="asBefore" data-testid="next-status-option-as-before"
          >As before the call</mat-option
        >
        <mat-option value="available" data-testid="next-status-option-available"
          >Available</mat-option
        >
        <mat-optgroup label="A break">
          @for (reason of reasons(); track reason.code) {
            <mat-option
              [value]="'break:' + reason.code"
              [attr.data-testid]="'next-status-option-break-' + reason.code"
              >{{ reason.label }}</mat-option
            >
          }
        </mat-optgroup>
      </mat-select>
      <mat-hint data-testid="next-status-hint">{{ hint() }}</mat-hint>
    </mat-form-field>
  `,
  styles: `
    .pc-next-status {
      min-width: 16rem;
    }
  `,
})
export class NextStatusPickerComponent {
  readonly next = input.required<NextStatusView | null>();
  readonly reasons = input.required<BreakReasonView[]>();
  readonly busy = input(false);
  /** The choice; null forgets the pending one. */
  readonly nextChange = output<SetNextStatusRequest | null>();

  protected readonly asBefore = AS_BEFORE;
  protected readonly value = computed(() => nextStatusValue(this.next()));
  protected readonly hint = computed(() => {
    const next = this.next();
    if (next === null) {
      return 'No change asked for';
    }
    return next.status === 'break'
      ? `A break (${next.reason?.label ?? 'break'}) when you finish wrap-up: no new call`
      : 'Available when you finish wrap-up';
  });

  protected choose(value: string): void {
    this.nextChange.emit(value === AS_BEFORE ? null : toPresenceRequest(value));
  }
}
