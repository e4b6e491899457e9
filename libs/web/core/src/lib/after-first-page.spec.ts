import { ApplicationRef, Component, Injector } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';

import { afterFirstPage, afterNextPaint } from './after-first-page';

@Component({ selector: 'pc-test-page', template: 'page' })
class TestPage {}

describe('afterFirstPage', () => {
  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideRouter([{ path: '', component: TestPage }])],
    });
  });

  it('waits for the first navigation, then resolves after the next render', async () => {
    const injector = TestBed.inject(Injector);
    const router = TestBed.inject(Router);
    let done = false;
    const shown = afterFirstPage(injector).then(() => (done = true));

    await Promise.resolve();
    expect(done).toBe(false);

    await router.navigateByUrl('/');
    TestBed.inject(ApplicationRef).tick();
    await shown;
    expect(done).toBe(true);
  });

  it('does not wait for a navigation when one has already ended', async () => {
    await TestBed.inject(Router).navigateByUrl('/');
    const shown = afterFirstPage(TestBed.inject(Injector));
    TestBed.inject(ApplicationRef).tick();
    await expect(shown).resolves.toBeUndefined();
  });

  it('resolves after the next frame, or after a while when no frame comes', async () => {
    await expect(afterNextPaint()).resolves.toBeUndefined();
    const frame = window.requestAnimationFrame;
    // A hidden tab: no frame is ever drawn.
    window.requestAnimationFrame = () => 0;
    try {
      await expect(afterNextPaint()).resolves.toBeUndefined();
    } finally {
      window.requestAnimationFrame = frame;
    }
  });
});
