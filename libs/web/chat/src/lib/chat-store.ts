import { DOCUMENT } from '@angular/common';
import { HttpClient } from '@angular/common/http';
import { Injectable, computed, inject, signal } from '@angular/core';
import { Store } from '@ngrx/store';
import { Subscription, firstValueFrom } from 'rxjs';

import type {
  CallResult,
  CallView,
  ChatDeviceView,
  ChatMessageView,
  ChatRoomDetailView,
  ChatRoomView,
  SuccessEnvelope,
} from '@poscalls4u/contracts';
import { type ChatPlaintext, E2eeBackupError, MAX_TEXT_LENGTH } from '@poscalls4u/e2ee';
import { selectUser } from '@poscalls4u/web-auth';
import { apiUrl, toApiFailure, unwrapEnvelope } from '@poscalls4u/web-core';
import { type ChatRealtimeEvent, RealtimeClient } from '@poscalls4u/web-realtime';

import { ChatApi } from './chat-api';
import { type BootstrapStep, ChatKeyring, type OpenedMessage } from './chat-keyring';
import { ChatNotifier } from './chat-notifier';
import { ChatKeyStore } from './key-store';

/** Where chat stands in this browser, as the page shows it. */
export type ChatSetup =
  | { step: 'loading' }
  | BootstrapStep
  | { step: 'start-fresh' }
  | { step: 'error'; message: string };

/** One message of the open conversation. */
export interface ChatEntry {
  /** The server id; the client id while it is being sent. */
  id: string;
  clientMessageId: string;
  senderUserId: string;
  senderName: string;
  mine: boolean;
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
  delivery: 'sending' | 'sent' | 'read' | 'failed';
  opened: OpenedMessage;
  raw: ChatMessageView | null;
}

/** A person of the caller's teams, for a new direct message. */
export interface Teammate {
  userId: string;
  name: string;
  teamName: string;
}

/**
 * The chat of both consoles, as signals: the device bootstrap (through `ChatKeyring`), the room
 * list with live unread counts, the open conversation (decrypted in this browser), sending,
 * editing and deleting, and the live events of the one Socket.IO connection. The chat page opens
 * it and closes it; the keys stay in IndexedDB between visits.
 */
@Injectable({ providedIn: 'root' })
export class ChatStore {
  private readonly api = inject(ChatApi);
  private readonly http = inject(HttpClient);
  private readonly realtime = inject(RealtimeClient);
  private readonly notifier = inject(ChatNotifier);
  private readonly document = inject(DOCUMENT);
  private readonly user = inject(Store).selectSignal(selectUser);
  private readonly keyStore = new ChatKeyStore();
  private keyring: ChatKeyring | null = null;
  private live: Subscription | null = null;
  /** Desktop notifications while the chat page is closed (`watchInBackground`). */
  private background: Subscription | null = null;
  private readonly details = new Map<string, ChatRoomDetailView>();
  /** Intents that wait for the keys: a direct message or "ask a supervisor" from another page. */
  private pending: (() => Promise<void>) | null = null;
  private events: Promise<void> = Promise.resolve();

  readonly setup = signal<ChatSetup>({ step: 'loading' });
  readonly busy = signal(false);
  readonly error = signal<string | null>(null);
  readonly rooms = signal<ChatRoomView[]>([]);
  readonly activeRoom = signal<ChatRoomDetailView | null>(null);
  readonly entries = signal<ChatEntry[]>([]);
  readonly olderCursor = signal<string | null>(null);
  readonly warnings = signal<string[]>([]);
  /** The call the next message refers to ("Ask a supervisor"). */
  readonly callRef = signal<{ callId: string } | null>(null);
  readonly draft = signal('');
  /** Whether every room key this browser holds is in the server's (encrypted) backup. */
  readonly backupState = signal<'pending' | 'saved'>('saved');
  readonly maxLength = MAX_TEXT_LENGTH;
  /** Your devices that can read chat (this browser among them), for "Your devices". */
  readonly ownDevices = signal<ChatDeviceView[]>([]);
  readonly unreadTotal = computed(() => this.rooms().reduce((sum, room) => sum + room.unread, 0));
  private readonly readMarkers = signal<Record<string, string>>({});

