import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';

import { AlertView, NotificationPayload } from '@poscalls4u/contracts';

/** The alerts: the conditions that hold now (from the dashboard) and the crossings pushed live. */
@Component({
  selector: 'pc-alerts-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (alerts().length === 0 && notifications().length === 0) {
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
      @for (notification of notifications(); track notification.id) {
        <li
          class="pc-alert"
          [class.pc-alert--critical]="notification.level === 'critical'"
          data-testid="notification"
        >
          <strong>{{ notification.title }}:</strong> {{ notification.message }}
          <button type="button" class="pc-alert__dismiss" (click)="dismiss.emit(notification.id)">
            Dismiss<span class="pc-visually-hidden"> {{ notification.title }}</span>
          </button>
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
    .pc-alert__dismiss {
      margin-left: 0.5rem;
      border: 0;
      background: none;
      color: inherit;
      text-decoration: underline;
      cursor: pointer;
    }
    .pc-empty {
      margin: 0;
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class AlertsListComponent {
  readonly alerts = input.required<AlertView[]>();
  readonly notifications = input.required<NotificationPayload[]>();
  readonly teamNames = input(new Map<string, string>());
  readonly dismiss = output<string>();
}
