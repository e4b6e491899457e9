import { ChangeDetectionStrategy, Component, computed, input, output, signal } from '@angular/core';
import { MatMenuModule } from '@angular/material/menu';
import { RouterLink } from '@angular/router';

import {
  ASSIST_MODES,
  AgentGridRow,
  AssistMode,
  CALL_STATES,
  CallAssistView,
  CallState,
} from '@poscalls4u/contracts';
import {
  agentStatusLabel,
  callStateLabel,
  formatDuration,
  skillsSummary,
} from '@poscalls4u/web-calls';

import { secondsSince } from './clock';

/** What a supervisor asked to do with an agent from the grid's action menu. */
export interface AgentAction {
  kind: 'break' | 'offline' | 'sign-out' | 'timeline';
  agent: AgentGridRow;
}

const BUSY_STATUSES: readonly AgentGridRow['status'][] = ['on_call', 'wrap_up'];

export type AgentSortKey = 'name' | 'status' | 'timeInState' | 'handledToday' | 'ahtSecondsToday';

const STATUS_ORDER: Record<AgentGridRow['status'], number> = {
  on_call: 0,
  wrap_up: 1,
  available: 2,
  break: 3,
  offline: 4,
};

/**
 * Seconds in the current state, or null when the agent has never had one: the API dates the
 * state of an agent who never signed in at the epoch (1970), which is no time to count from.
 */
export function timeInState(since: string, now: number, offsetMs: number): number | null {
  const at = Date.parse(since);
  return Number.isNaN(at) || at <= 0 ? null : secondsSince(since, now, offsetMs);
}

/** A call's state in words (`wrap_up` -> "Wrap-up"); a state newer than this console as sent. */
export function currentCallStateLabel(state: string): string {
  return (CALL_STATES as readonly string[]).includes(state)
    ? callStateLabel(state as CallState)
    : state;
}

/** Sorts a copy of the rows; ties keep name order. */
function sortAgents(
  rows: readonly AgentGridRow[],
  key: AgentSortKey,
  direction: 'asc' | 'desc',
  now: number,
  offsetMs: number,
): AgentGridRow[] {
  const value = (row: AgentGridRow): number | string => {
    switch (key) {
      case 'name':
        return row.name.toLowerCase();
      case 'status':
        return STATUS_ORDER[row.status];
      case 'timeInState':
        return timeInState(row.since, now, offsetMs) ?? -1;
      case 'handledToday':
        return row.handledToday;
      case 'ahtSecondsToday':
        return row.ahtSecondsToday ?? -1;
    }
  };
  const sign = direction === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    if (va < vb) return -sign;
    if (va > vb) return sign;
    return a.name.localeCompare(b.name);
  });
}

/** What a supervisor's assist is called on the grid's buttons, and while it runs. */
const ASSIST_LABELS: Record<AssistMode, { action: string; doing: string }> = {
  listen: { action: 'Listen', doing: 'Listening' },
  whisper: { action: 'Whisper', doing: 'Whispering' },
  barge: { action: 'Barge', doing: 'Barging in' },
};

/** A call the supervisor may assist: live (a conversation to hear), in a team they monitor. */
function canAssist(
  call: AgentGridRow['currentCall'],
  monitorTeamIds: readonly string[] | null,
): boolean {
  if (!call || (call.state !== 'connected' && call.state !== 'on_hold')) return false;
  return monitorTeamIds === null || monitorTeamIds.includes(call.teamId);
}

const COLUMNS: { key: AgentSortKey; label: string }[] = [
  { key: 'name', label: 'Agent' },
  { key: 'status', label: 'State' },
  { key: 'timeInState', label: 'Time in state' },
  { key: 'handledToday', label: 'Handled today' },
  { key: 'ahtSecondsToday', label: 'AHT today' },
];

/**
 * The agent grid: state, time in state (ticking), current call, today's handled and AHT; their
 * teams in a whole-center view; the agent's routing skills; on a live call of a team the
 * supervisor monitors, Listen / Whisper / Barge / Stop (the assist in progress shows with its
 * supervisor, live); a menu per agent (today's timeline, a chat message, and for whoever may
 * force states: break, offline, sign out).
 */
