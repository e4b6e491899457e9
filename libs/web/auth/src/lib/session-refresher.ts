import { HttpErrorResponse } from '@angular/common/http';
import { DestroyRef, Injectable, inject } from '@angular/core';
import { Store } from '@ngrx/store';
import { Observable, finalize, shareReplay, tap } from 'rxjs';

import { SessionResult } from '@poscalls4u/contracts';

import { AuthApi } from './auth-api';
import { AuthActions } from './state/auth.actions';
import { TokenStorage } from './token-storage';

/** Refresh this long before the access token expires, at most (seconds). */
const REFRESH_LEAD_SECONDS = 60;
/** Never schedule a refresh sooner than this (seconds), whatever `expiresIn` says. */
const MIN_DELAY_SECONDS = 5;
/** After a refresh that could not reach the server, try again this much later (seconds). */
const RETRY_DELAY_SECONDS = 30;

/** Seconds to wait before refreshing a token that expires in `expiresIn` seconds. */
export function refreshDelaySeconds(expiresIn: number): number {
  const lead = Math.min(REFRESH_LEAD_SECONDS, expiresIn * 0.2);
  return Math.max(MIN_DELAY_SECONDS, expiresIn - lead);
}

/**
 * Owns the access token's renewal: one refresh in flight at a time, shared by everyone who asks
 * (concurrent 401s, the silent timer, start-up), and a timer that refreshes shortly before expiry.
 */
@Injectable({ providedIn: 'root' })
export class SessionRefresher {
  private readonly api = inject(AuthApi);
  private readonly storage = inject(TokenStorage);
  private readonly store = inject(Store);

  private inFlight: Observable<SessionResult> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor() {
    inject(DestroyRef).onDestroy(() => this.stop());
  }

  /** Trades the refresh cookie for a new access token; concurrent callers share one request. */
  refresh(): Observable<SessionResult> {
    if (this.inFlight === null) {
      this.inFlight = this.api.refresh().pipe(
        tap((result) => {
          this.start(result);
          this.store.dispatch(AuthActions.sessionRefreshed({ user: result.user }));
        }),
        finalize(() => {
          this.inFlight = null;
        }),
        shareReplay({ bufferSize: 1, refCount: false }),
      );
    }
    return this.inFlight;
  }

  /** Keeps a new session's access token and schedules its silent renewal. */
  start(result: SessionResult): void {
    this.storage.write(result.token);
    this.schedule(refreshDelaySeconds(result.expiresIn));
  }

  /** Forgets the access token and cancels the silent renewal. */
  stop(): void {
    this.cancelTimer();
    this.storage.clear();
  }

  private schedule(seconds: number): void {
    this.cancelTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      this.refresh().subscribe({
        error: (error: unknown) => {
          if (error instanceof HttpErrorResponse && error.status >= 400 && error.status < 500) {
            this.store.dispatch(AuthActions.sessionExpired());
          } else {
            // Offline for a moment: the token may still be good; try again soon.
            this.schedule(RETRY_DELAY_SECONDS);
          }
        },
      });
    }, seconds * 1000);
  }

  private cancelTimer(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
  }
}