  get myId(): string | null {
    return this.user()?.id ?? null;
  }

  /**
   * Opens chat: decides the bootstrap step, and when keys are ready starts the live part. An
   * `intent` (a direct message or "ask a supervisor" from another page) runs once the keys are
   * ready, in place of reopening the last room.
   */
  async open(intent: { dm?: string | null; call?: string | null } = {}): Promise<void> {
    const user = this.user();
    if (!user) return;
    const { dm, call } = intent;
    if (dm) this.pending = () => this.openDirectNow(dm);
    if (call) this.pending = () => this.askSupervisorNow(call);
    this.keyringOf(user.id);
    this.setup.set({ step: 'loading' });
    await this.guard(async () => {
      const step = await (this.keyring as ChatKeyring).start();
      this.setup.set(step);
      if (step.step === 'ready') await this.whenReady();
    });
  }

  /**
   * Desktop notifications on every page: once this browser holds working chat keys and the
   * person allowed notifications, a message from someone else that arrives while the chat page
   * is closed is decrypted here and shown by the operating system (the chat page shows its own
   * while open). Nothing is asked: without keys or permission this does nothing. The consoles'
   * shell calls it after sign-in; `stopWatching` at sign-out.
   */
  async watchInBackground(): Promise<void> {
    const user = this.user();
    if (!user || this.background !== null || this.notifier.permission() !== 'granted') return;
    const keyring = this.keyringOf(user.id);
    if (!keyring.ready && (await keyring.start()).step !== 'ready') return;
    if (this.background !== null || this.keyring !== keyring) return;
    // Subscribing to connect() keeps the shared connection open.
    this.background = this.realtime.connect().subscribe();
    this.background.add(
      this.realtime.chatEvents$.subscribe((event) => {
        if (this.live !== null || !keyring.ready) return;
        if (event.type !== 'chat:message') return;
        const message = event.payload.message;
        if (message.senderUserId === this.myId) return;
        this.events = this.events
          .then(() => this.notifyOther(message, true))
          .catch(() => undefined);
      }),
    );
  }

  stopWatching(): void {
    this.background?.unsubscribe();
    this.background = null;
  }

  /** The keyring of `userId`, made anew when another person signed in on this browser. */
  private keyringOf(userId: string): ChatKeyring {
    if (this.keyring?.userId !== userId) {
      this.stopWatching();
      this.keyring?.dispose();
      this.keyring = new ChatKeyring(this.api, this.keyStore, userId, {
        onBackupState: (state) => this.backupState.set(state),
      });
    }
    return this.keyring;
  }

  /** The chat page closed: stop listening (the backup still goes up). */
  close(): void {
    this.live?.unsubscribe();
    this.live = null;
    void this.keyring?.flushBackup().catch(() => undefined);
    // Keys set up or notifications allowed on the page just left: notify from the others now.
    void this.watchInBackground().catch(() => undefined);
  }

  async restore(passphrase: string): Promise<boolean> {
    return this.guard(async () => {
      try {
        await this.requireKeyring().restore(passphrase);
      } catch (error) {
        if (error instanceof E2eeBackupError && error.reason === 'wrong-passphrase') {
          this.error.set('That passphrase does not open your key backup. Try again.');
          return false;
        }
        throw error;
      }
      this.setup.set({ step: 'ready' });
      await this.whenReady();
      return true;
    });
  }

  /** Offers "start fresh" (new keys; old messages stay unreadable) instead of restoring. */
  startFresh(): void {
    this.error.set(null);
    this.setup.set({ step: 'start-fresh' });
  }

  backToRestore(): void {
    this.error.set(null);
    this.setup.set({ step: 'restore' });
  }

  async setUp(passphrase: string): Promise<boolean> {
    return this.guard(async () => {
      await this.requireKeyring().setUp(passphrase);
      this.setup.set({ step: 'ready' });
      await this.whenReady();
      return true;
    });
  }

