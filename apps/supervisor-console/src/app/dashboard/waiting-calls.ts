import { ChangeDetectionStrategy, Component, input } from '@angular/core';

import { WaitingCallView } from '@poscalls4u/contracts';
import { formatDuration } from '@poscalls4u/web-calls';

import { secondsSince } from './clock';

/** The calls waiting, longest first, their wait ticking from the API's figure. */
@Component({
  selector: 'pc-waiting-calls',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (calls().length === 0) {
      <p class="pc-empty" data-testid="no-waiting-calls">No call is waiting.</p>
    } @else {
      <table class="pc-waiting" data-testid="waiting-calls">
        <thead>
          <tr>
            <th scope="col">Caller</th>
            <th scope="col">Team</th>
            <th scope="col">State</th>
            <th scope="col">Waiting</th>
          </tr>
        </thead>
        <tbody>
          @for (call of calls(); track call.callId) {
            <tr [attr.data-testid]="'waiting-' + call.callId">
              <td>{{ call.from }}</td>
              <td>{{ call.teamName }}</td>
              <td>{{ call.state === 'offered' ? 'Ringing' : 'Queued' }}</td>
              <td data-testid="waiting-time">{{ formatDuration(waited(call)) }}</td>
            </tr>
          }
        </tbody>
      </table>
    }
  `,
  styles: `
    .pc-waiting {
      width: 100%;
      border-collapse: collapse;
      font: var(--mat-sys-body-medium);
    }
    th,
    td {
      padding: 0.375rem 0.5rem;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
      text-align: left;
    }
    .pc-empty {
      margin: 0;
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class WaitingCallsComponent {
  readonly calls = input.required<WaitingCallView[]>();
  readonly now = input.required<number>();
  /** The API's clock minus this machine's: the wait counts from `queuedAt` on the API's clock. */
  readonly clockOffsetMs = input(0);

  protected readonly formatDuration = formatDuration;

  protected waited(call: WaitingCallView): number {
    return secondsSince(call.queuedAt, this.now(), this.clockOffsetMs());
  }
}
