import { Component, DestroyRef, afterNextRender, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog, MatDialogRef } from '@angular/material/dialog';
import { NavigationEnd, Router, RouterLink, RouterOutlet } from '@angular/router';
import { Store } from '@ngrx/store';
import { filter, map } from 'rxjs';

import {
  CallsActions,
  callStateLabel,
  selectBusy,
  selectCallPhase,
  selectCallerHistory,
  selectCurrent,
  selectOfferExpiresAt,
} from '@poscalls4u/web-calls';
import { afterNextPaint } from '@poscalls4u/web-core';

import { AlertSettingsComponent } from '../alerts/alert-settings';
import { OfferAlerts } from '../alerts/offer-alerts';
import { RingTone } from '../alerts/ring-tone';
import { ShortcutCommand, shortcutFor } from '../alerts/shortcuts';
import { ShortcutsHelpComponent } from '../alerts/shortcuts-help';
import { CallCommands } from '../calls/call-commands';
import { OfferPanelComponent } from '../calls/offer-panel';

/** The path of the call screen (the console's home). */
const CALL_SCREEN = '/';

/**
 * The frame of every signed-in page of the agent console. It keeps the live connection open on
 * every page, so a call that rings while the agent is on Profile shows here as a banner (with
 * the ring tone, the flashing title and a desktop notification: `OfferAlerts`), and the keyboard
 * shortcuts work wherever the agent is. The call screen itself shows the offer in full.
 */
@Component({
  selector: 'pc-agent-workspace',
  imports: [RouterOutlet, RouterLink, MatButtonModule, AlertSettingsComponent, OfferPanelComponent],
  providers: [OfferAlerts],
  host: {
    '(document:keydown)': 'onKeydown($event)',
    '(document:pointerdown)': 'primeRing()',
  },
  template: `
    <pc-alert-settings (showShortcuts)="toggleShortcuts()" />
    @if (!onCallScreen()) {
      @if (call(); as call) {
        @if (phase() === 'ringing') {
          <section
            class="pc-workspace__banner"
            aria-label="Incoming call"
            data-testid="offer-banner"
          >
            <pc-offer-panel
              [call]="call"
              [expiresAt]="offerExpiresAt()"
              [history]="callerHistory()"
              [busy]="busy()"
              [takeFocus]="false"
              (answer)="act(call.id, 'answer')"
              (reject)="act(call.id, 'reject')"
            />
          </section>
        } @else if (phase() !== 'idle') {
          <section class="pc-workspace__strip" aria-label="Current call" data-testid="call-strip">
            <span
              >{{ phase() === 'wrap-up' ? 'Wrap-up of the call with' : 'On a call with' }}
              {{ call.direction === 'inbound' ? call.from : call.to }} ·
              <span data-testid="call-strip-state">{{ stateLabel(call.state) }}</span></span
            >
            <a mat-flat-button routerLink="/" data-testid="back-to-call">Go to the call</a>
          </section>
        }
      }
    }
    <router-outlet />
    <p class="pc-visually-hidden" aria-live="assertive" data-testid="offer-announcement">
      {{ announcement() }}
    </p>
  `,
  styles: `
    :host {
      display: block;
    }
    pc-alert-settings {
      display: block;
      margin-bottom: 0.5rem;
    }
    .pc-workspace__banner,
    .pc-workspace__strip {
      position: sticky;
      top: 0;
      z-index: 2;
      margin-bottom: 1rem;
      padding: 1rem 1.5rem;
      border-radius: var(--mat-sys-corner-large);
      box-shadow: var(--mat-sys-level2);
    }
    .pc-workspace__banner {
      background: var(--mat-sys-primary-container);
      color: var(--mat-sys-on-primary-container);
    }
    .pc-workspace__strip {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: 0.75rem;
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
    }
  `,
})
export class AgentWorkspace {
  private readonly store = inject(Store);
  private readonly router = inject(Router);
  private readonly dialog = inject(MatDialog);
  private readonly commands = inject(CallCommands);
  private readonly ring = inject(RingTone);
  private help: MatDialogRef<ShortcutsHelpComponent> | null = null;

