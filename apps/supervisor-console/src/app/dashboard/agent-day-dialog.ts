import { DatePipe } from '@angular/common';
import { Component, OnInit, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import { forkJoin } from 'rxjs';

import { AgentGridRow, AgentStatus, CallView, PresenceIntervalView } from '@poscalls4u/contracts';
import { apiErrorMessage } from '@poscalls4u/web-auth';
import {
  agentStatusLabel,
  callStateLabel,
  directionLabel,
  formatDuration,
} from '@poscalls4u/web-calls';
import { toApiFailure } from '@poscalls4u/web-core';

import { AgentActionsApi } from './agent-actions-api';

export interface AgentDayDialogData {
  agent: AgentGridRow;
}

/** One stretch of the day's bar: where it starts and how wide it is, in % of the day so far. */
export interface TimelineSegment {
  status: AgentStatus;
  label: string;
  startedAt: string;
  endedAt: string | null;
  seconds: number;
  offsetPercent: number;
  widthPercent: number;
}

/** Clips the intervals to [dayStart, now] and places them on a bar spanning that period. */
export function timelineSegments(
  intervals: readonly PresenceIntervalView[],
  dayStart: number,
  now: number,
): TimelineSegment[] {
  const span = Math.max(now - dayStart, 1);
  return intervals
    .map((interval) => {
      const start = Math.max(Date.parse(interval.startedAt), dayStart);
      const end = Math.min(interval.endedAt === null ? now : Date.parse(interval.endedAt), now);
      return { interval, start, end };
    })
    .filter(({ start, end }) => end > start)
    .map(({ interval, start, end }) => ({
      status: interval.status,
      label: interval.reason
        ? `${agentStatusLabel(interval.status)} (${interval.reason.label})`
        : agentStatusLabel(interval.status),
      startedAt: new Date(start).toISOString(),
      endedAt: interval.endedAt === null ? null : new Date(end).toISOString(),
      seconds: Math.round((end - start) / 1000),
      offsetPercent: ((start - dayStart) / span) * 100,
      widthPercent: ((end - start) / span) * 100,
    }));
}

/** Local midnight of the day `now` falls in (the supervisor's day). */
export function startOfDay(now: number): number {
  const day = new Date(now);
  day.setHours(0, 0, 0, 0);
  return day.getTime();
}

/** The agent drill-down: today's states on a bar and as a list, and today's calls. */
@Component({
  selector: 'pc-agent-day-dialog',
  imports: [DatePipe, MatDialogModule, MatButtonModule],
  template: `
    <h2 mat-dialog-title>{{ data.agent.name }}: today</h2>
    <mat-dialog-content class="pc-day">
      @if (error(); as message) {
        <p class="pc-message pc-message--error" role="alert" data-testid="agent-day-error">
          {{ message }}
        </p>
      } @else if (segments() === null) {
        <p role="status">Loading…</p>
      } @else {
        <h3 class="pc-day__title">States</h3>
        <div class="pc-day__bar" aria-hidden="true">
          @for (segment of segments(); track segment.startedAt) {
            <span
              class="pc-day__segment"
              [attr.data-status]="segment.status"
              [style.left.%]="segment.offsetPercent"
              [style.width.%]="segment.widthPercent"
              [title]="segment.label"
            ></span>
          }
        </div>
        <table class="pc-day__table" data-testid="agent-day-states">
          <thead>
            <tr>
              <th scope="col">From</th>
              <th scope="col">To</th>
              <th scope="col">State</th>
              <th scope="col">Duration</th>
            </tr>
          </thead>
          <tbody>
            @for (segment of segments(); track segment.startedAt) {
              <tr data-testid="agent-day-state">
                <td>{{ segment.startedAt | date: 'HH:mm' }}</td>
                <td>{{ segment.endedAt === null ? 'now' : (segment.endedAt | date: 'HH:mm') }}</td>
                <td>
                  <span class="pc-day__swatch" [attr.data-status]="segment.status"></span>
                  {{ segment.label }}
                </td>
                <td>{{ formatDuration(segment.seconds) }}</td>
              </tr>
            } @empty {
              <tr>
                <td colspan="4">No state recorded today.</td>
              </tr>
            }
          </tbody>
        </table>
        <h3 class="pc-day__title">Calls</h3>
        <table class="pc-day__table" data-testid="agent-day-calls">
          <thead>
            <tr>
              <th scope="col">At</th>
              <th scope="col">Direction</th>
              <th scope="col">Number</th>
              <th scope="col">State</th>
              <th scope="col">Talk</th>
            </tr>
          </thead>
          <tbody>
            @for (call of calls(); track call.id) {
              <tr data-testid="agent-day-call">
                <td>{{ call.createdAt | date: 'HH:mm' }}</td>
                <td>{{ directionLabel(call.direction) }}</td>
                <td>{{ call.direction === 'inbound' ? call.from : call.to }}</td>
                <td>{{ callStateLabel(call.state) }}</td>
                <td>{{ formatDuration(call.durations.talkSeconds) }}</td>
              </tr>
            } @empty {
              <tr>
                <td colspan="5">No calls today.</td>
              </tr>
            }
          </tbody>
        </table>
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" mat-dialog-close data-testid="agent-day-close">Close</button>
    </mat-dialog-actions>
  `,
  styles: `
    .pc-day__title {
      margin: 1rem 0 0.5rem;
      font: var(--mat-sys-title-small);
    }
    .pc-day__bar {
      position: relative;
      height: 1.25rem;
      border-radius: 0.25rem;
      background: var(--mat-sys-surface-container-high);
      overflow: hidden;
    }
    .pc-day__segment {
      position: absolute;
      top: 0;
      bottom: 0;
    }
    .pc-day__swatch {
      display: inline-block;
      width: 0.75rem;
      height: 0.75rem;
      margin-right: 0.25rem;
      border-radius: 0.125rem;
      vertical-align: middle;
    }
    [data-status='available'] {
      background: var(--pc-status-available, #2e7d32);
    }
    [data-status='on_call'] {
      background: var(--pc-status-on-call, #1565c0);
    }
    [data-status='wrap_up'] {
      background: var(--pc-status-wrap-up, #6a1b9a);
    }
    [data-status='break'] {
      background: var(--pc-status-break, #ef6c00);
    }
    [data-status='offline'] {
      background: var(--pc-status-offline, #9e9e9e);
    }
    .pc-day__table {
      width: 100%;
      border-collapse: collapse;
      font: var(--mat-sys-body-medium);
    }
    .pc-day__table th,
    .pc-day__table td {
      padding: 0.25rem 0.5rem;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
      text-align: left;
    }
  `,
})
export class AgentDayDialogComponent implements OnInit {
  protected readonly data = inject<AgentDayDialogData>(MAT_DIALOG_DATA);
  private readonly api = inject(AgentActionsApi);

  protected readonly segments = signal<TimelineSegment[] | null>(null);
  protected readonly calls = signal<CallView[]>([]);
  protected readonly error = signal<string | null>(null);
  protected readonly formatDuration = formatDuration;
  protected readonly directionLabel = directionLabel;
  protected readonly callStateLabel = callStateLabel;

  ngOnInit(): void {
    const now = Date.now();
    const dayStart = startOfDay(now);
    const from = new Date(dayStart);
    forkJoin({
      timeline: this.api.timeline(this.data.agent.userId, from),
      calls: this.api.calls(this.data.agent.userId, from),
    }).subscribe({
      next: ({ timeline, calls }) => {
        this.segments.set(timelineSegments(timeline.intervals, dayStart, now));
        this.calls.set(calls);
      },
      error: (error: unknown) =>
        this.error.set(
          apiErrorMessage(toApiFailure(error), {}, "The agent's day could not be loaded."),
        ),
    });
  }
}
