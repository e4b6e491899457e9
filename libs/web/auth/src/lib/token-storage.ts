import { Injectable, inject } from '@angular/core';

import { AUTH_CONFIG } from './auth.config';

/**
 * Where the bearer access token is kept. An abstraction so the storage can change (for example to
 * memory plus a refresh cookie) without touching the effects, the interceptor or the guards.
 */
export abstract class TokenStorage {
  abstract read(): string | null;
  abstract write(token: string): void;
  abstract clear(): void;
}

/**
 * Keeps the token in localStorage under a per-console key, so a page reload keeps the session.
 * Storage can throw (disabled storage, private modes); then the session simply lasts one page.
 */
@Injectable()
export class LocalStorageTokenStorage extends TokenStorage {
  private readonly key = `poscalls4u.${inject(AUTH_CONFIG).storageKey}.access-token`;
  private memory: string | null = null;

  read(): string | null {
    try {
      return localStorage.getItem(this.key);
    } catch {
      return this.memory;
    }
  }

  write(token: string): void {
    this.memory = token;
    try {
      localStorage.setItem(this.key, token);
    } catch {
      // Kept in memory only; see the class comment.
    }
  }

  clear(): void {
    this.memory = null;
    try {
      localStorage.removeItem(this.key);
    } catch {
      // Nothing stored; nothing to remove.
    }
  }
}
