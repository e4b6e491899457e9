import { TestBed } from '@angular/core/testing';
import { Subject, of } from 'rxjs';

import { NotificationView } from '@poscalls4u/contracts';

import { RealtimeClient, RealtimeMessage } from '../realtime-client';
import { NotificationBellComponent } from './notification-bell';
import { NotificationsApi } from './notifications-api';

const UNREAD: NotificationView = {
  id: 'n-1',
  kind: 'team_removed',
  level: 'info',
  title: 'Removed from a team',
  body: 'You are no longer a member of Sales.',
  link: { teamId: 't-1' },
  createdAt: '2026-12-07T06:00:00.000Z',
  readAt: null,
};

describe('NotificationBellComponent', () => {
  it('shows the unread count, lists the notifications and marks them all read', () => {
    const messages = new Subject<RealtimeMessage>();
    const api = {
      list: jest.fn(() =>
        of({ items: [UNREAD], total: 1, page: 1, pageSize: 20, nextCursor: null, unreadCount: 1 }),
      ),
      markRead: jest.fn(),
      markAllRead: jest.fn(() => of({ marked: 1, unreadCount: 0 })),
    };
    TestBed.configureTestingModule({
      imports: [NotificationBellComponent],
      providers: [
        { provide: NotificationsApi, useValue: api },
        { provide: RealtimeClient, useValue: { connect: () => messages.asObservable() } },
      ],
    });
    const fixture = TestBed.createComponent(NotificationBellComponent);
    fixture.detectChanges();
    const element = fixture.nativeElement as HTMLElement;
    const query = (testId: string) =>
      element.querySelector(`[data-testid="${testId}"]`) as HTMLElement | null;

    expect(query('notifications-unread')?.textContent?.trim()).toBe('1');
    expect(query('notifications-bell')?.getAttribute('aria-label')).toBe('Notifications, 1 unread');
    expect(query('notifications-panel')).toBeNull();

    query('notifications-bell')?.click();
    fixture.detectChanges();
    expect(query('notification-item')?.textContent).toContain(
      'You are no longer a member of Sales.',
    );

    query('notifications-read-all')?.click();
    fixture.detectChanges();
    expect(api.markAllRead).toHaveBeenCalled();
    expect(query('notifications-unread')).toBeNull();
  });
});
