import { Component, computed, input, linkedSignal, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';

import { AssistMode, CallView } from '@poscalls4u/contracts';
import { callStateLabel, formatDuration } from '@poscalls4u/web-calls';

import { injectNow } from '../clock/clock';

/**
 * What the agent can do on a live call: hold, resume, mute, unmute, end; and while an outbound
 * call dials without a PBX to report it, say whether the callee picked up (`connected`) or not
 * (`failed`).
 */
export type LiveCallAction = 'hold' | 'resume' | 'mute' | 'unmute' | 'end' | 'connected' | 'failed';

/** What the agent is told of a supervisor's assist, by mode. */
const SUPERVISOR_NOTICE: Record<AssistMode, string> = {
  listen: 'A supervisor is listening to this call.',
  whisper: 'A supervisor is coaching you: you hear them, the caller does not.',
  barge: 'A supervisor has joined the call: the caller hears them too.',
};

/** The keypad, in a phone's order. */
const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;

/** Seconds since the call was answered (or, while dialing, since it started). */
function elapsedSeconds(call: CallView, now: number): number {
  const since = Date.parse(call.answeredAt ?? call.createdAt);
  return Number.isNaN(since) ? 0 : Math.max(0, Math.floor((now - since) / 1000));
}

/** The live call: who, the timer, Hold / Resume, Mute / Unmute, End and a DTMF keypad. */
@Component({
  selector: 'pc-live-call-panel',
  imports: [MatButtonModule],
  template: `
    <div class="pc-live" data-testid="live-call">
      <div class="pc-live__head">
        <h2 class="pc-live__title">
          {{ call().direction === 'inbound' ? 'Call with' : 'Calling' }}
        </h2>
        <span
          class="pc-live__state"
          data-testid="live-call-state"
          [attr.data-state]="call().state"
          >{{ stateLabel() }}</span
        >
      </div>
      <p class="pc-live__number" data-testid="live-call-number">{{ number() }}</p>
      <p class="pc-live__team">{{ call().teamName }}</p>
      <p class="pc-live__timer">
        <span class="pc-visually-hidden">Call time</span>
        <span role="timer" data-testid="call-timer">{{ elapsed() }}</span>
      </p>
      <div class="pc-live__actions">
        @if (call().state === 'connected' || call().state === 'on_hold') {
          <!-- One button for both: it keeps the keyboard focus as the call goes on and off hold. -->
          <button
            mat-stroked-button
            type="button"
            [attr.data-testid]="call().state === 'on_hold' ? 'resume-call' : 'hold-call'"
            [disabled]="busy() || call().consult !== null || inConference()"
            (click)="act.emit(call().state === 'on_hold' ? 'resume' : 'hold')"
          >
            {{ call().state === 'on_hold' ? 'Resume' : 'Hold' }}
          </button>
          <button
            mat-stroked-button
            type="button"
            [attr.data-testid]="call().muted ? 'unmute-call' : 'mute-call'"
            [attr.aria-pressed]="call().muted"
            [disabled]="busy()"
            (click)="act.emit(call().muted ? 'unmute' : 'mute')"
          >
            {{ call().muted ? 'Unmute' : 'Mute' }}
          </button>
        }
        @if (call().state !== 'dialing') {
          <button
            mat-flat-button
            type="button"
            class="pc-live__end"
            data-testid="end-call"
            [disabled]="busy() || call().consult !== null"
            (click)="act.emit('end')"
          >
            End call
          </button>
        } @else {
          <button
            mat-flat-button
            type="button"
            data-testid="outbound-connected"
            [disabled]="busy()"
            (click)="act.emit('connected')"
          >
            Picked up
          </button>
          <button
            mat-stroked-button
            type="button"
            data-testid="outbound-failed"
            [disabled]="busy()"
            (click)="act.emit('failed')"
          >
            No answer
          </button>
        }
      </div>
      @if (supervisor(); as mode) {
        <p
          class="pc-live__supervisor"
          role="status"
          data-testid="supervisor-notice"
          [attr.data-mode]="mode"
        >
          {{ supervisorNotice[mode] }}
        </p>
      }
      @if (call().muted) {
        <p class="pc-live__muted" role="status" data-testid="muted-notice">
          Muted: the caller does not hear you.
        </p>
      }
      @if (call().state === 'connected') {
        <!-- Each key is sent as pressed, as on a phone: an IVR reacts to the first digit. -->
        <div class="pc-keypad" role="group" aria-label="Keypad" data-testid="keypad">
          @for (key of keys; track key) {
            <button
              mat-stroked-button
              type="button"
              class="pc-keypad__key"
              [attr.data-testid]="'key-' + key"
              [attr.aria-label]="'Key ' + key"
              (click)="sendKey(key)"
            >
              {{ key }}
            </button>
          }
        </div>
        @if (sent()) {
          <p class="pc-keypad__sent" data-testid="keypad-sent" aria-live="polite">
            Sent: {{ sent() }}
          </p>
        }
      }
    </div>
  `,
  styles: `
    .pc-live__head {
      display: flex;
      align-items: center;
      gap: 0.75rem;
    }
    .pc-live__title {
      margin: 0;
      font: var(--mat-sys-title-medium);
    }
    .pc-live__state {
      padding: 0.125rem 0.625rem;
      border-radius: var(--mat-sys-corner-full);
      background: var(--mat-sys-tertiary-container);
      color: var(--mat-sys-on-tertiary-container);
      font: var(--mat-sys-label-large);
    }
    /* Talking and holding must not look alike: a held caller waits on the agent. */
    .pc-live__state[data-state='connected'] {
      background: var(--mat-sys-primary-container);
      color: var(--mat-sys-on-primary-container);
    }
    .pc-live__state[data-state='on_hold'] {
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    .pc-live__number {
      margin: 0.5rem 0 0;
      font: var(--mat-sys-headline-medium);
    }
    .pc-live__team {
      margin: 0;
      color: var(--mat-sys-on-surface-variant);
    }
    .pc-live__timer {
      margin: 1rem 0;
      font: var(--mat-sys-display-small);
      font-variant-numeric: tabular-nums;
    }
    .pc-live__actions {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.75rem;
    }
    .pc-live__supervisor {
      margin: 0.75rem 0 0;
      padding: 0.5rem 0.75rem;
      border-radius: var(--mat-sys-corner-small);
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
      font: var(--mat-sys-label-large);
    }
    .pc-live__muted {
      margin: 0.75rem 0 0;
      color: var(--mat-sys-error);
      font: var(--mat-sys-label-large);
    }
    .pc-keypad {
      display: grid;
      grid-template-columns: repeat(3, 3.5rem);
      gap: 0.5rem;
      margin-top: 1rem;
    }
    .pc-keypad__key {
      min-width: 0;
      font-variant-numeric: tabular-nums;
    }
    .pc-keypad__sent {
      margin: 0.5rem 0 0;
      font-variant-numeric: tabular-nums;
      color: var(--mat-sys-on-surface-variant);
    }
    .pc-live__end {
      --mat-button-filled-container-color: var(--mat-sys-error);
      --mat-button-filled-label-text-color: var(--mat-sys-on-error);
    }
  `,
})
export class LiveCallPanelComponent {
  readonly call = input.required<CallView>();
  readonly busy = input(false);
  /** How a supervisor assists the call, when the organisation tells agents; null otherwise. */
  readonly supervisor = input<AssistMode | null>(null);
  readonly act = output<LiveCallAction>();
  /** A keypad key pressed: one DTMF digit. */
  readonly dtmf = output<string>();

  protected readonly keys = KEYS;
  protected readonly supervisorNotice = SUPERVISOR_NOTICE;
  /** The keys pressed on this call (for the agent to check), the last 32; empty on a new call. */
  protected readonly sent = linkedSignal({ source: () => this.call().id, computation: () => '' });

  private readonly now = injectNow();

  protected sendKey(key: string): void {
    this.sent.update((keys) => (keys + key).slice(-32));
    this.dtmf.emit(key);
  }

  protected readonly elapsed = computed(() =>
    formatDuration(elapsedSeconds(this.call(), this.now())),
  );
  protected readonly stateLabel = computed(() => callStateLabel(this.call().state));
  /** A conference is on: hold would leave the other parties talking without the caller. */
  protected readonly inConference = computed(() => {
    const conference = this.call().conference;
    return conference !== null && conference.endedAt === null;
  });
  /** The other party: the caller of an inbound call, the callee of an outbound one. */
  protected readonly number = computed(() =>
    this.call().direction === 'inbound' ? this.call().from : this.call().to,
  );
}
