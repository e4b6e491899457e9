import { Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';

import { ThemeMode, ThemePreference } from './theme-preference';

const LABELS: Record<ThemeMode, { glyph: string; now: string; next: string }> = {
  system: { glyph: '◐', now: 'as the system', next: 'light' },
  light: { glyph: '☀', now: 'light', next: 'dark' },
  dark: { glyph: '☾', now: 'dark', next: 'as the system' },
};

/** The toolbar's colour theme switch: system, light, dark, in turn. */
@Component({
  selector: 'pc-theme-toggle',
  imports: [MatButtonModule],
  template: `
    <button
      mat-button
      type="button"
      class="pc-theme-toggle"
      data-testid="theme-toggle"
      [attr.data-mode]="theme.mode()"
      [attr.aria-label]="label()"
      [title]="label()"
      (click)="theme.next()"
    >
      <span aria-hidden="true">{{ glyph() }}</span>
    </button>
  `,
  styles: `
    .pc-theme-toggle {
      min-width: 2.5rem;
      font-size: 1.25rem;
    }
  `,
})
export class ThemeToggleComponent {
  protected readonly theme = inject(ThemePreference);
  protected readonly glyph = computed(() => LABELS[this.theme.mode()].glyph);
  protected readonly label = computed(() => {
    const { now, next } = LABELS[this.theme.mode()];
    return `Colours: ${now}. Switch to ${next}`;
  });
}
