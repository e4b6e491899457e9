import {
  createActionGroup,
  createFeature,
  createReducer,
  createSelector,
  emptyProps,
  on,
  props,
} from '@ngrx/store';

/** One room's unread count, as the room list and `chat:unread` give it. */
interface RoomUnread {
  roomId: string;
  unread: number;
}

export const ChatUnreadActions = createActionGroup({
  source: 'Chat unread',
  events: {
    /** Someone signed in: follow their rooms' unread counts. */
    'Watch started': emptyProps(),
    /** They signed out: forget the counts. */
    'Watch stopped': emptyProps(),
    /** Read every room's count (at start, after each reconnect, when rooms changed). */
    'Load requested': emptyProps(),
    'Rooms loaded': props<{ rooms: RoomUnread[] }>(),
    'Rooms load failed': emptyProps(),
    /** `chat:unread`: the count of one room changed (a message came, or the user read). */
    'Room unread changed': props<RoomUnread>(),
  },
});

interface ChatUnreadState {
  byRoom: Readonly<Record<string, number>>;
  /** A room list is on its way: live counts that arrive meanwhile are newer than it. */
  loading: boolean;
  arrivedWhileLoading: Readonly<Record<string, number>>;
}

const initialState: ChatUnreadState = { byRoom: {}, loading: false, arrivedWhileLoading: {} };

/**
 * The signed-in user's unread chat messages per room, for the badge of the consoles' Chat
 * entry: the room list's counts, kept current by `chat:unread` (which the server also sends
 * to the reader after they read a room).
 */
export const chatUnreadFeature = createFeature({
  name: 'chatUnread',
  reducer: createReducer(
    initialState,
    on(ChatUnreadActions.loadRequested, (state) => ({
      ...state,
      loading: true,
      arrivedWhileLoading: {},
    })),
    on(ChatUnreadActions.roomsLoaded, (state, { rooms }) => ({
      byRoom: {
        ...Object.fromEntries(rooms.map((room) => [room.roomId, room.unread])),
        ...state.arrivedWhileLoading,
      },
      loading: false,
      arrivedWhileLoading: {},
    })),
    on(ChatUnreadActions.roomsLoadFailed, (state) => ({
      ...state,
      loading: false,
      arrivedWhileLoading: {},
    })),
    on(ChatUnreadActions.roomUnreadChanged, (state, { roomId, unread }) => ({
      ...state,
      byRoom: { ...state.byRoom, [roomId]: unread },
      arrivedWhileLoading: state.loading
        ? { ...state.arrivedWhileLoading, [roomId]: unread }
        : state.arrivedWhileLoading,
    })),
    on(ChatUnreadActions.watchStopped, () => initialState),
  ),
  extraSelectors: ({ selectByRoom }) => ({
    /** Every room's unread messages together. */
    selectTotal: createSelector(selectByRoom, (byRoom) =>
      Object.values(byRoom).reduce((total, unread) => total + unread, 0),
    ),
  }),
});

export const { selectTotal: selectChatUnreadTotal } = chatUnreadFeature;
