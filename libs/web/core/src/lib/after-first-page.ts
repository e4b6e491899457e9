import { Injector, afterNextRender } from '@angular/core';
import {
  NavigationCancel,
  NavigationEnd,
  NavigationError,
  NavigationSkipped,
  Router,
} from '@angular/router';
import { filter, firstValueFrom } from 'rxjs';

/** How long work waiting for an idle moment waits at most (a busy page still gets it). */
const IDLE_TIMEOUT_MS = 2_000;

/**
 * Resolves once the console's first page has been drawn and the browser has an idle moment: for
 * what every signed-in page wants soon but none needs for its first paint (the chat's unread
 * count and the notification bell, with their code and socket). Started earlier, their download
 * and start-up run while the first page waits for its own code and reads, and push its paint back
 * (on a phone, by seconds).
 */
export async function afterFirstPage(injector: Injector): Promise<void> {
  const router = injector.get(Router);
  if (!router.navigated) {
    await firstValueFrom(
      router.events.pipe(
        filter(
          (event) =>
            event instanceof NavigationEnd ||
            event instanceof NavigationCancel ||
            event instanceof NavigationError ||
            event instanceof NavigationSkipped,
        ),
      ),
    );
  }
  // The page the navigation activated is drawn in the render after it.
  await new Promise<void>((drawn) => afterNextRender({ read: () => drawn() }, { injector }));
  await idle();
}

/** The browser's next idle moment (`requestIdleCallback`, or a task where it is missing). */
function idle(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestIdleCallback === 'function') {
      requestIdleCallback(() => resolve(), { timeout: IDLE_TIMEOUT_MS });
    } else {
      setTimeout(resolve, 0);
    }
  });
}

/** How long `afterNextPaint` waits for a frame (a hidden tab draws none). */
const PAINT_TIMEOUT_MS = 100;

/**
 * Resolves once the browser has shown its next frame (at the second animation frame from now: the
 * first one's paint is then on screen), or after 100 ms in a tab that draws no frames (hidden). A
 * page that starts its reads here is on screen before their requests and answers compete with
 * drawing it; they start a frame or two later.
 */
export function afterNextPaint(): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, PAINT_TIMEOUT_MS);
    if (typeof requestAnimationFrame !== 'function') return;
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        clearTimeout(timer);
        resolve();
      }),
    );
  });
}
