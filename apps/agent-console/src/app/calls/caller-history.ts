import { DatePipe } from '@angular/common';
import { Component, input } from '@angular/core';

import { CallerHistory } from '@poscalls4u/contracts';
import { callStateLabel, directionLabel, formatDuration } from '@poscalls4u/web-calls';

/**
 * Who is calling: the caller's last calls to the team, newest first, and how many there are,
 * so the agent knows a repeat caller before answering.
 */
@Component({
  selector: 'pc-caller-history',
  imports: [DatePipe],
  template: `
    <section class="pc-caller-history" aria-label="Caller history" data-testid="caller-history">
      @if (history().total === 0) {
        <p class="pc-caller-history__summary" data-testid="caller-history-summary">
          First call from this number
        </p>
      } @else {
        <p class="pc-caller-history__summary" data-testid="caller-history-summary">
          {{ history().total }} earlier {{ history().total === 1 ? 'call' : 'calls' }}
          @if (history().total > history().calls.length) {
            (last {{ history().calls.length }} shown)
          }
        </p>
        <ul class="pc-caller-history__list">
          @for (item of history().calls; track item.id) {
            <li data-testid="caller-history-item">
              <span>{{ item.at | date: 'short' }}</span>
              <span>{{ directionLabel(item.direction) }}</span>
              <span data-testid="caller-history-outcome">{{
                item.disposition?.label ?? stateLabel(item.state)
              }}</span>
              <span data-testid="caller-history-agent">{{ item.agent?.name ?? 'Nobody' }}</span>
              <span class="pc-caller-history__num">{{ duration(item.handleSeconds) }}</span>
            </li>
          }
        </ul>
      }
    </section>
  `,
  styles: `
    .pc-caller-history__summary {
      margin: 0 0 0.25rem;
      font: var(--mat-sys-title-small);
    }
    .pc-caller-history__list {
      margin: 0 0 1rem;
      padding: 0;
      list-style: none;
      font: var(--mat-sys-body-small);
    }
    .pc-caller-history__list li {
      display: flex;
      flex-wrap: wrap;
      gap: 0.75rem;
    }
    .pc-caller-history__num {
      font-variant-numeric: tabular-nums;
    }
  `,
})
export class CallerHistoryComponent {
  readonly history = input.required<CallerHistory>();

  protected readonly directionLabel = directionLabel;
  protected readonly stateLabel = callStateLabel;
  protected readonly duration = formatDuration;
}
