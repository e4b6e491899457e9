import { TestBed } from '@angular/core/testing';
import { Subject, of, throwError } from 'rxjs';

import { NotificationPage, NotificationView } from '@poscalls4u/contracts';

import { RealtimeClient, RealtimeMessage } from '../realtime-client';
import { NOTIFICATIONS_PAGE_SIZE, NotificationCentre } from './notification-centre';
import { NotificationsApi } from './notifications-api';

function view(id: string, minute: number, readAt: string | null = null): NotificationView {
  return {
    id,
    kind: 'team_added',
    level: 'info',
    title: `Title ${id}`,
    body: `Body ${id}`,
    link: null,
    createdAt: `2026-12-07T06:${String(minute).padStart(2, '0')}:00.000Z`,
    readAt,
  };
}

function page(items: NotificationView[], unreadCount: number, nextCursor: string | null = null) {
  return {
    items,
    total: items.length,
    page: 1,
    pageSize: NOTIFICATIONS_PAGE_SIZE,
    nextCursor,
    unreadCount,
  } satisfies NotificationPage;
}

function live(notification: NotificationView): RealtimeMessage {
  return {
    type: 'notification',
    payload: {
      id: notification.id,
      level: notification.level,
      title: notification.title,
      message: notification.body,
      at: notification.createdAt,
      notification,
    },
  };
}

describe('NotificationCentre', () => {
  let messages: Subject<RealtimeMessage>;
  let api: { list: jest.Mock; markRead: jest.Mock; markAllRead: jest.Mock };
  let centre: NotificationCentre;

  beforeEach(() => {
    messages = new Subject<RealtimeMessage>();
    api = { list: jest.fn(), markRead: jest.fn(), markAllRead: jest.fn() };
    TestBed.configureTestingModule({
      providers: [
        NotificationCentre,
        { provide: NotificationsApi, useValue: api },
        { provide: RealtimeClient, useValue: { connect: () => messages.asObservable() } },
      ],
    });
    centre = TestBed.inject(NotificationCentre);
  });

  it('lists the first page on start and on every reconnect: the catch-up after being offline', () => {
    api.list.mockReturnValueOnce(of(page([view('b', 2), view('a', 1)], 2, 'cursor-1')));
    // The connection may be open already (no `connected` comes): the first page is read anyway.
    centre.start();
    expect(api.list).toHaveBeenCalledWith(NOTIFICATIONS_PAGE_SIZE);
    expect(centre.items().map((item) => item.id)).toEqual(['b', 'a']);
    expect(centre.unreadCount()).toBe(2);
    expect(centre.hasMore()).toBe(true);

    api.list.mockReturnValueOnce(of(page([view('c', 3), view('b', 2), view('a', 1)], 3)));
    messages.next({ type: 'disconnected', reason: 'transport close' });
    messages.next({ type: 'connected' });
    expect(centre.items().map((item) => item.id)).toEqual(['c', 'b', 'a']);
    expect(centre.unreadCount()).toBe(3);
  });

  it('adds a live notification once, however often it is heard, and counts it unread', () => {
    api.list.mockReturnValueOnce(of(page([view('a', 1)], 1)));
    centre.start();
    messages.next(live(view('b', 2)));
    messages.next(live(view('b', 2)));
    // A KPI alert's team-wide live event (no stored notification) is not the bell's.
    messages.next({
      type: 'notification',
      payload: { id: 'long_wait:t:c', level: 'warning', title: 'T', message: 'M', at: 'now' },
    });
    expect(centre.items().map((item) => item.id)).toEqual(['b', 'a']);
    expect(centre.unreadCount()).toBe(2);
  });

  it('pages older ones after the cursor', () => {
    api.list
      .mockReturnValueOnce(of(page([view('b', 2)], 2, 'cursor-1')))
      .mockReturnValueOnce(of(page([view('a', 1)], 2)));
    centre.start();
    centre.loadMore();
    expect(api.list).toHaveBeenLastCalledWith(NOTIFICATIONS_PAGE_SIZE, 'cursor-1');
    expect(centre.items().map((item) => item.id)).toEqual(['b', 'a']);
    expect(centre.hasMore()).toBe(false);
  });

  it('marks one read, then all', () => {
    api.list.mockReturnValueOnce(of(page([view('b', 2), view('a', 1)], 2)));
    centre.start();

    api.markRead.mockReturnValueOnce(of(view('a', 1, '2026-12-07T06:30:00.000Z')));
    centre.markRead(centre.items()[1] as NotificationView);
    expect(api.markRead).toHaveBeenCalledWith('a');
    expect(centre.unreadCount()).toBe(1);
    // Already read: nothing to ask.
    centre.markRead(centre.items()[1] as NotificationView);
    expect(api.markRead).toHaveBeenCalledTimes(1);

    api.markAllRead.mockReturnValueOnce(of({ marked: 1, unreadCount: 0 }));
    centre.markAllRead();
    expect(centre.unreadCount()).toBe(0);
    expect(centre.items().every((item) => item.readAt !== null)).toBe(true);
  });

  it('says so when the list cannot be read, and clears it on the next good answer', () => {
    api.list
      .mockReturnValueOnce(throwError(() => new Error('offline')))
      .mockReturnValueOnce(of(page([], 0)));
    centre.start();
    expect(centre.failed()).toBe(true);
    messages.next({ type: 'connected' });
    expect(centre.failed()).toBe(false);
  });
});
