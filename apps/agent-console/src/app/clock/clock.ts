import { DestroyRef, Signal, inject, signal } from '@angular/core';

import { CALLS_CLOCK } from '@poscalls4u/web-calls';

/**
 * The time now, as a signal that ticks every second while the component lives: the offer
 * countdown and the call timer re-render from it. Call in an injection context.
 */
export function injectNow(periodMs = 1000): Signal<number> {
  const clock = inject(CALLS_CLOCK);
  const now = signal(clock());
  const timer = setInterval(() => now.set(clock()), periodMs);
  inject(DestroyRef).onDestroy(() => clearInterval(timer));
  return now.asReadonly();
}
