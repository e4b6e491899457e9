import { DatePipe } from '@angular/common';
import { Component, input, output } from '@angular/core';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatTableModule } from '@angular/material/table';

import { CallView, Page } from '@poscalls4u/contracts';
import { callStateLabel, directionLabel, formatDuration } from '@poscalls4u/web-calls';

/** The agent's calls, newest first, one page at a time. */
@Component({
  selector: 'pc-call-history',
  imports: [DatePipe, MatTableModule, MatPaginatorModule],
  template: `
    <div class="pc-history__scroll">
      <table mat-table [dataSource]="page()?.items ?? []" data-testid="call-history">
        <caption class="pc-visually-hidden">
          My calls, newest first,
          {{
            page()?.total ?? 0
          }}
          in all
        </caption>
        <ng-container matColumnDef="when">
          <th mat-header-cell *matHeaderCellDef scope="col">When</th>
          <td mat-cell *matCellDef="let call">{{ call.createdAt | date: 'short' }}</td>
        </ng-container>
        <ng-container matColumnDef="direction">
          <th mat-header-cell *matHeaderCellDef scope="col">Direction</th>
          <td mat-cell *matCellDef="let call">{{ directionLabel(call.direction) }}</td>
        </ng-container>
        <ng-container matColumnDef="number">
          <th mat-header-cell *matHeaderCellDef scope="col">Number</th>
          <td mat-cell *matCellDef="let call" data-testid="history-number">
            {{ call.direction === 'inbound' ? call.from : call.to }}
          </td>
        </ng-container>
        <ng-container matColumnDef="team">
          <th mat-header-cell *matHeaderCellDef scope="col">Team</th>
          <td mat-cell *matCellDef="let call">{{ call.teamName }}</td>
        </ng-container>
        <ng-container matColumnDef="state">
          <th mat-header-cell *matHeaderCellDef scope="col">State</th>
          <td mat-cell *matCellDef="let call" data-testid="history-state">
            {{ stateLabel(call.state) }}
          </td>
        </ng-container>
        <ng-container matColumnDef="disposition">
          <th mat-header-cell *matHeaderCellDef scope="col">Disposition</th>
          <td mat-cell *matCellDef="let call" data-testid="history-disposition">
            {{ call.disposition?.label ?? '—' }}
          </td>
        </ng-container>
        <ng-container matColumnDef="wait">
          <th mat-header-cell *matHeaderCellDef scope="col">Wait</th>
          <td mat-cell *matCellDef="let call" class="pc-history__num">
            {{ duration(call.durations.waitSeconds) }}
          </td>
        </ng-container>
        <ng-container matColumnDef="talk">
          <th mat-header-cell *matHeaderCellDef scope="col">Talk</th>
          <td mat-cell *matCellDef="let call" class="pc-history__num" data-testid="history-talk">
            {{ duration(call.durations.talkSeconds) }}
          </td>
        </ng-container>
        <ng-container matColumnDef="hold">
          <th mat-header-cell *matHeaderCellDef scope="col">Hold</th>
          <td mat-cell *matCellDef="let call" class="pc-history__num">
            {{ duration(call.durations.holdSeconds) }}
          </td>
        </ng-container>
        <ng-container matColumnDef="wrapUp">
          <th mat-header-cell *matHeaderCellDef scope="col">Wrap-up</th>
          <td mat-cell *matCellDef="let call" class="pc-history__num">
            {{ duration(call.durations.afterCallWorkSeconds) }}
          </td>
        </ng-container>
        <tr mat-header-row *matHeaderRowDef="columns"></tr>
        <tr mat-row *matRowDef="let row; columns: columns" data-testid="history-row"></tr>
        <tr class="mat-mdc-row" *matNoDataRow>
          <td class="mat-mdc-cell pc-history__empty" [attr.colspan]="columns.length">
            {{ loading() ? 'Loading…' : 'No calls yet.' }}
          </td>
        </tr>
      </table>
    </div>
    <mat-paginator
      [length]="page()?.total ?? 0"
      [pageIndex]="(page()?.page ?? 1) - 1"
      [pageSize]="page()?.pageSize ?? 10"
      [pageSizeOptions]="[10, 25, 50]"
      aria-label="Pages of my calls"
      (page)="changePage($event)"
    />
  `,
  styles: `
    .pc-history__scroll {
      overflow-x: auto;
    }
    .pc-history__num {
      font-variant-numeric: tabular-nums;
    }
    .pc-history__empty {
      padding: 1.5rem 1rem;
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class CallHistoryComponent {
  readonly page = input.required<Page<CallView> | null>();
  readonly loading = input(false);
  readonly pageChange = output<{ page: number; pageSize: number }>();

  protected readonly columns = [
    'when',
    'direction',
    'number',
    'team',
    'state',
    'disposition',
    'wait',
    'talk',
    'hold',
    'wrapUp',
  ];
  protected readonly stateLabel = callStateLabel;
  protected readonly directionLabel = directionLabel;
  protected readonly duration = formatDuration;

  protected changePage(event: PageEvent): void {
    this.pageChange.emit({ page: event.pageIndex + 1, pageSize: event.pageSize });
  }
}