  async selectRoom(roomId: string): Promise<void> {
    await this.guard(async () => {
      const room = await this.detail(roomId, true);
      this.activeRoom.set(room);
      this.entries.set([]);
      this.olderCursor.set(null);
      // Where the others have read to, as the server knows it: own messages show "Read" at once.
      this.readMarkers.set(this.othersReadMarkers(room));
      this.warnings.set([]);
      await this.loadPage(room, null);
      await this.checkMembers(room);
      await this.markRead();
    });
  }

  async loadOlder(): Promise<void> {
    const room = this.activeRoom();
    const cursor = this.olderCursor();
    if (!room || cursor === null) return;
    await this.guard(() => this.loadPage(room, cursor));
  }

  /** Opens (or reuses) the direct conversation with `userId` ("New message"). */
  async openDirect(userId: string): Promise<void> {
    await this.guard(() => this.openDirectNow(userId));
  }

  private async openDirectNow(userId: string): Promise<void> {
    const room = await this.api.openDirect(userId);
    await this.refreshRooms();
    await this.selectRoom(room.id);
  }

  /** "Ask a supervisor": the call's room with its team's supervisors; the next message refers to the call. */
  private async askSupervisorNow(callId: string): Promise<void> {
    const room = await this.api.askSupervisor(callId);
    await this.refreshRooms();
    await this.selectRoom(room.id);
    this.callRef.set({ callId });
    if (this.draft() === '') this.draft.set('Could a supervisor help me with this call?');
  }

  teammates(): Promise<Teammate[]> {
    const me = this.myId;
    return this.api.teammates().then((people) => people.filter((p) => p.userId !== me));
  }

  async send(text: string): Promise<boolean> {
    const room = this.activeRoom();
    const user = this.user();
    const keyring = this.keyring;
    if (!room || !user || !keyring || text.trim() === '' || text.length > MAX_TEXT_LENGTH) {
      return false;
    }
    const callRef = this.callRef();
    const plaintext: ChatPlaintext = { v: 1, type: 'text', text, ...(callRef ? { callRef } : {}) };
    const clientMessageId = crypto.randomUUID();
    this.entries.update((list) => [
      ...list,
      {
        id: clientMessageId,
        clientMessageId,
        senderUserId: user.id,
        senderName: user.name,
        mine: true,
        createdAt: new Date().toISOString(),
        editedAt: null,
        deletedAt: null,
        delivery: 'sending',
        opened: { state: 'ok', plaintext },
        raw: null,
      },
    ]);
    this.callRef.set(null);
    try {
      const encrypted = await keyring.encrypt(room.id, room.memberIds, plaintext);
      const stored = await this.api.send(room.id, { clientMessageId, ...encrypted });
      await this.upsert(stored, room);
      return true;
    } catch (error) {
      this.entries.update((list) =>
        list.map((e) => (e.clientMessageId === clientMessageId ? { ...e, delivery: 'failed' } : e)),
      );
      this.error.set(`The message was not sent: ${this.describeFailure(error)}`);
      return false;
    }
  }

  async edit(entry: ChatEntry, text: string): Promise<void> {
    const room = this.activeRoom();
    if (!room || !this.keyring || entry.opened.state !== 'ok' || entry.raw === null) return;
    const plaintext: ChatPlaintext = { ...entry.opened.plaintext, text };
    await this.guard(async () => {
      const keyring = this.requireKeyring();
      const encrypted = await keyring.encrypt(room.id, room.memberIds, plaintext);
      const stored = await this.api.edit(room.id, entry.id, encrypted);
      await this.upsert(stored, room);
    });
  }

  async remove(entry: ChatEntry): Promise<void> {
    const room = this.activeRoom();
    if (!room) return;
    await this.guard(async () => {
      const stored = await this.api.remove(room.id, entry.id);
      await this.upsert(stored, room);
    });
  }

  /** This browser's device id, once chat is ready here. */
  get thisDeviceId(): string | null {
    return this.keyring?.ready ? this.keyring.deviceId : null;
  }

  /** Your devices that have not been revoked, this one first. */
  async loadOwnDevices(): Promise<void> {
    const me = this.myId;
    if (!me) return;
    await this.guard(async () => {
      const keys = await this.api.userKeys(me);
      const here = this.thisDeviceId;
      this.ownDevices.set(
        keys.devices
          .filter((device) => device.revokedAt === null)
          .sort((a, b) =>
            a.deviceId === here
              ? -1
              : b.deviceId === here
                ? 1
                : b.createdAt.localeCompare(a.createdAt),
          ),
      );
    });
  }

