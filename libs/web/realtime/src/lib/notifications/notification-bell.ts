import { DatePipe } from '@angular/common';
import { Component, DestroyRef, OnInit, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';

import { NotificationCentre } from './notification-centre';

/**
 * The bell of the app shell: the unread count, and a panel listing the user's notifications
 * (newest first, more on demand), each marked read when opened, or all at once.
 */
@Component({
  selector: 'pc-notification-bell',
  imports: [MatButtonModule, DatePipe],
  providers: [NotificationCentre],
  host: { '(document:keydown.escape)': 'open.set(false)' },
  template: `
    <button
      mat-button
      type="button"
      class="pc-bell__button"
      data-testid="notifications-bell"
      [attr.aria-expanded]="open()"
      aria-controls="pc-notifications-panel"
      [attr.aria-label]="'Notifications, ' + centre.unreadCount() + ' unread'"
      (click)="open.set(!open())"
    >
      <svg aria-hidden="true" viewBox="0 0 24 24" width="22" height="22">
        <path
          fill="currentColor"
          d="M12 22a2 2 0 0 0 2-2h-4a2 2 0 0 0 2 2Zm6-6V11a6 6 0 0 0-5-5.9V4a1 1 0 0 0-2 0v1.1A6 6 0 0 0 6 11v5l-2 2v1h16v-1l-2-2Z"
        />
      </svg>
      @if (centre.unreadCount() > 0) {
        <span class="pc-bell__badge" data-testid="notifications-unread">{{
          centre.unreadCount() > 99 ? '99+' : centre.unreadCount()
        }}</span>
      }
    </button>
    @if (open()) {
      <section
        id="pc-notifications-panel"
        class="pc-bell__panel mat-elevation-z8"
        role="region"
        aria-label="Notifications"
        data-testid="notifications-panel"
      >
        <header class="pc-bell__header">
          <h2 class="pc-bell__heading">Notifications</h2>
          <button
            mat-button
            type="button"
            data-testid="notifications-read-all"
            [disabled]="centre.unreadCount() === 0"
            (click)="centre.markAllRead()"
          >
            Mark all read
          </button>
        </header>
        @if (centre.failed()) {
          <p class="pc-bell__empty" role="alert">Notifications could not be loaded.</p>
        }
        <ul class="pc-bell__list">
          @for (item of centre.items(); track item.id) {
            <li>
              <button
                type="button"
                class="pc-bell__item"
                [class.pc-bell__item--unread]="!item.readAt"
                [class.pc-bell__item--critical]="item.level === 'critical'"
                data-testid="notification-item"
                (click)="centre.markRead(item)"
              >
                <span class="pc-bell__title">{{ item.title }}</span>
                <span class="pc-bell__body">{{ item.body }}</span>
                <time class="pc-bell__time" [attr.datetime]="item.createdAt">{{
                  item.createdAt | date: 'short'
                }}</time>
                @if (!item.readAt) {
                  <span class="pc-bell__sr-only">(unread)</span>
                }
              </button>
            </li>
          } @empty {
            <li class="pc-bell__empty">No notifications yet.</li>
          }
        </ul>
        @if (centre.hasMore()) {
          <button
            mat-button
            type="button"
            data-testid="notifications-more"
            (click)="centre.loadMore()"
          >
            Show older
          </button>
        }
      </section>
    }
  `,
  styles: `
    :host {
      position: relative;
      display: inline-block;
      margin-inline-end: 8px;
    }
    .pc-bell__button {
      min-width: 0;
      position: relative;
    }
    .pc-bell__badge {
      position: absolute;
      top: 2px;
      right: 2px;
      min-width: 18px;
      padding: 0 4px;
      border-radius: 9px;
      background: var(--mat-sys-error, #b3261e);
      color: var(--mat-sys-on-error, #fff);
      font-size: 11px;
      line-height: 18px;
    }
    .pc-bell__panel {
      position: absolute;
      right: 0;
      top: 100%;
      z-index: 1000;
      width: min(380px, 90vw);
      max-height: 70vh;
      overflow: auto;
      padding: 8px;
      border-radius: 8px;
      background: var(--mat-sys-surface-container, #fff);
      color: var(--mat-sys-on-surface, #1d1b20);
      font-size: 14px;
      line-height: 1.4;
    }
    .pc-bell__header {
      display: flex;
      align-items: center;
      justify-content: space-between;
    }
    .pc-bell__heading {
      margin: 0 8px;
      font-size: 16px;
    }
    .pc-bell__list {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .pc-bell__item {
      display: grid;
      width: 100%;
      gap: 2px;
      padding: 8px;
      border: 0;
      border-radius: 6px;
      background: none;
      color: inherit;
      font: inherit;
      text-align: start;
      cursor: pointer;
    }
    .pc-bell__item:hover,
    .pc-bell__item:focus-visible {
      background: var(--mat-sys-surface-container-high, #eee);
    }
    .pc-bell__item--unread .pc-bell__title {
      font-weight: 600;
    }
    .pc-bell__item--unread {
      border-inline-start: 3px solid var(--mat-sys-primary, #6750a4);
    }
    .pc-bell__item--critical .pc-bell__title {
      color: var(--mat-sys-error, #b3261e);
    }
    .pc-bell__time,
    .pc-bell__empty {
      color: var(--mat-sys-on-surface-variant, #49454f);
      font-size: 12px;
    }
    .pc-bell__empty {
      padding: 8px;
    }
    .pc-bell__sr-only {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
    }
  `,
})
export class NotificationBellComponent implements OnInit {
  protected readonly centre = inject(NotificationCentre);
  protected readonly open = signal(false);
  private readonly destroyRef = inject(DestroyRef);

  ngOnInit(): void {
    const subscription = this.centre.start();
    this.destroyRef.onDestroy(() => subscription.unsubscribe());
  }
}