@Component({
  selector: 'pc-agent-grid',
  imports: [MatMenuModule, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <table class="pc-grid" data-testid="agent-grid">
      <caption class="pc-visually-hidden">
        Agents, sortable by column
      </caption>
      <thead>
        <tr>
          @for (column of columns; track column.key) {
            <th scope="col" [attr.aria-sort]="ariaSort(column.key)">
              <button
                type="button"
                class="pc-grid__sort"
                [attr.data-testid]="'sort-' + column.key"
                (click)="sortBy(column.key)"
              >
                {{ column.label }}
                @if (sortKey() === column.key) {
                  <span aria-hidden="true">{{ direction() === 'asc' ? '▲' : '▼' }}</span>
                }
              </button>
            </th>
          }
          @if (showTeam()) {
            <th scope="col" data-testid="team-column">Team</th>
          }
          <th scope="col">Current call</th>
          <th scope="col">Skills</th>
          <th scope="col">Assist</th>
          <th scope="col"><span class="pc-visually-hidden">Actions</span></th>
        </tr>
      </thead>
      <tbody>
        @for (row of sorted(); track row.userId) {
          <tr [attr.data-testid]="'agent-row-' + row.userId">
            <th scope="row" data-testid="agent-name">{{ row.name }}</th>
            <td data-testid="agent-status" [attr.data-value]="row.status">
              {{ statusLabel(row.status) }}
              @if (row.reason) {
                ({{ row.reason }})
              }
            </td>
            <td data-testid="agent-time-in-state">
              {{ formatDuration(elapsed(row.since)) }}
            </td>
            <td data-testid="agent-handled" [attr.data-value]="row.handledToday">
              {{ row.handledToday }}
            </td>
            <td data-testid="agent-aht" [attr.data-value]="row.ahtSecondsToday ?? ''">
              {{ formatDuration(row.ahtSecondsToday) }}
            </td>
            @if (showTeam()) {
              <td data-testid="agent-team">{{ teamsOf(row) }}</td>
            }
            <td data-testid="agent-call">
              @if (row.currentCall; as call) {
                {{ call.from }} · {{ callState(call.state) }}
              } @else {
                —
              }
            </td>
            <td data-testid="agent-skills">{{ skillsOf(row.userId) }}</td>
            <td data-testid="agent-assist">
              @if (row.currentCall; as call) {
                @let running = assists().get(call.id);
                @if (running) {
                  <span
                    class="pc-grid__assist"
                    data-testid="assist-state"
                    [attr.data-mode]="running.mode"
                    >{{ assistLabels[running.mode].doing }} · {{ running.supervisor.name }}</span
                  >
                }
                @if (canAssist(call)) {
                  <span
                    class="pc-grid__assist-actions"
                    role="group"
                    [attr.aria-label]="'Assist ' + row.name"
                  >
                    @if (!running || running.supervisor.id === userId()) {
                      @for (mode of modes; track mode) {
                        <button
                          type="button"
                          class="pc-grid__assist-button"
                          [attr.data-testid]="'assist-' + mode"
                          [attr.aria-pressed]="running?.mode === mode"
                          [disabled]="assistPending() === call.id || running?.mode === mode"
                          (click)="assistRequested.emit({ callId: call.id, mode })"
                        >
                          {{ assistLabels[mode].action }}
                        </button>
                      }
                    }
                    @if (running) {
                      <button
                        type="button"
                        class="pc-grid__assist-button"
                        data-testid="assist-stop"
                        [disabled]="assistPending() === call.id"
                        (click)="assistRequested.emit({ callId: call.id, mode: null })"
                      >
                        Stop
                      </button>
                    }
                  </span>
                }
              }
            </td>
            <td class="pc-grid__actions">
              <button
                type="button"
                class="pc-grid__menu"
                [matMenuTriggerFor]="agentMenu"
                [attr.aria-label]="'Actions for ' + row.name"
                data-testid="agent-actions"
              >
                ⋮
              </button>
              <mat-menu #agentMenu="matMenu">
                <button
                  mat-menu-item
                  type="button"
                  data-testid="agent-timeline"
                  (click)="act('timeline', row)"
                >
                  Today's timeline
                </button>
                <a
                  mat-menu-item
                  routerLink="/chat"
                  [queryParams]="{ dm: row.userId }"
                  data-testid="agent-message"
                >
                  Message
                </a>
                @if (canManage()) {
                  <button
                    mat-menu-item
                    type="button"
                    data-testid="agent-force-break"
                    [disabled]="busy(row) || row.status === 'break'"
                    (click)="act('break', row)"
                  >
                    Put on break
                  </button>
                  <button
                    mat-menu-item
                    type="button"
                    data-testid="agent-force-offline"
                    [disabled]="busy(row) || row.status === 'offline'"
                    (click)="act('offline', row)"
                  >
                    Set offline
                  </button>
                  <button
                    mat-menu-item
                    type="button"
                    data-testid="agent-sign-out"
                    [disabled]="busy(row)"
                    (click)="act('sign-out', row)"
                  >
                    Sign out
                  </button>
                }
              </mat-menu>
            </td>
          </tr>
        } @empty {
          <tr>
            <td [attr.colspan]="showTeam() ? 10 : 9">No agents in view.</td>
          </tr>
        }
      </tbody>
    </table>
  `,
  styles: `
    .pc-grid {
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
    .pc-grid__actions {
      width: 1%;
      white-space: nowrap;
    }
    .pc-grid__menu {
      min-width: 2.75rem;
      min-height: 2.75rem;
      border: 0;
      border-radius: 50%;
      background: none;
      color: inherit;
      font: var(--mat-sys-title-medium);
      cursor: pointer;
    }
    .pc-grid__menu:hover,
    .pc-grid__menu:focus-visible {
      background: var(--mat-sys-surface-container-high);
    }
    .pc-grid__assist {
      display: block;
      font: var(--mat-sys-label-medium);
      color: var(--mat-sys-tertiary);
    }
    .pc-grid__assist-actions {
      display: inline-flex;
      flex-wrap: wrap;
      gap: 0.25rem;
    }
    .pc-grid__assist-button {
      padding: 0.125rem 0.5rem;
      border: 1px solid var(--mat-sys-outline);
      border-radius: var(--mat-sys-corner-small);
      background: none;
      color: inherit;
      font: var(--mat-sys-label-medium);
      cursor: pointer;
    }
    .pc-grid__assist-button[aria-pressed='true'] {
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
    }
    .pc-grid__sort {
      padding: 0;
      border: 0;
      background: none;
      color: inherit;
      font: var(--mat-sys-label-large);
      cursor: pointer;
    }
  `,
})
export class AgentGridComponent {
  readonly rows = input.required<AgentGridRow[]>();
  readonly now = input.required<number>();
  readonly clockOffsetMs = input(0);
  /** Team id -> name, for the team column. */
  readonly teamNames = input<ReadonlyMap<string, string>>(new Map());
  /** Show each agent's teams (the whole-center view, where agents of many teams mix). */
  readonly showTeam = input(false);
  /** The viewer may force states and sign agents out (`presence:force`). */
  readonly canManage = input(false);
  readonly agentAction = output<AgentAction>();
  /** Agents' skills (routing), by user id; agents without any are not in it. */
  readonly skills = input<ReadonlyMap<string, readonly { name: string; level: number }[]>>(
    new Map(),
  );
  /** The assists in progress, by call id. */
  readonly assists = input<ReadonlyMap<string, CallAssistView>>(new Map());
  /** The teams whose calls the supervisor may assist (`calls:monitor`); null: every team. */
  readonly monitorTeamIds = input<readonly string[] | null>([]);
  /** The signed-in supervisor: they switch their own assist; another's they may only stop. */
  readonly userId = input<string | null>(null);
  /** The call whose assist request is in flight. */
  readonly assistPending = input<string | null>(null);
  /** Listen, whisper or barge into a call, or stop (`mode` null). */
  readonly assistRequested = output<{ callId: string; mode: AssistMode | null }>();

  protected readonly modes = ASSIST_MODES;
  protected readonly assistLabels = ASSIST_LABELS;

  protected readonly columns = COLUMNS;
  protected readonly sortKey = signal<AgentSortKey>('status');
  protected readonly direction = signal<'asc' | 'desc'>('asc');
  protected readonly statusLabel = agentStatusLabel;
  protected readonly formatDuration = formatDuration;

  // Sorted on the data, not every tick, unless the order depends on the ticking time.
  protected readonly sorted = computed(() =>
    sortAgents(
      this.rows(),
      this.sortKey(),
      this.direction(),
      this.sortKey() === 'timeInState' ? this.now() : 0,
      this.clockOffsetMs(),
    ),
  );

  protected readonly callState = currentCallStateLabel;

  protected skillsOf(userId: string): string {
    return skillsSummary(this.skills().get(userId) ?? []) || '—';
  }

  protected canAssist(call: AgentGridRow['currentCall']): boolean {
    return canAssist(call, this.monitorTeamIds());
  }

  protected elapsed(since: string): number | null {
    return timeInState(since, this.now(), this.clockOffsetMs());
  }

  protected teamsOf(row: AgentGridRow): string {
    const names = row.teamIds.map((id) => this.teamNames().get(id)).filter((name) => !!name);
    return names.length > 0 ? names.join(', ') : '—';
  }

  /** On a call or wrapping one up: only the call flow moves the agent then. */
  protected busy(row: AgentGridRow): boolean {
    return BUSY_STATUSES.includes(row.status);
  }

  protected act(kind: AgentAction['kind'], agent: AgentGridRow): void {
    this.agentAction.emit({ kind, agent });
  }

  protected sortBy(key: AgentSortKey): void {
    if (this.sortKey() === key) {
      this.direction.update((d) => (d === 'asc' ? 'desc' : 'asc'));
    } else {
      this.sortKey.set(key);
      this.direction.set('asc');
    }
  }

  protected ariaSort(key: AgentSortKey): 'ascending' | 'descending' | null {
    if (this.sortKey() !== key) return null;
    return this.direction() === 'asc' ? 'ascending' : 'descending';
  }
}
