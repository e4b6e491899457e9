import { TestBed } from '@angular/core/testing';

import { THEME_STORAGE_KEY, ThemePreference } from './theme-preference';

describe('ThemePreference', () => {
  beforeEach(() => {
    localStorage.clear();
    delete document.documentElement.dataset['theme'];
  });

  it('follows the system until the person chooses, then pins and remembers the choice', () => {
    const theme = TestBed.inject(ThemePreference);
    expect(theme.mode()).toBe('system');
    expect(document.documentElement.dataset['theme']).toBeUndefined();

    theme.next();
    expect(theme.mode()).toBe('light');
    expect(document.documentElement.dataset['theme']).toBe('light');
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBe('light');

    theme.next();
    expect(document.documentElement.dataset['theme']).toBe('dark');

    theme.next();
    expect(theme.mode()).toBe('system');
    expect(document.documentElement.dataset['theme']).toBeUndefined();
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBeNull();
  });

  it('applies a remembered choice on start', () => {
    localStorage.setItem(THEME_STORAGE_KEY, 'dark');
    const theme = TestBed.inject(ThemePreference);
    expect(theme.mode()).toBe('dark');
    expect(document.documentElement.dataset['theme']).toBe('dark');
  });
});
