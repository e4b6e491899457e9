import { DestroyRef, Signal, inject, signal } from '@angular/core';

import { STATS_CLOCK } from '@poscalls4u/web-stats';

/**
 * The time now, as a signal that ticks every second while the component lives: the waiting
 * times and the agents' time in state re-render from it. Call in an injection context.
 */
export function injectNow(periodMs = 1000): Signal<number> {
  const clock = inject(STATS_CLOCK);
  const now = signal(clock());
  const timer = setInterval(() => now.set(clock()), periodMs);
  inject(DestroyRef).onDestroy(() => clearInterval(timer));
  return now.asReadonly();
}

/** Seconds from an API instant until now, now read on the API's clock (`offsetMs`). */
export function secondsSince(instant: string, now: number, offsetMs: number): number {
  const at = Date.parse(instant);
  return Number.isNaN(at) ? 0 : Math.max(0, (now + offsetMs - at) / 1000);
}