  /**
   * Revokes devices of yours other than this browser (a lost laptop, a shared PC): they get no
   * new room keys, and everyone's next message starts a room session they cannot read.
   */
  async revokeDevices(deviceIds: string[]): Promise<void> {
    const here = this.thisDeviceId;
    const me = this.myId;
    await this.guard(async () => {
      for (const deviceId of deviceIds) {
        if (deviceId === here) continue;
        await this.api.revokeDevice(deviceId);
      }
      // Own sessions are shared anew without the revoked devices at the next send.
      if (me) this.keyring?.forgetMember(me);
    });
    await this.loadOwnDevices();
  }

  async fingerprint(userId: string): Promise<string | null> {
    return this.requireKeyring().fingerprint(userId);
  }

  isVerified(userId: string): boolean {
    return this.keyring?.isVerified(userId) ?? false;
  }

  async markVerified(userId: string): Promise<void> {
    await this.requireKeyring().markVerified(userId);
  }

  /** The call a message refers to, for the supervisor's view of "Ask a supervisor". */
  async call(callId: string): Promise<CallView> {
    const result = await firstValueFrom(
      this.http
        .get<SuccessEnvelope<CallResult>>(apiUrl(`calls/${encodeURIComponent(callId)}`))
        .pipe(unwrapEnvelope()),
    );
    return result.call;
  }

  private async whenReady(): Promise<void> {
    const keyring = this.requireKeyring();
    if (this.live === null) {
      this.live = this.realtime.connect().subscribe((message) => {
        // After a reconnect, catch up on what the events of the gap would have said.
        if (message.type === 'connected') void this.catchUp();
      });
      this.live.add(
        // One event at a time, in order: a message and the key it needs often arrive together.
        this.realtime.chatEvents$.subscribe((event) => {
          this.events = this.events.then(() => this.onEvent(event)).catch(() => undefined);
        }),
      );
    }
    await keyring.fetchMailbox();
    await this.refreshRooms();
    const next = this.pending;
    this.pending = null;
    if (next) {
      await this.guard(next);
    } else {
      // Back on the page: the room shown last, read again (events were not followed meanwhile).
      const room = this.activeRoom() ?? this.rooms()[0];
      if (room) await this.selectRoom(room.id);
    }
  }

  private async catchUp(): Promise<void> {
    if (!this.keyring?.ready) return;
    await this.keyring.fetchMailbox();
    await this.refreshRooms();
    const room = this.activeRoom();
    if (room) await this.loadPage(room, null, true);
  }

  private async refreshRooms(): Promise<void> {
    this.rooms.set(await this.api.rooms());
  }

  private async detail(roomId: string, refresh = false): Promise<ChatRoomDetailView> {
    const cached = this.details.get(roomId);
    if (cached && !refresh) return cached;
    const room = await this.api.room(roomId);
    this.details.set(roomId, room);
    return room;
  }

  /** One page of history (newest first from the server), decrypted and merged in order. */
  private async loadPage(
    room: ChatRoomDetailView,
    before: string | null,
    latestOnly = false,
  ): Promise<void> {
    const page = await this.api.messages(room.id, before);
    for (const message of page.items) await this.upsert(message, room, false);
    await this.keyring?.saveState();
    if (!latestOnly) this.olderCursor.set(page.nextCursor);
  }

