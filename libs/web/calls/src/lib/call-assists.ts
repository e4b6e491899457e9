import { HttpClient } from '@angular/common/http';
import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import { Observable, map } from 'rxjs';

import {
  AssistMode,
  CallAssistEvent,
  CallAssistResult,
  CallAssistView,
  Page,
  StartAssistRequest,
  SuccessEnvelope,
} from '@poscalls4u/contracts';
import { apiUrl, toApiFailure, unwrapEnvelope } from '@poscalls4u/web-core';
import { RealtimeClient } from '@poscalls4u/web-realtime';

/** Folds one `call:assist` event into the assists by call. */
export function applyAssistEvent(
  assists: ReadonlyMap<string, CallAssistView>,
  event: CallAssistEvent,
): ReadonlyMap<string, CallAssistView> {
  const next = new Map(assists);
  if (event.assist) next.set(event.callId, event.assist);
  else next.delete(event.callId);
  return next;
}

/**
 * Supervisors' assists on live calls, for the dashboard's agent grid: read from
 * `GET /api/calls/assists` when the page opens and after every (re)connect, kept current by
 * `call:assist`; and the supervisor's own listen / whisper / barge / stop. Provided by the page
 * that shows them, for as long as it is open.
 */
@Injectable()
export class CallAssists {
  private readonly http = inject(HttpClient);
  private readonly realtime = inject(RealtimeClient);
  private readonly byCall = signal<ReadonlyMap<string, CallAssistView>>(new Map());
  private readonly failure = signal<string | null>(null);
  private readonly inFlight = signal<string | null>(null);

  /** The assists in progress, by call id. */
  readonly assists = this.byCall.asReadonly();
  /** Why the supervisor's last assist request was refused, in words for them. */
  readonly error = this.failure.asReadonly();
  /** The call whose assist request is in flight (its buttons wait). */
  readonly pending = this.inFlight.asReadonly();

  /** Reads the assists, then follows them until the page goes. */
  follow(destroyRef: DestroyRef): void {
    const subscription = this.realtime.connect().subscribe((message) => {
      if (message.type === 'connected') this.load();
      if (message.type === 'call:assist') {
        this.byCall.update((assists) => applyAssistEvent(assists, message.payload));
      }
    });
    this.load();
    destroyRef.onDestroy(() => subscription.unsubscribe());
  }

  /** Listen, whisper or barge (a switch when already assisting the call); null stops. */
  set(callId: string, mode: AssistMode | null): void {
    this.inFlight.set(callId);
    this.failure.set(null);
    const url = apiUrl(`calls/${encodeURIComponent(callId)}/assist`);
    const request: StartAssistRequest | null = mode ? { mode } : null;
    const answer$: Observable<CallAssistView> = (
      request
        ? this.http.post<SuccessEnvelope<CallAssistResult>>(url, request)
        : this.http.delete<SuccessEnvelope<CallAssistResult>>(url)
    ).pipe(
      unwrapEnvelope(),
      map(({ assist }) => assist),
    );
    answer$.subscribe({
      next: (assist) => {
        this.inFlight.set(null);
        this.byCall.update((assists) =>
          applyAssistEvent(assists, {
            callId,
            teamId: assist.teamId,
            assist: mode ? assist : null,
            at: new Date().toISOString(),
          }),
        );
      },
      error: (error: unknown) => {
        this.inFlight.set(null);
        this.failure.set(toApiFailure(error).message ?? 'The phone system could not be asked.');
        // What the server holds now, rather than what this page assumed.
        this.load();
      },
    });
  }

  private load(): void {
    this.http
      .get<SuccessEnvelope<Page<CallAssistView>>>(apiUrl('calls/assists'))
      .pipe(unwrapEnvelope())
      .subscribe({
        next: (page) => this.byCall.set(new Map(page.items.map((item) => [item.callId, item]))),
        // Without the list the grid shows no assist: the next event or reconnect brings it.
        error: () => undefined,
      });
  }
}
