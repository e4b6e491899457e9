import { DOCUMENT } from '@angular/common';
import { HttpErrorResponse } from '@angular/common/http';
import { DestroyRef, Injectable, inject } from '@angular/core';
import { Store } from '@ngrx/store';
import { Observable, finalize, map, shareReplay, tap } from 'rxjs';

import { SessionResult } from '@poscalls4u/contracts';

import { AuthApi } from './auth-api';
import { AUTH_CONFIG, isRoleAllowed } from './auth.config';
import { AuthActions } from './state/auth.actions';
import { selectAuthState } from './state/auth.selectors';
import { TokenStorage } from './token-storage';

/** Name of the Web Lock that keeps tabs from refreshing with the same cookie at once. */
export const REFRESH_LOCK_NAME = 'poscalls4u-refresh';

export const SESSION_SWITCHED_MESSAGE =
  'Someone signed in with another account in this browser, so this console signed out. Sign in again.';

/**
 * The refresh cookie is shared by every tab and both consoles (a `__Host-` cookie has `Path=/`):
 * the refresh answered for another person (or a role this console refuses). Nothing is adopted.
 */
export class SessionSwitchedError extends Error {
  constructor() {
    super(SESSION_SWITCHED_MESSAGE);
    this.name = 'SessionSwitchedError';
  }
}

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
  private readonly config = inject(AUTH_CONFIG, { optional: true });
  private readonly locks = inject(DOCUMENT).defaultView?.navigator.locks;
  /** Undefined until the auth feature is registered (and in specs with a bare mock store). */
  private readonly authState = this.store.selectSignal(selectAuthState) as () =>
    ReturnType<typeof selectAuthState> | undefined;

  private inFlight: Observable<SessionResult> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor() {
    inject(DestroyRef).onDestroy(() => this.stop());
  }

  /** Trades the refresh cookie for a new access token; concurrent callers share one request. */
  refresh(): Observable<SessionResult> {
    if (this.inFlight === null) {
      this.inFlight = this.exclusive(this.api.refresh()).pipe(
        map((result) => {
          const current = this.authState()?.user ?? null;
          if (
            (current !== null && current.id !== result.user.id) ||
            (this.config !== null && !isRoleAllowed(this.config, result.user.role))
          ) {
            throw new SessionSwitchedError();
          }
          return result;
        }),
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

  /**
   * Runs the refresh under a browser-wide Web Lock where there is one, so two tabs never send the
   * same (rotating) refresh cookie at once, which the API would treat as token reuse.
   */
  private exclusive(request: Observable<SessionResult>): Observable<SessionResult> {
    const locks = this.locks;
    if (locks === undefined) {
      return request;
    }
    return new Observable<SessionResult>((subscriber) => {
      let inner: { unsubscribe(): void } | null = null;
      locks
        .request(
          REFRESH_LOCK_NAME,
          () =>
            new Promise<void>((release) => {
              if (subscriber.closed) {
                release();
                return;
              }
              inner = request.pipe(finalize(() => release())).subscribe(subscriber);
            }),
        )
        .catch((error: unknown) => subscriber.error(error));
      return () => inner?.unsubscribe();
    });
  }

  private schedule(seconds: number): void {
    this.cancelTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      this.refresh().subscribe({
        error: (error: unknown) => {
          if (error instanceof SessionSwitchedError) {
            this.store.dispatch(AuthActions.signedOutEverywhere({ message: error.message }));
          } else if (
            error instanceof HttpErrorResponse &&
            error.status >= 400 &&
            error.status < 500
          ) {
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