  /** Decrypts `message` and puts it in its place in the open conversation. */
  private async upsert(
    message: ChatMessageView,
    room: ChatRoomDetailView,
    save = true,
  ): Promise<ChatEntry | null> {
    if (this.activeRoom()?.id !== room.id || !this.keyring) return null;
    let opened = await this.keyring.decrypt(message, room.members);
    if (opened.state === 'failed' && opened.reason === 'unknown-session') {
      // The key may be in the mailbox already (the event raced the message).
      await this.keyring.fetchMailbox();
      opened = await this.keyring.decrypt(message, room.members);
    }
    if (save) await this.keyring.saveState();
    const me = this.myId;
    const entry: ChatEntry = {
      id: message.id,
      clientMessageId: message.clientMessageId,
      senderUserId: message.senderUserId,
      senderName:
        room.members.find((m) => m.userId === message.senderUserId)?.name ?? 'Former member',
      mine: message.senderUserId === me,
      createdAt: message.createdAt,
      editedAt: message.editedAt,
      deletedAt: message.deletedAt,
      delivery: 'sent',
      opened,
      raw: message,
    };
    this.entries.update((list) => {
      const rest = list.filter(
        (e) => e.id !== message.id && e.clientMessageId !== message.clientMessageId,
      );
      return [...rest, entry].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    });
    this.applyReadMarkers();
    return entry;
  }

  /** Decrypts again the messages that waited for their key. */
  private async retryWaiting(): Promise<void> {
    const room = this.activeRoom();
    if (!room) return;
    const waiting = this.entries().filter(
      (e) => e.opened.state === 'failed' && e.opened.reason === 'unknown-session' && e.raw,
    );
    for (const entry of waiting) await this.upsert(entry.raw as ChatMessageView, room, false);
    await this.keyring?.saveState();
  }

  private async onEvent(event: ChatRealtimeEvent): Promise<void> {
    const keyring = this.keyring;
    if (!keyring?.ready) return;
    switch (event.type) {
      case 'chat:message':
      case 'chat:message-edited': {
        const message = event.payload.message;
        const active = this.activeRoom();
        if (active?.id === message.roomId) {
          const entry = await this.upsert(message, active);
          if (event.type === 'chat:message' && entry && !entry.mine) {
            this.notify(entry, active.title);
            if (!this.document.hidden) await this.markRead();
          }
        } else if (event.type === 'chat:message' && message.senderUserId !== this.myId) {
          await this.notifyOther(message);
        }
        this.rooms.update((rooms) =>
          rooms.map((r) =>
            r.id === message.roomId ? { ...r, lastActivityAt: message.createdAt } : r,
          ),
        );
        return;
      }
      case 'chat:message-deleted': {
        const { roomId, messageId, deletedAt } = event.payload;
        if (this.activeRoom()?.id !== roomId) return;
        this.entries.update((list) =>
          list.map((e) =>
            e.id === messageId ? { ...e, deletedAt, opened: { state: 'deleted' } } : e,
          ),
        );
        return;
      }
      case 'chat:read': {
        const { roomId, userId, messageId } = event.payload;
        if (this.activeRoom()?.id !== roomId || userId === this.myId) return;
        this.readMarkers.update((markers) => ({ ...markers, [userId]: messageId }));
        this.applyReadMarkers();
        return;
      }
      case 'chat:unread': {
        const { roomId, unread } = event.payload;
        this.rooms.update((rooms) => rooms.map((r) => (r.id === roomId ? { ...r, unread } : r)));
        return;
      }
      case 'chat:room-changed': {
        const { roomId, added, removed } = event.payload;
        for (const member of [...added, ...removed]) keyring.forgetMember(member.userId);
        this.details.delete(roomId);
        await this.refreshRooms();
        if (this.activeRoom()?.id === roomId) {
          const room = await this.detail(roomId, true);
          this.activeRoom.set(room);
        }
        return;
      }
      case 'chat:key-mailbox':
        if (event.payload.deviceId === keyring.deviceId) {
          await keyring.fetchMailbox();
          await this.retryWaiting();
        }
        return;
      case 'chat:identity-changed':
      case 'chat:device-changed': {
        const userId = event.payload.userId;
        keyring.forgetMember(userId);
        const room = this.activeRoom();
        if (room && room.memberIds.includes(userId) && userId !== this.myId) {
          const keys = await keyring.memberKeys(userId);
          const name = room.members.find((m) => m.userId === userId)?.name ?? 'A member';
          if (keys.identity?.status === 'changed') {
            this.warn(
              `${name}'s keys changed (they started fresh). Compare safety fingerprints again.`,
            );
          } else if (event.type === 'chat:device-changed' && event.payload.change === 'added') {
            this.warn(
              keyring.isVerified(userId)
                ? `${name} added a device, signed by their verified key.`
                : `${name} signed in on a new device. You have not verified ${name} yet.`,
            );
          }
        }
        return;
      }
    }
  }

