import { Component, inject, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';

import { DesktopNotifier } from './desktop-notifier';
import { RingTone } from './ring-tone';

/**
 * The agent's choices about how calls reach them: the ring tone on or off, desktop alerts (asked
 * for only when the agent clicks, never on load) and the list of keyboard shortcuts.
 */
@Component({
  selector: 'pc-alert-settings',
  imports: [MatButtonModule],
  template: `
    <div class="pc-alert-settings" role="group" aria-label="Call alerts">
      <button
        mat-button
        type="button"
        data-testid="ring-toggle"
        [attr.aria-pressed]="!ring.muted()"
        (click)="ring.setMuted(!ring.muted())"
      >
        {{ ring.muted() ? 'Ring tone off' : 'Ring tone on' }}
      </button>
      @switch (notifier.permission()) {
        @case ('default') {
          <button
            mat-button
            type="button"
            data-testid="enable-desktop-alerts"
            (click)="notifier.askPermission()"
          >
            Turn on desktop alerts
          </button>
        }
        @case ('granted') {
          <span class="pc-alert-settings__note" data-testid="desktop-alerts-on"
            >Desktop alerts on</span
          >
        }
        @case ('denied') {
          <span class="pc-alert-settings__note" data-testid="desktop-alerts-blocked"
            >Desktop alerts blocked in this browser's site settings</span
          >
        }
      }
      <button
        mat-button
        type="button"
        data-testid="show-shortcuts"
        aria-keyshortcuts="?"
        (click)="showShortcuts.emit()"
      >
        Shortcuts (?)
      </button>
    </div>
  `,
  styles: `
    .pc-alert-settings {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: flex-end;
      gap: 0.25rem 0.5rem;
    }
    .pc-alert-settings__note {
      font: var(--mat-sys-label-large);
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class AlertSettingsComponent {
  protected readonly ring = inject(RingTone);
  protected readonly notifier = inject(DesktopNotifier);
  readonly showShortcuts = output();
}
