import { TestBed } from '@angular/core/testing';

import { DesktopNotifier, NOTIFICATION_API } from './desktop-notifier';

/** A stand-in for the browser's Notification class that records what was shown. */
class FakeNotification {
  static permission: NotificationPermission = 'default';
  static shown: FakeNotification[] = [];
  static requestPermission = jest.fn(async () => {
    FakeNotification.permission = 'granted';
    return FakeNotification.permission;
  });
  onclick: (() => void) | null = null;
  closed = false;
  constructor(
    readonly title: string,
    readonly options: NotificationOptions,
  ) {
    FakeNotification.shown.push(this);
  }
  close(): void {
    this.closed = true;
  }
}

describe('DesktopNotifier', () => {
  let hidden: boolean;

  beforeEach(() => {
    FakeNotification.permission = 'default';
    FakeNotification.shown = [];
    FakeNotification.requestPermission.mockClear();
    hidden = true;
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
    TestBed.configureTestingModule({
      providers: [{ provide: NOTIFICATION_API, useValue: FakeNotification }],
    });
  });

  const notice = { callId: 'call-1', title: 'Incoming call: +15550100', body: 'for Support' };

  it('never asks on its own, and shows nothing before the agent allowed it', () => {
    const notifier = TestBed.inject(DesktopNotifier);
    notifier.notify(notice);
    expect(FakeNotification.requestPermission).not.toHaveBeenCalled();
    expect(FakeNotification.shown).toEqual([]);
    expect(notifier.permission()).toBe('default');
  });

  it('notifies of an offer while the tab is hidden, once allowed, and closes it', async () => {
    const notifier = TestBed.inject(DesktopNotifier);
    await notifier.askPermission();
    expect(notifier.permission()).toBe('granted');

    hidden = false;
    notifier.notify(notice);
    expect(FakeNotification.shown).toEqual([]);

    hidden = true;
    notifier.notify(notice);
    const [shown] = FakeNotification.shown;
    expect(shown?.title).toBe('Incoming call: +15550100');
    expect(shown?.options).toMatchObject({ tag: 'offer-call-1', requireInteraction: true });
    notifier.close();
    expect(shown?.closed).toBe(true);
  });

  it('says so when the browser has no notifications', () => {
    TestBed.resetTestingModule();
    TestBed.configureTestingModule({ providers: [{ provide: NOTIFICATION_API, useValue: null }] });
    expect(TestBed.inject(DesktopNotifier).permission()).toBe('unsupported');
  });
});
