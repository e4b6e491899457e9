import { DatePipe } from '@angular/common';
import { Component, input } from '@angular/core';

import { CallerHistory } from '@poscalls4u/contracts';
import { callStateLabel, directionLabel, formatDuration } from '@poscalls4u/web-calls';

/**
 * Who is calling: the caller's last calls to the team, newest first (when, which queue, how it
 * ended, who took it, the notes), how many there are, and the caller in the team's CRM when the
 * team has one, so the agent knows a repeat caller before answering.
 */
@Component({
  selector: 'pc-caller-history',
  imports: [DatePipe],
  template: `
    <section class="pc-caller-history" aria-label="Caller history" data-testid="caller-history">
      @if (history().crmUrl; as crmUrl) {
        <p class="pc-caller-history__crm">
          <a
            [href]="crmUrl"
            target="_blank"
            rel="noopener noreferrer"
            class="pc-link"
            data-testid="caller-history-crm"
            >Open the caller in the CRM<span class="pc-visually-hidden"> (new tab)</span></a
          >
        </p>
      }
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
              <span data-testid="caller-history-team">{{ item.teamName }}</span>
              <span class="pc-caller-history__num">{{ duration(item.handleSeconds) }}</span>
              @if (item.notes) {
                <span class="pc-caller-history__notes" data-testid="caller-history-notes">{{
                  item.notes
                }}</span>
              }
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
    .pc-caller-history__notes {
      flex-basis: 100%;
      color: var(--mat-sys-on-surface-variant);
      overflow-wrap: anywhere;
    }
    .pc-caller-history__crm {
      margin: 0 0 0.25rem;
    }
  `,
})
export class CallerHistoryComponent {
  readonly history = input.required<CallerHistory>();

  protected readonly directionLabel = directionLabel;
  protected readonly stateLabel = callStateLabel;
  protected readonly duration = formatDuration;
}
