import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  afterNextRender,
  computed,
  inject,
  signal,
} from '@angular/core';
import { Store } from '@ngrx/store';
import { Subscription, catchError, filter, map, of, startWith, switchMap } from 'rxjs';

import { AgentStatus, KpiFigures, PresenceView, TimeInState } from '@poscalls4u/contracts';
import { CALLS_CLOCK, selectPresence } from '@poscalls4u/web-calls';
import { afterNextPaint } from '@poscalls4u/web-core';
import { RealtimeClient } from '@poscalls4u/web-realtime';
import { StatsApi, formatPercent, formatSeconds } from '@poscalls4u/web-stats';

import { injectNow } from '../clock/clock';

/** One figure of the panel. */
interface Figure {
  id: string;
  label: string;
  display: string;
}

/**
 * The panel's figures from today's KPIs of the agent; with none yet (loading), the same labels
 * with a placeholder, so the panel keeps its size when the figures arrive (no layout shift).
 */
export function myDayFigures(today: KpiFigures | null): Figure[] {
  const shown = (value: (figures: KpiFigures) => string) => (today === null ? '…' : value(today));
  return [
    { id: 'handled', label: 'Handled', display: shown((t) => String(t.handled)) },
    {
      id: 'aht',
      label: 'Average handle time',
      display: shown((t) => formatSeconds(t.ahtSeconds)),
    },
    {
      id: 'talk',
      label: 'Average talk',
      display: shown((t) => formatSeconds(t.averageTalkSeconds)),
    },
    {
      id: 'hold',
      label: 'Average hold',
      display: shown((t) => formatSeconds(t.averageHoldSeconds)),
    },
    {
      id: 'acw',
      label: 'Average after-call work',
      display: shown((t) => formatSeconds(t.averageAfterCallWorkSeconds)),
    },
    {
      id: 'success',
      label: 'Success rate',
      display: shown((t) => formatPercent(t.successRatePercent)),
    },
    {
      id: 'qa',
      label: 'QA average',
      display: shown((t) => (t.averageQaScore === null ? '—' : String(t.averageQaScore))),
    },
    {
      id: 'occupancy',
      label: 'Occupancy',
      display: shown((t) => formatPercent(t.occupancyPercent)),
    },
    {
      id: 'available',
      label: 'Available',
      display: shown((t) => formatSeconds(t.timeInState.availableSeconds)),
    },
    {
      id: 'on-call',
      label: 'On call',
      display: shown((t) => formatSeconds(t.timeInState.onCallSeconds)),
    },
    {
      id: 'wrap-up',
      label: 'Wrap-up',
      display: shown((t) => formatSeconds(t.timeInState.wrapUpSeconds)),
    },
    {
      id: 'break',
      label: 'Break',
      display: shown((t) => formatSeconds(t.timeInState.breakSeconds)),
    },
  ];
}

/** Which time-in-state figure each state adds to (offline counts nowhere). */
const STATE_FIGURE: Record<AgentStatus, keyof TimeInState | null> = {
  available: 'availableSeconds',
  on_call: 'onCallSeconds',
  wrap_up: 'wrapUpSeconds',
  break: 'breakSeconds',
  offline: null,
};

/**
 * Today's figures as they are now: the API's figures count the current state up to the moment
 * they were sent (`receivedAt`); from then on (or from the state's start, if it began later) the
 * current state's time keeps counting here, second by second.
 */
export function withCurrentState(
  today: KpiFigures,
  presence: PresenceView | null,
  receivedAt: number,
  now: number,
): KpiFigures {
  const figure = presence === null ? null : STATE_FIGURE[presence.status];
  if (presence === null || figure === null) {
    return today;
  }
  const since = Date.parse(presence.since);
  const from = Number.isNaN(since) ? receivedAt : Math.max(receivedAt, since);
  const extra = Math.max(0, Math.floor((now - from) / 1000));
  return {
    ...today,
    timeInState: { ...today.timeInState, [figure]: today.timeInState[figure] + extra },
  };
}

/**
 * "My day": the agent's own figures for today, from `GET /api/stats/dashboard` (the agent
 * scope), then from the `dashboard:update` events of their own room on the shared connection
 * (and loaded again after a reconnect). Kept in the component: nothing else reads them.
 */
