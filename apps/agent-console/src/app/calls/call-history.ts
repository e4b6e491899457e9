import { DatePipe } from '@angular/common';
import { Component, inject, input, output, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';

import {
  CallConferencePartyView,
  CallDetailView,
  CallView,
  Page,
  TransferTarget,
} from '@poscalls4u/contracts';
import { CallsApi, callStateLabel, directionLabel, formatDuration } from '@poscalls4u/web-calls';
import { PageChange, PagedTableColumnDirective, PagedTableComponent } from '@poscalls4u/web-ui';

/** The agent's calls, newest first, one page at a time. */
@Component({
  selector: 'pc-call-history',
  imports: [DatePipe, MatButtonModule, PagedTableComponent, PagedTableColumnDirective],
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
      <ng-template pcColumn="parts" header="Parts" let-call>
        <button
          mat-button
          type="button"
          data-testid="history-parts"
          [attr.aria-expanded]="shown()?.id === call.id"
          (click)="toggleParts(call.id)"
        >
          Who handled it
        </button>
      </ng-template>
    </pc-paged-table>
    @if (shown(); as detail) {
      <section class="pc-history__parts" aria-label="Parts of the call" data-testid="call-segments">
        <h3 class="pc-history__parts-title">
          {{ detail.direction === 'inbound' ? detail.from : detail.to }}: each agent's part
        </h3>
        <ol>
          @for (segment of detail.segments; track segment.seq) {
            <li data-testid="call-segment">
              <strong>{{ segment.agent?.name ?? 'Nobody yet' }}</strong>
              ({{ segment.teamName }}): ring {{ duration(segment.ringSeconds) }}, talk
              {{ duration(segment.talkSeconds) }}, hold {{ duration(segment.holdSeconds) }}, wrap-up
              {{ duration(segment.afterCallWorkSeconds) }}
              @if (segment.transferredTo; as to) {
                <span data-testid="segment-transfer">
                  - transferred to {{ transferLabel(detail, to) }}</span
                >
              }
            </li>
          }
        </ol>
        @if (detail.conference; as conference) {
          <h3 class="pc-history__parts-title">Conference</h3>
          <ul data-testid="history-conference">
            @for (party of conference.parties; track party.id) {
              <li data-testid="history-conference-party">
                <strong>{{ partyName(party) }}</strong>: joined
                {{ party.joinedAt ? (party.joinedAt | date: 'HH:mm:ss') : 'never' }}, left
                {{ party.leftAt ? (party.leftAt | date: 'HH:mm:ss') : '-' }}
                @if (party.leftReason && party.leftReason !== 'ended') {
                  ({{ party.leftReason.replace('_', ' ') }})
                }
              </li>
            }
          </ul>
        }
      </section>
    }
  `,
  styles: `
    .pc-history__num {
      font-variant-numeric: tabular-nums;
    }
    .pc-history__parts-title {
      margin: 1rem 0 0.25rem;
      font: var(--mat-sys-title-small);
    }
  `,
})
export class CallHistoryComponent {
  readonly page = input.required<Page<CallView> | null>();
  readonly loading = input(false);
  readonly pageChange = output<PageChange>();

  /** The call whose parts (segments) are shown under the table, loaded when asked for. */
  protected readonly shown = signal<CallDetailView | null>(null);
  private readonly api = inject(CallsApi);

  protected toggleParts(callId: string): void {
    if (this.shown()?.id === callId) {
      this.shown.set(null);
      return;
    }
    this.api.get(callId).subscribe({
      next: (detail) => this.shown.set(detail),
      error: () => this.shown.set(null),
    });
  }

  /** Where a transfer sent the caller, named from the call's later segments. */
  protected transferLabel(call: CallDetailView, to: TransferTarget): string {
    switch (to.type) {
      case 'number':
        return to.to;
      case 'queue': {
        const team = call.segments.find((segment) => segment.teamId === to.teamId);
        return `the queue of ${team?.teamName ?? 'another team'}`;
      }
      case 'agent': {
        const next = call.segments.find(
          (segment) => segment.agent?.id === to.agentId && segment.seq > 1,
        );
        return next?.agent?.name ?? 'a colleague';
      }
    }
  }

  protected partyName(party: CallConferencePartyView): string {
    if (party.kind === 'caller') return 'Caller';
    return party.user?.name ?? party.number ?? '';
  }

  protected readonly stateLabel = callStateLabel;
  protected readonly directionLabel = directionLabel;
  protected readonly duration = formatDuration;
}
