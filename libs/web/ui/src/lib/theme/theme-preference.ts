import { DOCUMENT } from '@angular/common';
import { Injectable, computed, inject, signal } from '@angular/core';

/** `system` follows the device's light or dark setting; the others hold whatever it says. */
export type ThemeMode = 'system' | 'light' | 'dark';

const THEME_MODES: readonly ThemeMode[] = ['system', 'light', 'dark'];

/** Where the choice is remembered, per browser (both consoles share it: same origin). */
export const THEME_STORAGE_KEY = 'poscalls4u-theme';

/**
 * The person's colour theme. The stylesheet follows `color-scheme` (Material's colours are
 * `light-dark()` pairs): `html[data-theme]` pins light or dark, its absence follows the system.
 */
@Injectable({ providedIn: 'root' })
export class ThemePreference {
  private readonly root = inject(DOCUMENT).documentElement;
  private readonly storage = inject(DOCUMENT).defaultView?.localStorage ?? null;
  readonly mode = signal<ThemeMode>(this.stored());
  private readonly systemDark = signal(false);
  /** Whether dark colours are on screen now (for what CSS cannot colour: charts on a canvas). */
  readonly dark = computed(
    () => this.mode() === 'dark' || (this.mode() === 'system' && this.systemDark()),
  );

  constructor() {
    this.apply(this.mode());
    const query = inject(DOCUMENT).defaultView?.matchMedia?.('(prefers-color-scheme: dark)');
    if (query) {
      this.systemDark.set(query.matches);
      query.addEventListener('change', (event) => this.systemDark.set(event.matches));
    }
  }

  /** System -> light -> dark -> system. */
  next(): void {
    const index = THEME_MODES.indexOf(this.mode());
    this.set(THEME_MODES[(index + 1) % THEME_MODES.length] ?? 'system');
  }

  set(mode: ThemeMode): void {
    this.mode.set(mode);
    this.apply(mode);
    try {
      if (mode === 'system') this.storage?.removeItem(THEME_STORAGE_KEY);
      else this.storage?.setItem(THEME_STORAGE_KEY, mode);
    } catch {
      // Storage refused (private mode, quota): the choice holds for this page only.
    }
  }

  private apply(mode: ThemeMode): void {
    if (mode === 'system') delete this.root.dataset['theme'];
    else this.root.dataset['theme'] = mode;
  }

  private stored(): ThemeMode {
    try {
      const value = this.storage?.getItem(THEME_STORAGE_KEY);
      return value === 'light' || value === 'dark' ? value : 'system';
    } catch {
      return 'system';
    }
  }
}
