import { Injectable, computed, inject, signal } from '@angular/core';
import { Subscription } from 'rxjs';

import { NotificationView } from '@poscalls4u/contracts';

import { RealtimeClient } from '../realtime-client';
import { NotificationsApi } from './notifications-api';

export const NOTIFICATIONS_PAGE_SIZE = 20;

/** Newest first (the API's order), each id once. */
function mergeNewestFirst(...lists: (readonly NotificationView[])[]): NotificationView[] {
  const byId = new Map<string, NotificationView>();
  for (const list of lists)
    for (const item of list) if (!byId.has(item.id)) byId.set(item.id, item);
  return [...byId.values()].sort((a, b) =>
    a.createdAt === b.createdAt ? b.id.localeCompare(a.id) : b.createdAt.localeCompare(a.createdAt),
  );
}

/**
 * The state of the bell: the user's notifications read so far and the unread count. It lists the
 * first page when it starts and on every (re)connect of the realtime connection — that is how a client catches up
 * on what was sent while it was offline — and adds each stored notification that arrives live,
 * dropping one it already holds (the id is the stored one).
 */
@Injectable()
export class NotificationCentre {
  private readonly api = inject(NotificationsApi);
  private readonly realtime = inject(RealtimeClient);
  /** Live ones that arrived while a first page was on its way; merged into it. */
  private arrivedWhileLoading: NotificationView[] = [];
  private loadingFirstPage = false;

  readonly items = signal<NotificationView[]>([]);
  readonly unreadCount = signal(0);
  readonly nextCursor = signal<string | null>(null);
  readonly failed = signal(false);
  readonly hasMore = computed(() => this.nextCursor() !== null);

  /**
   * Lists the first page now and follows the realtime connection until the subscription ends.
   * The connection may already be open (another feature opened it), and then no `connected`
   * comes: hence the first list here, not only on `connected`.
   */
  start(): Subscription {
    this.reload();
    return this.realtime.connect().subscribe((message) => {
      if (message.type === 'connected') this.reload();
      else if (message.type === 'notification' && message.payload.notification) {
        this.received(message.payload.notification);
      }
    });
  }

  reload(): void {
    this.loadingFirstPage = true;
    this.arrivedWhileLoading = [];
    this.api.list(NOTIFICATIONS_PAGE_SIZE).subscribe({
      next: (page) => {
        const ids = new Set(page.items.map((item) => item.id));
        const missed = this.arrivedWhileLoading.filter((item) => !ids.has(item.id));
        this.items.set(mergeNewestFirst(missed, page.items));
        this.unreadCount.set(page.unreadCount + missed.filter((item) => !item.readAt).length);
        this.nextCursor.set(page.nextCursor);
        this.failed.set(false);
      },
      error: () => this.failed.set(true),
      complete: () => (this.loadingFirstPage = false),
    });
  }

  loadMore(): void {
    const cursor = this.nextCursor();
    if (cursor === null) return;
    this.api.list(NOTIFICATIONS_PAGE_SIZE, cursor).subscribe({
      next: (page) => {
        this.items.update((items) => mergeNewestFirst(items, page.items));
        this.unreadCount.set(page.unreadCount);
        this.nextCursor.set(page.nextCursor);
      },
      error: () => this.failed.set(true),
    });
  }

  received(notification: NotificationView): void {
    if (this.items().some((item) => item.id === notification.id)) return;
    if (this.loadingFirstPage) this.arrivedWhileLoading.push(notification);
    this.items.update((items) => mergeNewestFirst([notification], items));
    if (!notification.readAt) this.unreadCount.update((count) => count + 1);
  }

  markRead(notification: NotificationView): void {
    if (notification.readAt) return;
    this.api.markRead(notification.id).subscribe({
      next: (read) => {
        this.items.update((items) => items.map((item) => (item.id === read.id ? read : item)));
        this.unreadCount.update((count) => Math.max(0, count - 1));
      },
      error: () => this.failed.set(true),
    });
  }

  markAllRead(): void {
    this.api.markAllRead().subscribe({
      next: (result) => {
        const now = new Date().toISOString();
        this.items.update((items) =>
          items.map((item) => ({ ...item, readAt: item.readAt ?? now })),
        );
        this.unreadCount.set(result.unreadCount);
      },
      error: () => this.failed.set(true),
    });
  }
}