  /** Warns about members whose identity key changed since this browser last saw it. */
  private async checkMembers(room: ChatRoomDetailView): Promise<void> {
    const keyring = this.requireKeyring();
    for (const userId of room.memberIds) {
      if (userId === this.myId) continue;
      const keys = await keyring.memberKeys(userId);
      const name = room.members.find((m) => m.userId === userId)?.name ?? 'A member';
      if (keys.identity?.status === 'changed') {
        this.warn(
          `${name}'s keys changed since you last talked. Compare safety fingerprints again.`,
        );
      }
      if (keys.rejectedDevices > 0) {
        this.warn(`A device listed for ${name} is not signed by their key: it gets no messages.`);
      }
    }
  }

  /** Tells the server what was read, when a message from someone else is on screen. */
  private async markRead(): Promise<void> {
    const room = this.activeRoom();
    const last = [...this.entries()].reverse().find((e) => !e.mine && e.raw !== null);
    if (!room || !last) return;
    const result = await this.api.markRead(room.id, last.id);
    this.rooms.update((rooms) =>
      rooms.map((r) => (r.id === room.id ? { ...r, unread: result.unread } : r)),
    );
  }

  private othersReadMarkers(room: ChatRoomDetailView): Record<string, string> {
    const markers: Record<string, string> = {};
    for (const member of room.members) {
      if (member.userId !== this.myId && member.readMessageId)
        markers[member.userId] = member.readMessageId;
    }
    return markers;
  }

  /** Own messages at or before another member's read marker show as read. */
  private applyReadMarkers(): void {
    const markers = Object.values(this.readMarkers());
    if (markers.length === 0) return;
    this.entries.update((list) => {
      const positions = markers.map((id) => list.findIndex((e) => e.id === id));
      const furthest = Math.max(...positions);
      return list.map((e, index) =>
        e.mine && e.delivery === 'sent' && index <= furthest ? { ...e, delivery: 'read' } : e,
      );
    });
  }

  private notify(entry: ChatEntry, roomTitle: string): void {
    if (entry.opened.state !== 'ok') return;
    this.notifier.show(`${entry.senderName} · ${roomTitle}`, entry.opened.plaintext.text);
  }

  /**
   * A message in another room, or any message while the chat page is closed (`anyPage`): decrypted
   * here too, so the notification can say what it says.
   */
  private async notifyOther(message: ChatMessageView, anyPage = false): Promise<void> {
    if (!this.notifier.wanted(anyPage) || !this.keyring) return;
    const room = await this.detail(message.roomId);
    let opened = await this.keyring.decrypt(message, room.members);
    if (opened.state === 'failed' && opened.reason === 'unknown-session') {
      // A new room key travels with the message: it may wait in the mailbox already.
      await this.keyring.fetchMailbox();
      opened = await this.keyring.decrypt(message, room.members);
    }
    await this.keyring.saveState();
    if (opened.state !== 'ok') return;
    const sender = room.members.find((m) => m.userId === message.senderUserId)?.name ?? 'Someone';
    this.notifier.show(`${sender} · ${room.title}`, opened.plaintext.text, anyPage);
  }

  private warn(text: string): void {
    this.warnings.update((list) => (list.includes(text) ? list : [...list, text]));
  }

  private requireKeyring(): ChatKeyring {
    if (!this.keyring) throw new Error('chat is not open');
    return this.keyring;
  }

  /** Runs an action with the busy flag, turning failures into words on the page. */
  private async guard<T>(action: () => Promise<T>): Promise<T | false> {
    this.busy.set(true);
    this.error.set(null);
    try {
      return await action();
    } catch (error) {
      this.error.set(this.describeFailure(error));
      return false;
    } finally {
      this.busy.set(false);
    }
  }

  private describeFailure(error: unknown): string {
    if (error instanceof Error && !('status' in error)) return error.message;
    const failure = toApiFailure(error);
    return failure.message ?? 'The server could not be reached. Try again.';
  }
}
