import { ChangeDetectionStrategy, Component, input } from '@angular/core';

import { AgentsByState } from '@poscalls4u/contracts';
import { KpiTile } from '@poscalls4u/web-stats';

/**
 * The KPI tiles. Off target shows in colour and also as an icon and words ("Off target"), so
 * that it does not rest on colour alone.
 */
@Component({
  selector: 'pc-kpi-tiles',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ul class="pc-tiles" aria-label="Today's figures" [attr.aria-busy]="loading() || null">
      @for (tile of tiles(); track tile.id) {
        <!-- While loading, the tiles are names only: nothing to read a figure from. -->
        <li
          class="pc-tile"
          [class.pc-tile--off]="tile.status === 'off'"
          [class.pc-tile--ok]="tile.status === 'ok'"
          [attr.data-testid]="loading() ? null : 'kpi-' + tile.id"
          [attr.data-value]="loading() ? null : (tile.value ?? '')"
          [attr.data-status]="loading() ? null : tile.status"
        >
          <span class="pc-tile__label">{{ tile.label }}</span>
          <span
            class="pc-tile__value"
            [attr.data-testid]="loading() ? null : 'kpi-value'"
            [attr.aria-hidden]="loading() || null"
            >{{ tile.display }}</span
          >
          @if (tile.target; as target) {
            <span class="pc-tile__target">
              @switch (tile.status) {
                @case ('off') {
                  <span aria-hidden="true">▼</span> Off target ·
                }
                @case ('ok') {
                  <span aria-hidden="true">✓</span> On target ·
                }
                @case ('none') {}
              }
              {{ target }}
            </span>
          }
        </li>
      }
      @if (agents(); as agents) {
        <li class="pc-tile pc-tile--wide" data-testid="kpi-agents">
          <span class="pc-tile__label">Agents by state</span>
          <span class="pc-tile__states">
            <span data-testid="agents-available" [attr.data-value]="agents.available"
              >{{ agents.available }} available</span
            >
            <span data-testid="agents-on-call" [attr.data-value]="agents.onCall"
              >{{ agents.onCall }} on call</span
            >
            <span data-testid="agents-wrap-up" [attr.data-value]="agents.wrapUp"
              >{{ agents.wrapUp }} wrap-up</span
            >
            <span data-testid="agents-break" [attr.data-value]="agents.break"
              >{{ agents.break }} on break</span
            >
            <span data-testid="agents-offline" [attr.data-value]="agents.offline"
              >{{ agents.offline }} offline</span
            >
          </span>
        </li>
      }
    </ul>
  `,
  styles: `
    .pc-tiles {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr));
      gap: 0.75rem;
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .pc-tile {
      display: flex;
      flex-direction: column;
      gap: 0.25rem;
      padding: 0.75rem 1rem;
      border: 2px solid transparent;
      border-radius: var(--mat-sys-corner-medium);
      background: var(--mat-sys-surface-container);
    }
    .pc-tile--wide {
      grid-column: span 2;
    }
    .pc-tile--ok {
      border-color: var(--mat-sys-primary);
    }
    .pc-tile--off {
      border-color: var(--mat-sys-error);
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    .pc-tile__label {
      font: var(--mat-sys-label-large);
    }
    .pc-tile__value {
      font: var(--mat-sys-headline-small);
    }
    .pc-tile__target {
      font: var(--mat-sys-body-small);
    }
    .pc-tile__states {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem 1rem;
      font: var(--mat-sys-body-medium);
    }
  `,
})
export class KpiTilesComponent {
  readonly tiles = input.required<KpiTile[]>();
  readonly agents = input<AgentsByState | null>(null);
  /** The figures are on their way: `tiles` are their names (`loadingKpiTiles`). */
  readonly loading = input(false);
}
