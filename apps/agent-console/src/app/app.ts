import { DOCUMENT } from '@angular/common';
import { Component, Injector, Signal, computed, effect, inject, signal } from '@angular/core';
import { RouterOutlet } from '@angular/router';
import { Store } from '@ngrx/store';

import { AuthActions, selectIsRestoring, selectUser } from '@poscalls4u/web-auth';
import { afterFirstPage } from '@poscalls4u/web-core';
import { NotificationBellComponent } from '@poscalls4u/web-realtime';
import { AppShellComponent, ShellNavItem } from '@poscalls4u/web-ui/shell';

const NAV: readonly ShellNavItem[] = [
  { label: 'Calls', path: '/', testId: 'nav-calls' },
  { label: 'Chat', path: '/chat', testId: 'nav-chat' },
  { label: 'Profile', path: '/profile', testId: 'nav-profile' },
];

@Component({
  selector: 'pc-root',
  imports: [RouterOutlet, AppShellComponent, NotificationBellComponent],
  template: `
    <pc-app-shell
      appTitle="Agent"
      [user]="user()"
      [restoring]="restoring()"
      [nav]="nav()"
      (signOut)="signOut()"
    >
      @if (user()) {
        <!-- Deferred: the bell (and the socket client it opens) stay out of the first bundle and
          start once the first page is drawn. -->
        <span pcShellActions>
          @defer (when firstPageShown()) {
            <pc-notification-bell />
          }
        </span>
      }
      <router-outlet />
    </pc-app-shell>
  `,
})
export class App {
  private readonly store = inject(Store);
  private readonly document = inject(DOCUMENT);

  protected readonly user = this.store.selectSignal(selectUser);
  protected readonly restoring = this.store.selectSignal(selectIsRestoring);
  /** The total of unread chat messages, once the watch has loaded. */
  private readonly chatUnread = signal<Signal<number> | null>(null);
  protected readonly nav = computed(() => withChatUnread(NAV, this.chatUnread()?.() ?? 0));

  private readonly injector = inject(Injector);
  private readonly userId = computed(() => this.user()?.id ?? null);
  /**
   * The first page drawn and the browser idle: the chat's watches and the bell wait for it, so
   * that their code, socket and reads do not hold back the page someone opened.
   */
  private readonly firstPage = afterFirstPage(this.injector);
  protected readonly firstPageShown = signal(false);

  constructor() {
    void this.firstPage.then(() => this.firstPageShown.set(true));
    // Desktop notifications of chat messages on every page, for someone who allowed them in this
    // browser (without that permission the watch would show nothing, so it does not start); it
    // stops at sign-out.
    effect((onCleanup) => {
      const userId = this.userId();
      if (userId === null) return;
      if (this.notificationPermission() !== 'granted') return;
      let stop: (() => void) | null = null;
      let ended = false;
      void this.firstPage
        .then(() => import('@poscalls4u/web-chat'))
        .then(({ watchChatInBackground }) => {
          if (!ended) stop = watchChatInBackground(this.injector);
        });
      onCleanup(() => {
        ended = true;
        stop?.();
      });
    });

    // The unread count of the Chat entry, live on every page: the chat library loads lazily
    // once someone is signed in and their first page is drawn (it brings the socket client), and
    // stops at sign-out.
    effect((onCleanup) => {
      const userId = this.userId();
      if (userId === null) return;
      let stop: (() => void) | null = null;
      let ended = false;
      void this.firstPage
        .then(() => import('@poscalls4u/web-chat'))
        .then(({ watchChatUnread }) => {
          if (ended) return;
          const watch = watchChatUnread(this.injector);
          stop = watch.stop;
          this.chatUnread.set(watch.total);
        });
      onCleanup(() => {
        ended = true;
        stop?.();
        this.chatUnread.set(null);
      });
    });
  }

  /** The browser's desktop notification permission ('unsupported' without the API). */
  private notificationPermission(): NotificationPermission | 'unsupported' {
    const api = this.document.defaultView?.Notification as typeof Notification | undefined;
    return api?.permission ?? 'unsupported';
  }

  protected signOut(): void {
    this.store.dispatch(AuthActions.signOut());
  }
}

/** The Chat entry carries the unread count ("Chat, 3 unread" to screen readers). */
function withChatUnread(nav: readonly ShellNavItem[], unread: number): ShellNavItem[] {
  return nav.map((item) =>
    item.path === '/chat' ? { ...item, badge: unread, badgeLabel: 'unread' } : item,
  );
}
