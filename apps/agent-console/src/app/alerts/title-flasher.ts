import { Injectable, inject } from '@angular/core';
import { Title } from '@angular/platform-browser';

const FLASH_PERIOD_MS = 1000;

/**
 * Flashes the tab's title between a message and the page's own title (a ringing call shows in
 * the tab strip even when the agent works in another tab); `stop()` puts the title back.
 */
@Injectable({ providedIn: 'root' })
export class TitleFlasher {
  private readonly title = inject(Title);
  private timer: ReturnType<typeof setInterval> | null = null;
  private original = '';

  start(message: string): void {
    this.stop();
    this.original = this.title.getTitle();
    let showing = true;
    this.title.setTitle(message);
    this.timer = setInterval(() => {
      showing = !showing;
      this.title.setTitle(showing ? message : this.original);
    }, FLASH_PERIOD_MS);
  }

  stop(): void {
    if (this.timer === null) {
      return;
    }
    clearInterval(this.timer);
    this.timer = null;
    this.title.setTitle(this.original);
  }
}
