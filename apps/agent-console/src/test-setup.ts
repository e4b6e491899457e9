import { setupZonelessTestEnv } from 'jest-preset-angular/setup-env/zoneless';

setupZonelessTestEnv();

// jsdom lays nothing out, so it has no IntersectionObserver: `@defer (on viewport)` blocks then
// keep their placeholder, as below the fold (a spec draws them with `DeferBlockFixture.render`).
class NothingIntersects implements IntersectionObserver {
  readonly root = null;
  readonly rootMargin = '0px';
  readonly scrollMargin = '0px';
  readonly thresholds: readonly number[] = [0];
  observe(): void {
    // Nothing is ever in view.
  }
  unobserve(): void {
    // Nothing was observed.
  }
  disconnect(): void {
    // Nothing to stop.
  }
  takeRecords(): IntersectionObserverEntry[] {
    return [];
  }
}
Object.defineProperty(window, 'IntersectionObserver', { value: NothingIntersects, writable: true });
