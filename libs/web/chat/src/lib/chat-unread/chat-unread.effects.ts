import { HttpClient } from '@angular/common/http';
import { inject } from '@angular/core';
import { Actions, createEffect, ofType } from '@ngrx/effects';
import { EMPTY, catchError, map, merge, mergeMap, of, startWith, switchMap, takeUntil } from 'rxjs';

import { ChatRoomView } from '@poscalls4u/contracts';
import { apiUrl, getAllPages } from '@poscalls4u/web-core';
import { RealtimeClient } from '@poscalls4u/web-realtime';

import { ChatUnreadActions } from './chat-unread.state';

/**
 * Follows the live connection while someone is signed in: the room list's counts at the start
 * and after every (re)connect (what changed while offline), each `chat:unread` as it comes, and
 * the list again when rooms change (a new room, a member removed).
 */
const followChatUnread$ = createEffect(
  (actions$ = inject(Actions), realtime = inject(RealtimeClient)) =>
    actions$.pipe(
      ofType(ChatUnreadActions.watchStarted),
      switchMap(() =>
        merge(
          realtime
            .connect()
            .pipe(
              mergeMap((message) =>
                message.type === 'connected' ? of(ChatUnreadActions.loadRequested()) : EMPTY,
              ),
            ),
          realtime.chatEvents$.pipe(
            mergeMap((event) => {
              if (event.type === 'chat:unread')
                return of(ChatUnreadActions.roomUnreadChanged(event.payload));
              if (event.type === 'chat:room-changed') return of(ChatUnreadActions.loadRequested());
              return EMPTY;
            }),
          ),
        ).pipe(
          // The connection may be open already (another feature opened it): no `connected` then.
          startWith(ChatUnreadActions.loadRequested()),
          takeUntil(actions$.pipe(ofType(ChatUnreadActions.watchStopped))),
        ),
      ),
    ),
  { functional: true },
);

/** Reads every room's count; a newer request (or the sign-out) drops one still on its way. */
const loadChatUnread$ = createEffect(
  (actions$ = inject(Actions), http = inject(HttpClient)) =>
    actions$.pipe(
      ofType(ChatUnreadActions.loadRequested, ChatUnreadActions.watchStopped),
      switchMap((action) =>
        action.type === ChatUnreadActions.watchStopped.type
          ? EMPTY
          : getAllPages<ChatRoomView>(http, apiUrl('chat/rooms')).pipe(
              map((rooms) =>
                ChatUnreadActions.roomsLoaded({
                  rooms: rooms.map((room) => ({ roomId: room.id, unread: room.unread })),
                }),
              ),
              catchError(() => of(ChatUnreadActions.roomsLoadFailed())),
            ),
      ),
    ),
  { functional: true },
);

export const chatUnreadEffects = { followChatUnread$, loadChatUnread$ };
