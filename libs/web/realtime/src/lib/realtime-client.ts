import { DOCUMENT } from '@angular/common';
import { Injectable, InjectionToken, inject } from '@angular/core';
import { Observable, Subject, share } from 'rxjs';
import { ManagerOptions, Socket, SocketOptions, io } from 'socket.io-client';

import {
  AgentStatusEvent,
  CallAssistEvent,
  CallOfferedEvent,
  CallStatisticsEvent,
  CallSupervisorNotice,
  CallUpdatedEvent,
  ChatDeviceChangedEvent,
  ChatIdentityChangedEvent,
  ChatKeyMailboxEvent,
  ChatMessageDeletedEvent,
  ChatMessageEvent,
  ChatReadEvent,
  ChatRoomChangedEvent,
  ChatUnreadEvent,
  ClientToServerEvents,
  DashboardUpdateEvent,
  NotificationPayload,
  PermissionsChangedEvent,
  ServerToClientEvents,
  SessionEndedPayload,
} from '@poscalls4u/contracts';
import { TokenStorage } from '@poscalls4u/web-auth';

export type RealtimeSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Opens a Socket.IO connection; a token so that specs can hand in a fake socket. */
export type SocketFactory = (
  url: string,
  options: Partial<ManagerOptions & SocketOptions>,
) => RealtimeSocket;

export const SOCKET_FACTORY = new InjectionToken<SocketFactory>('PosCalls4U socket factory', {
  providedIn: 'root',
  factory: () => io,
});

/** What the connection reports, as plain values the effects map to actions. */
export type RealtimeMessage =
  /**
   * `recovered`: the server restored this connection's session and replayed the events it missed
   * while away (connection-state recovery, also after a crash of its instance); false on a first
   * connection or when the session could not be kept. Not yet a reason to skip the re-read on
   * reconnect: the failover bench still saw a few recovered sockets short of events (issue 17).
   */
  | { type: 'connected'; recovered?: boolean }
  | { type: 'disconnected'; reason: string }
  | { type: 'call:offered'; payload: CallOfferedEvent }
  | { type: 'call:updated'; payload: CallUpdatedEvent }
  | { type: 'call:assist'; payload: CallAssistEvent }
  | { type: 'call:supervisor'; payload: CallSupervisorNotice }
  | { type: 'agent:status'; payload: AgentStatusEvent }
  | { type: 'session:ended'; payload: SessionEndedPayload }
  | { type: 'call:statistics'; payload: CallStatisticsEvent }
  | { type: 'dashboard:update'; payload: DashboardUpdateEvent }
  | { type: 'notification'; payload: NotificationPayload };

/** The chat events of the connection, for the chat store (`@poscalls4u/web-chat`). */
export type ChatRealtimeEvent =
  | { type: 'chat:message'; payload: ChatMessageEvent }
  | { type: 'chat:message-edited'; payload: ChatMessageEvent }
  | { type: 'chat:message-deleted'; payload: ChatMessageDeletedEvent }
  | { type: 'chat:read'; payload: ChatReadEvent }
  | { type: 'chat:unread'; payload: ChatUnreadEvent }
  | { type: 'chat:room-changed'; payload: ChatRoomChangedEvent }
  | { type: 'chat:key-mailbox'; payload: ChatKeyMailboxEvent }
  | { type: 'chat:identity-changed'; payload: ChatIdentityChangedEvent }
  | { type: 'chat:device-changed'; payload: ChatDeviceChangedEvent };

/**
 * The console's one Socket.IO connection to the API (same origin, like the HTTP calls). It reads
 * the in-memory access token on every (re)connect, hands fresh tokens to the live connection
 * through `auth:renew`, and turns the events the consoles listen to into one stream.
 *
 * Every subscriber shares the one connection (the agent console's call screen and its "My day"
 * figures, the supervisor's dashboard): it opens with the first subscriber and closes with the
 * last. A later subscriber does not see the `connected` of a connection already open.
 */
@Injectable({ providedIn: 'root' })
export class RealtimeClient {
  private readonly tokens = inject(TokenStorage);
  private readonly createSocket = inject(SOCKET_FACTORY);
  private readonly origin = inject(DOCUMENT).location.origin;
  private socket: RealtimeSocket | null = null;
  private readonly permissionsChangedSubject = new Subject<PermissionsChangedEvent>();

