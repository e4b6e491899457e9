import { Injectable } from '@angular/core';

/**
 * Where the bearer access token is kept. An abstraction so the storage can change without touching
 * the effects, the interceptor or the guards.
 */
export abstract class TokenStorage {
  abstract read(): string | null;
  abstract write(token: string): void;
  abstract clear(): void;
}

/**
 * Keeps the short-lived access token in memory only, out of reach of anything that reads storage.
 * A reload restores the session through `POST /api/auth/refresh` and the HttpOnly refresh cookie.
 */
@Injectable()
export class MemoryTokenStorage extends TokenStorage {
  private token: string | null = null;

  read(): string | null {
    return this.token;
  }

  write(token: string): void {
    this.token = token;
  }

  clear(): void {
    this.token = null;
  }
}
