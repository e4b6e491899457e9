import { ChangeDetectionStrategy, Component, input } from '@angular/core';

import { AlertView } from '@poscalls4u/contracts';

/**
 * The alerts in progress, exactly as the server lists them (`dashboard.alerts`): each once, with
 * its current figure, gone when its condition ends, the same after a reload. A crossing pushed
 * live pops up as a snackbar and makes the dashboard re-read this list; it is not kept here,
 * where it would repeat an alert, keep its first figure and outlive the condition.
 */
@Component({
  selector: 'pc-alerts-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (alerts().length === 0) {
      <p class="pc-empty" data-testid="no-alerts">No alerts.</p>
    }
    <ul class="pc-alerts" data-testid="alerts">
      @for (alert of alerts(); track alert.id) {
        <li
          class="pc-alert"
          [class.pc-alert--critical]="alert.level === 'critical'"
          [attr.data-testid]="'alert-' + alert.id"
        >
          <strong>{{ alert.level === 'critical' ? 'Critical' : 'Warning' }}:</strong>
          {{ alert.message }}
          @if (teamNames().get(alert.teamId); as team) {
            <span class="pc-alert__team">({{ team }})</span>
          }
        </li>
      }
    </ul>
  `,
  styles: `
    .pc-alerts {
      display: flex;
      flex-direction: column;
      gap: 0.5rem;
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .pc-alert {
      padding: 0.5rem 0.75rem;
      border-left: 4px solid var(--mat-sys-tertiary);
      background: var(--mat-sys-surface-container);
      font: var(--mat-sys-body-medium);
    }
    .pc-alert--critical {
      border-left-color: var(--mat-sys-error);
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    .pc-alert__team {
      color: inherit;
      opacity: 0.8;
    }
    .pc-empty {
      margin: 0;
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class AlertsListComponent {
  readonly alerts = input.required<AlertView[]>();
  readonly teamNames = input(new Map<string, string>());
}