@Component({
  selector: 'pc-my-day',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="pc-my-day" aria-labelledby="my-day-title" data-testid="my-day">
      <h2 class="pc-my-day__title" id="my-day-title">My day</h2>
      @if (figures(); as figures) {
        <dl class="pc-my-day__figures">
          @for (figure of figures; track figure.id) {
            <div class="pc-my-day__figure" [attr.data-testid]="'my-day-' + figure.id">
              <dt>{{ figure.label }}</dt>
              <dd>{{ figure.display }}</dd>
            </div>
          }
        </dl>
      } @else if (failed()) {
        <p class="pc-my-day__note">Today's figures are not available right now.</p>
      } @else {
        <p class="pc-my-day__loading" role="status">Loading today's figures…</p>
        <!-- The panel at its final size while loading: the page below stays put. -->
        <dl class="pc-my-day__figures" aria-hidden="true">
          @for (figure of loading; track figure.id) {
            <div class="pc-my-day__figure">
              <dt>{{ figure.label }}</dt>
              <dd>{{ figure.display }}</dd>
            </div>
          }
        </dl>
      }
    </section>
  `,
  styles: `
    .pc-my-day {
      margin-bottom: 2rem;
    }
    .pc-my-day__title {
      margin: 0 0 0.75rem;
      font: var(--mat-sys-title-large);
    }
    .pc-my-day__figures {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(9rem, 1fr));
      gap: 0.5rem;
      margin: 0;
    }
    .pc-my-day__figure {
      padding: 0.5rem 0.75rem;
      border-radius: var(--mat-sys-corner-medium);
      background: var(--mat-sys-surface-container);
    }
    dt {
      font: var(--mat-sys-label-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    dd {
      margin: 0;
      font: var(--mat-sys-title-medium);
    }
    .pc-my-day__note {
      margin: 0;
      color: var(--mat-sys-on-surface-variant);
    }
    /* For screen readers: the figures' "…" show it on screen, in room kept for the figures. */
    .pc-my-day__loading {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip-path: inset(50%);
      white-space: nowrap;
    }
  `,
})
export class MyDayComponent {
  private readonly clock = inject(CALLS_CLOCK);
  private readonly now = injectNow();
  private readonly presence = inject(Store).selectSignal(selectPresence);
  private readonly today = signal<{ figures: KpiFigures; receivedAt: number } | null>(null);
  protected readonly failed = signal(false);
  protected readonly loading = myDayFigures(null);
  protected readonly figures = computed(() => {
    const today = this.today();
    return today === null
      ? null
      : myDayFigures(
          withCurrentState(today.figures, this.presence(), today.receivedAt, this.now()),
        );
  });

  constructor() {
    const api = inject(StatsApi);
    const client = inject(RealtimeClient);
    let load: Subscription | null = null;
    let live: Subscription | null = null;
    const destroyRef = inject(DestroyRef);
    destroyRef.onDestroy(() => {
      load?.unsubscribe();
      live?.unsubscribe();
    });
    // Read once the call screen is drawn (see AgentWorkspace): the panel shows its labels meanwhile.
    afterNextRender({
      read: () =>
        void afterNextPaint().then(() => {
          if (!destroyRef.destroyed) [load, live] = this.watch(api, client);
        }),
    });
  }

  /** Today's figures, read now and after each reconnect, then kept up to date by the events. */
  private watch(api: StatsApi, client: RealtimeClient): [Subscription, Subscription] {
    const messages$ = client.connect();
    const load = messages$
      .pipe(
        filter((message) => message.type === 'connected'),
        startWith(null),
        switchMap(() =>
          api.dashboard().pipe(
            map((view) => (view.scope === 'agent' ? view.today : null)),
            catchError(() => of(undefined)),
          ),
        ),
      )
      .subscribe((today) => {
        // undefined: the request failed; null: not an agent's own figures (a supervisor's).
        this.failed.set(today === undefined);
        this.receive(today ?? null);
      });
    const live = messages$.subscribe((message) => {
      if (message.type === 'dashboard:update' && message.payload.scope.kind === 'agent') {
        this.receive(message.payload.today);
      }
    });
    return [load, live];
  }

  private receive(figures: KpiFigures | null): void {
    this.today.set(figures === null ? null : { figures, receivedAt: this.clock() });
  }
}
