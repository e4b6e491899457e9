import { DatePipe } from '@angular/common';
import { Component, input, output } from '@angular/core';

import { CallView, Page } from '@poscalls4u/contracts';
import { callStateLabel, directionLabel, formatDuration } from '@poscalls4u/web-calls';
import { PageChange, PagedTableColumnDirective, PagedTableComponent } from '@poscalls4u/web-ui';

/** The agent's calls, newest first, one page at a time. */
@Component({
  selector: 'pc-call-history',
  imports: [DatePipe, PagedTableComponent, PagedTableColumnDirective],
  template: `
    <pc-paged-table
      testId="call-history"
      rowTestId="history-row"
      emptyText="No calls yet."
      paginatorLabel="Pages of my calls"
      [caption]="'My calls, newest first, ' + (page()?.total ?? 0) + ' in all'"
      [rows]="page()?.items ?? []"
      [total]="page()?.total ?? 0"
      [page]="page()?.page ?? 1"
      [pageSize]="page()?.pageSize ?? 10"
      [pageSizeOptions]="[10, 25, 50]"
      [loading]="loading()"
      (pageChange)="pageChange.emit($event)"
    >
      <ng-template pcColumn="when" header="When" let-call>
        {{ call.createdAt | date: 'short' }}
      </ng-template>
      <ng-template pcColumn="direction" header="Direction" let-call>
        {{ directionLabel(call.direction) }}
      </ng-template>
      <ng-template pcColumn="number" header="Number" cellTestId="history-number" let-call>
        {{ call.direction === 'inbound' ? call.from : call.to }}
      </ng-template>
      <ng-template pcColumn="team" header="Team" let-call>{{ call.teamName }}</ng-template>
      <ng-template pcColumn="state" header="State" cellTestId="history-state" let-call>
        {{ stateLabel(call.state) }}
      </ng-template>
      <ng-template
        pcColumn="disposition"
        header="Disposition"
        cellTestId="history-disposition"
        let-call
      >
        {{ call.disposition?.label ?? '—' }}
      </ng-template>
      <ng-template pcColumn="wait" header="Wait" let-call>
        <span class="pc-history__num">{{ duration(call.durations.waitSeconds) }}</span>
      </ng-template>
      <ng-template pcColumn="talk" header="Talk" cellTestId="history-talk" let-call>
        <span class="pc-history__num">{{ duration(call.durations.talkSeconds) }}</span>
      </ng-template>
      <ng-template pcColumn="hold" header="Hold" let-call>
        <span class="pc-history__num">{{ duration(call.durations.holdSeconds) }}</span>
      </ng-template>
      <ng-template pcColumn="wrapUp" header="Wrap-up" let-call>
        <span class="pc-history__num">{{ duration(call.durations.afterCallWorkSeconds) }}</span>
      </ng-template>
    </pc-paged-table>
  `,
  styles: `
    .pc-history__num {
      font-variant-numeric: tabular-nums;
    }
  `,
})
export class CallHistoryComponent {
  readonly page = input.required<Page<CallView> | null>();
  readonly loading = input(false);
  readonly pageChange = output<PageChange>();

  protected readonly stateLabel = callStateLabel;
  protected readonly directionLabel = directionLabel;
  protected readonly duration = formatDuration;
}