  /**
   * `permissions:changed` from the open connection, whichever feature opened it: the auth state
   * reads the permissions again (see `realtimeSessionEffects`).
   */
  readonly permissionsChanged$ = this.permissionsChangedSubject.asObservable();

  private readonly chatSubject = new Subject<ChatRealtimeEvent>();

  /**
   * The chat events of the open connection (kept out of `connect()`'s stream, whose every
   * subscriber would otherwise have to know them). Subscribe to `connect()` too, to keep it open.
   */
  readonly chatEvents$ = this.chatSubject.asObservable();

  private readonly messages$ = new Observable<RealtimeMessage>((subscriber) => {
    const socket = this.createSocket(this.origin, {
      // WebSocket only: long-polling would need sticky sessions across several API instances.
      transports: ['websocket'],
      // After a drop, the first try comes at a random moment within the first second (Socket.IO's
      // default waits 0.5-1.5 s): the consoles of a crashed instance come back sooner, and spread
      // over that second rather than in one burst on the instance that takes them; later tries
      // back off as before, up to 5 s.
      reconnectionDelay: 500,
      randomizationFactor: 1,
      // A function, so every reconnect carries the token of the moment, not the first one.
      auth: (callback) => callback({ token: this.tokens.read() }),
    });
    this.socket = socket;
    socket.on('connect', () => subscriber.next({ type: 'connected', recovered: socket.recovered }));
    socket.on('disconnect', (reason) => subscriber.next({ type: 'disconnected', reason }));
    socket.on('call:offered', (payload) => subscriber.next({ type: 'call:offered', payload }));
    socket.on('call:updated', (payload) => subscriber.next({ type: 'call:updated', payload }));
    socket.on('call:assist', (payload) => subscriber.next({ type: 'call:assist', payload }));
    socket.on('call:supervisor', (payload) =>
      subscriber.next({ type: 'call:supervisor', payload }),
    );
    socket.on('agent:status', (payload) => subscriber.next({ type: 'agent:status', payload }));
    socket.on('session:ended', (payload) => subscriber.next({ type: 'session:ended', payload }));
    socket.on('call:statistics', (payload) =>
      subscriber.next({ type: 'call:statistics', payload }),
    );
    socket.on('dashboard:update', (payload) =>
      subscriber.next({ type: 'dashboard:update', payload }),
    );
    socket.on('notification', (payload) => subscriber.next({ type: 'notification', payload }));
    socket.on('permissions:changed', (payload) => this.permissionsChangedSubject.next(payload));
    socket.on('chat:message', (payload) =>
      this.chatSubject.next({ type: 'chat:message', payload }),
    );
    socket.on('chat:message-edited', (payload) =>
      this.chatSubject.next({ type: 'chat:message-edited', payload }),
    );
    socket.on('chat:message-deleted', (payload) =>
      this.chatSubject.next({ type: 'chat:message-deleted', payload }),
    );
    socket.on('chat:read', (payload) => this.chatSubject.next({ type: 'chat:read', payload }));
    socket.on('chat:unread', (payload) => this.chatSubject.next({ type: 'chat:unread', payload }));
    socket.on('chat:room-changed', (payload) =>
      this.chatSubject.next({ type: 'chat:room-changed', payload }),
    );
    socket.on('chat:key-mailbox', (payload) =>
      this.chatSubject.next({ type: 'chat:key-mailbox', payload }),
    );
    socket.on('chat:identity-changed', (payload) =>
      this.chatSubject.next({ type: 'chat:identity-changed', payload }),
    );
    socket.on('chat:device-changed', (payload) =>
      this.chatSubject.next({ type: 'chat:device-changed', payload }),
    );
    return () => {
      socket.removeAllListeners();
      socket.disconnect();
      if (this.socket === socket) {
        this.socket = null;
      }
    };
  }).pipe(share());

  /** Connects on the first subscribe and disconnects when the last subscriber leaves. */
  connect(): Observable<RealtimeMessage> {
    return this.messages$;
  }

  /** Gives the live connection the access token that replaced the one it connected with. */
  renew(token: string): void {
    this.socket?.emit('auth:renew', token, () => undefined);
  }

  /**
   * Connects again after the server ended the connection (Socket.IO only retries on its own
   * after a network failure), e.g. once an expired token has been refreshed.
   */
  reconnect(): void {
    if (this.socket !== null && !this.socket.connected) {
      this.socket.connect();
    }
  }
}
