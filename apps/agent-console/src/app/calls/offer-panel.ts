import {
  Component,
  ElementRef,
  afterNextRender,
  computed,
  input,
  linkedSignal,
  output,
  viewChild,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';

import { CallView, CallerHistory } from '@poscalls4u/contracts';

import { injectNow } from '../clock/clock';
import { CallerHistoryComponent } from './caller-history';

/**
 * A call ringing at the agent: who calls (and their earlier calls to the team), for which team,
 * how long is left, Answer or Reject.
 */
@Component({
  selector: 'pc-offer-panel',
  imports: [CallerHistoryComponent, MatButtonModule, MatProgressBarModule],
  template: `
    <div class="pc-offer" data-testid="offer-panel">
      <h2 class="pc-offer__title" id="offer-title">Incoming call</h2>
      <p class="pc-offer__number" data-testid="offer-from">{{ call().from }}</p>
      <p class="pc-offer__team">
        For <span data-testid="offer-team">{{ call().teamName }}</span>
      </p>
      @if (history(); as history) {
        <pc-caller-history [history]="history" />
      }
      @if (expiresAt() !== null) {
        <mat-progress-bar
          mode="determinate"
          [value]="percentLeft()"
          aria-label="Time left to answer"
        />
        <p class="pc-offer__countdown" data-testid="offer-countdown">
          {{ secondsLeft() }} s left to answer
        </p>
      }
      <div class="pc-offer__actions">
        <button
          #answerButton
          mat-flat-button
          type="button"
          data-testid="answer-call"
          [disabled]="busy()"
          (click)="answer.emit()"
        >
          Answer
        </button>
        <button
          mat-stroked-button
          type="button"
          data-testid="reject-call"
          [disabled]="busy()"
          (click)="reject.emit()"
        >
          Reject
        </button>
      </div>
    </div>
  `,
  styles: `
    .pc-offer__title {
      margin: 0;
      font: var(--mat-sys-title-medium);
      color: var(--mat-sys-primary);
    }
    .pc-offer__number {
      margin: 0.5rem 0 0;
      font: var(--mat-sys-headline-medium);
    }
    .pc-offer__team {
      margin: 0 0 1rem;
      color: var(--mat-sys-on-surface-variant);
    }
    .pc-offer__countdown {
      margin: 0.5rem 0 1rem;
      font: var(--mat-sys-body-medium);
    }
    .pc-offer__actions {
      display: flex;
      gap: 0.75rem;
    }
  `,
})
export class OfferPanelComponent {
  readonly call = input.required<CallView>();
  /** Epoch ms when it stops ringing; null when unknown. */
  readonly expiresAt = input.required<number | null>();
  readonly busy = input(false);
  /** The caller's earlier calls; null until known. */
  readonly history = input<CallerHistory | null>(null);
  /**
   * The call screen gives Answer the focus (Enter answers); the banner on other pages does not,
   * so that a key meant for the form the agent is typing in never answers a call.
   */
  readonly takeFocus = input(true);
  readonly answer = output();
  readonly reject = output();

  private readonly now = injectNow();
  private readonly answerButton = viewChild('answerButton', {
    read: ElementRef<HTMLButtonElement>,
  });

  protected readonly secondsLeft = computed(() => {
    const expiresAt = this.expiresAt();
    return expiresAt === null ? 0 : Math.max(0, Math.ceil((expiresAt - this.now()) / 1000));
  });
  /** The countdown's full length: the seconds left when this offer first showed. */
  private readonly secondsAtStart = linkedSignal({
    source: () => this.call().id,
    computation: () => Math.max(1, this.secondsLeft()),
  });
  protected readonly percentLeft = computed(
    () => (100 * this.secondsLeft()) / this.secondsAtStart(),
  );

  constructor() {
    // The agent can answer with Enter or Space straight away, without reaching for the mouse.
    afterNextRender(() => {
      if (this.takeFocus()) {
        this.answerButton()?.nativeElement.focus();
      }
    });
  }
}
