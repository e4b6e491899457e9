import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Injector } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideEffects } from '@ngrx/effects';
import { provideStore } from '@ngrx/store';
import { Subject } from 'rxjs';

import { ChatRoomView, MAX_PAGE_SIZE } from '@poscalls4u/contracts';
import { ChatRealtimeEvent, RealtimeClient, RealtimeMessage } from '@poscalls4u/web-realtime';

import { ChatUnreadActions, chatUnreadFeature } from './chat-unread.state';
import { watchChatUnread } from './watch-chat-unread';

const { reducer, selectTotal } = chatUnreadFeature;

describe('chat unread state', () => {
  const initial = reducer(undefined, { type: 'init' });
  const total = (state: ReturnType<typeof reducer>) => selectTotal.projector(state.byRoom);

  it('holds the loaded counts and adds them up', () => {
    const loaded = reducer(
      reducer(initial, ChatUnreadActions.loadRequested()),
      ChatUnreadActions.roomsLoaded({
        rooms: [
          { roomId: 'a', unread: 2 },
          { roomId: 'b', unread: 0 },
          { roomId: 'c', unread: 5 },
        ],
      }),
    );
    expect(loaded.byRoom).toEqual({ a: 2, b: 0, c: 5 });
    expect(total(loaded)).toBe(7);
  });

  it('follows a live count, and reading a room brings it to 0', () => {
    let state = reducer(
      initial,
      ChatUnreadActions.roomsLoaded({ rooms: [{ roomId: 'a', unread: 1 }] }),
    );
    state = reducer(state, ChatUnreadActions.roomUnreadChanged({ roomId: 'b', unread: 3 }));
    expect(total(state)).toBe(4);
    state = reducer(state, ChatUnreadActions.roomUnreadChanged({ roomId: 'a', unread: 0 }));
    expect(state.byRoom).toEqual({ a: 0, b: 3 });
    expect(total(state)).toBe(3);
  });

  it('keeps a live count that arrived while the list was on its way', () => {
    let state = reducer(initial, ChatUnreadActions.loadRequested());
    state = reducer(state, ChatUnreadActions.roomUnreadChanged({ roomId: 'a', unread: 4 }));
    // The list was read before that message: its count of room a is older.
    state = reducer(
      state,
      ChatUnreadActions.roomsLoaded({
        rooms: [
          { roomId: 'a', unread: 3 },
          { roomId: 'b', unread: 1 },
        ],
      }),
    );
    expect(state.byRoom).toEqual({ a: 4, b: 1 });
    // Later loads start afresh.
    state = reducer(state, ChatUnreadActions.loadRequested());
    state = reducer(state, ChatUnreadActions.roomsLoaded({ rooms: [{ roomId: 'a', unread: 0 }] }));
    expect(state.byRoom).toEqual({ a: 0 });
  });

  it('keeps the counts it had when a load fails, and forgets them at sign-out', () => {
    let state = reducer(
      initial,
      ChatUnreadActions.roomsLoaded({ rooms: [{ roomId: 'a', unread: 2 }] }),
    );
    state = reducer(state, ChatUnreadActions.loadRequested());
    state = reducer(state, ChatUnreadActions.roomsLoadFailed());
    expect(state).toMatchObject({ byRoom: { a: 2 }, loading: false });
    state = reducer(state, ChatUnreadActions.watchStopped());
    expect(state).toEqual(initial);
  });
});

describe('watchChatUnread', () => {
  let messages: Subject<RealtimeMessage>;
  let chatEvents: Subject<ChatRealtimeEvent>;
  let http: HttpTestingController;

  const room = (id: string, unread: number): ChatRoomView => ({
    id,
    kind: 'team',
    title: id,
    teamId: null,
    memberIds: [],
    unread,
    lastActivityAt: '2026-12-07T09:00:00.000Z',
    createdAt: '2026-12-07T09:00:00.000Z',
    archivedAt: null,
  });
  const answerRooms = (...rooms: ChatRoomView[]) => {
    const request = http.expectOne(
      (req) => req.url === '/api/chat/rooms' && req.params.get('page') === '1',
    );
    expect(request.request.params.get('pageSize')).toBe(String(MAX_PAGE_SIZE));
    request.flush({
      success: true,
      data: { items: rooms, total: rooms.length, page: 1, pageSize: MAX_PAGE_SIZE },
    });
  };

  beforeEach(() => {
    messages = new Subject();
    chatEvents = new Subject();
    TestBed.configureTestingModule({
      providers: [
        provideStore(),
        provideEffects(),
        provideHttpClient(),
        provideHttpClientTesting(),
        {
          provide: RealtimeClient,
          useValue: { connect: () => messages.asObservable(), chatEvents$: chatEvents },
        },
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => http.verify());

  it('loads the counts, follows them live and after a reconnect, and stops', () => {
    const watch = watchChatUnread(TestBed.inject(Injector));
    answerRooms(room('a', 2), room('b', 1));
    expect(watch.total()).toBe(3);

    // A message in room b; then the user reads room a.
    chatEvents.next({ type: 'chat:unread', payload: { roomId: 'b', unread: 2 } });
    chatEvents.next({ type: 'chat:unread', payload: { roomId: 'a', unread: 0 } });
    expect(watch.total()).toBe(2);
    // Other chat events change nothing.
    chatEvents.next({
      type: 'chat:read',
      payload: { roomId: 'a', userId: 'u', messageId: 'm', at: '2026-12-07T09:00:00.000Z' },
    });
    http.expectNone((req) => req.url === '/api/chat/rooms');

    // Back from a lost connection: what changed meanwhile is read again.
    messages.next({ type: 'connected' });
    answerRooms(room('a', 0), room('b', 6));
    expect(watch.total()).toBe(6);

    // A new room (or a member removed): the list again.
    chatEvents.next({
      type: 'chat:room-changed',
      payload: {
        roomId: 'c',
        change: 'created',
        added: [],
        removed: [],
        memberIds: [],
        at: '2026-12-07T09:00:00.000Z',
      },
    });
    answerRooms(room('a', 0), room('b', 6), room('c', 1));
    expect(watch.total()).toBe(7);

    watch.stop();
    expect(watch.total()).toBe(0);
    chatEvents.next({ type: 'chat:unread', payload: { roomId: 'b', unread: 9 } });
    messages.next({ type: 'connected' });
    expect(watch.total()).toBe(0);
  });

  it('starts again after a sign-out, and drops a list that arrives after it', () => {
    const injector = TestBed.inject(Injector);
    const first = watchChatUnread(injector);
    const pending = http.expectOne((req) => req.url === '/api/chat/rooms');
    first.stop();
    expect(pending.cancelled).toBe(true);

    const second = watchChatUnread(injector);
    answerRooms(room('a', 4));
    expect(second.total()).toBe(4);
    second.stop();
  });
});