  protected readonly call = this.store.selectSignal(selectCurrent);
  protected readonly phase = this.store.selectSignal(selectCallPhase);
  protected readonly offerExpiresAt = this.store.selectSignal(selectOfferExpiresAt);
  protected readonly callerHistory = this.store.selectSignal(selectCallerHistory);
  protected readonly busy = this.store.selectSignal(selectBusy);
  protected readonly stateLabel = callStateLabel;

  private readonly path = toSignal(
    this.router.events.pipe(
      filter((event) => event instanceof NavigationEnd),
      map((event) => event.urlAfterRedirects),
    ),
    { initialValue: this.router.url },
  );
  protected readonly onCallScreen = computed(
    () => (this.path().split(/[?#]/)[0] ?? '') === CALL_SCREEN,
  );

  /** Read out by screen readers the moment a call rings, on any page. */
  protected readonly announcement = computed(() => {
    const call = this.call();
    return this.phase() === 'ringing' && call !== null
      ? `Incoming call from ${call.from} for ${call.teamName}`
      : '';
  });

  constructor() {
    inject(OfferAlerts);
    // The page is drawn first; its reads and the live connection start just after (a frame
    // later), so that on a phone their requests and answers do not hold back its first paint.
    const destroyRef = inject(DestroyRef);
    afterNextRender({
      read: () =>
        void afterNextPaint().then(() => {
          if (!destroyRef.destroyed) this.store.dispatch(CallsActions.screenOpened());
        }),
    });
  }

  protected act(callId: string, action: 'answer' | 'reject'): void {
    this.store.dispatch(CallsActions.actOnCall({ callId, action }));
  }

  /** The first gesture on any page lets the ring tone play later (see `RingTone.prime`). */
  protected primeRing(): void {
    this.ring.prime();
  }

  protected onKeydown(event: KeyboardEvent): void {
    this.primeRing();
    const command = shortcutFor(event);
    if (command !== null && this.run(command)) {
      event.preventDefault();
    }
  }

  protected toggleShortcuts(): void {
    if (this.help !== null) {
      this.help.close();
      return;
    }
    this.help = this.dialog.open(ShortcutsHelpComponent, { autoFocus: 'dialog' });
    this.help.afterClosed().subscribe(() => (this.help = null));
  }

  /** Runs a shortcut when it applies to the call as it is; answers whether it did anything. */
  private run(command: ShortcutCommand): boolean {
    if (command === 'help') {
      this.toggleShortcuts();
      return true;
    }
    const call = this.call();
    if (call === null) {
      return false;
    }
    // Taking the agent to the wrap-up form changes nothing on the call: it must not wait for the
    // end's answer still in flight (the call shows Wrap-up from the live event before it).
    if (command === 'wrap-up' && call.state === 'wrap_up' && !this.onCallScreen()) {
      void this.router.navigateByUrl(CALL_SCREEN);
      return true;
    }
    if (this.busy()) {
      return false;
    }
    switch (command) {
      case 'answer':
      case 'reject':
        if (call.state !== 'offered') return false;
        this.act(call.id, command);
        return true;
      case 'hold-resume':
        if (call.state !== 'connected' && call.state !== 'on_hold') return false;
        this.store.dispatch(
          CallsActions.actOnCall({
            callId: call.id,
            action: call.state === 'connected' ? 'hold' : 'resume',
          }),
        );
        return true;
      case 'end':
        if (call.state !== 'connected' && call.state !== 'on_hold') return false;
        this.store.dispatch(CallsActions.actOnCall({ callId: call.id, action: 'end' }));
        return true;
      case 'wrap-up':
        // On the call screen the form holds the disposition: the shortcut submits it (elsewhere
        // the agent was taken to it above, and the form takes the focus).
        if (call.state !== 'wrap_up') return false;
        this.commands.wrapUpRequested.next();
        return true;
    }
  }
}
