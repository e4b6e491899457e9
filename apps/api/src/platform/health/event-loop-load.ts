import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { type ELDHistogram, monitorEventLoopDelay } from 'node:perf_hooks';

import { APP_CONFIG, type AppConfig } from '@poscalls4u/server-config';

/** How often the delay is judged; each judgement covers the window since the last one. */
const WINDOW_MS = 500;

/**
 * Whether this process is too busy to take more work, judged by its event loop: when the mean
 * delay of the loop's timers over the last half second passed `SHED_EVENT_LOOP_DELAY`, every
 * request already in the process waits that long again for each step it takes, so accepting
 * more only makes all of them later. The fault suite's burst showed requests waiting for CPU
 * before any queue of ours could refuse them; this is the signal that sees that wait.
 *
 * Node's own `monitorEventLoopDelay` measures; the mean (not the p99) is judged so that one long
 * task (a large CSV, a GC pause) does not shed a whole window.
 */
@Injectable()
export class EventLoopLoad implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Load');
  private readonly maxDelayMs?: number;
  private histogram?: ELDHistogram;
  private timer?: NodeJS.Timeout;
  private busy = false;
  /** Requests refused while busy, reported when the busy spell ends. */
  private shedInSpell = 0;
  private spellSince = 0;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.maxDelayMs = config.http.shedEventLoopDelayMs;
  }

  onModuleInit(): void {
    if (this.maxDelayMs === undefined) return;
    this.histogram = monitorEventLoopDelay({ resolution: 10 });
    this.histogram.enable();
    this.timer = setInterval(() => this.judge(), WINDOW_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
    this.histogram?.disable();
  }

  /** True while the last window's mean delay passed the bound (never when shedding is off). */
  get overloaded(): boolean {
    return this.busy;
  }

  /** Counts one request refused because of the load (for the log line at the spell's end). */
  countShed(): void {
    this.shedInSpell += 1;
  }

  private judge(): void {
    const histogram = this.histogram;
    if (!histogram || this.maxDelayMs === undefined) return;
    // The histogram is in nanoseconds; an empty window (no timer fired) counts as busy.
    const meanMs = histogram.count > 0 ? histogram.mean / 1e6 : Number.POSITIVE_INFINITY;
    histogram.reset();
    const busy = meanMs > this.maxDelayMs;
    if (busy && !this.busy) {
      this.spellSince = Date.now();
      this.shedInSpell = 0;
      this.logger.warn(
        `Event loop delay ${Number.isFinite(meanMs) ? Math.round(meanMs) : 'over ' + WINDOW_MS} ms (bound ${this.maxDelayMs} ms): shedding new PBX posts with 503 until it falls`,
      );
    } else if (!busy && this.busy) {
      this.logger.log(
        `Event loop delay back under ${this.maxDelayMs} ms after ${Date.now() - this.spellSince} ms; ${this.shedInSpell} requests were shed`,
      );
    }
    this.busy = busy;
  }
}
