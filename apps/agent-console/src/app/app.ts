import { Component, Signal, computed, inject, signal } from '@angular/core';
import { RouterOutlet } from '@angular/router';
import { Store } from '@ngrx/store';

import { AuthActions, selectIsRestoring, selectUser } from '@poscalls4u/web-auth';
import { startChatWatchers } from '@poscalls4u/web-chat/watchers';
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
        <!-- Deferred: the bell (and the socket client it opens) stay out of the first bundle. -->
        <span pcShellActions>
          @defer (on idle) {
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

  protected readonly user = this.store.selectSignal(selectUser);
  protected readonly restoring = this.store.selectSignal(selectIsRestoring);
  /** The total of unread chat messages, once the watch has loaded. */
  private readonly chatUnread = signal<Signal<number> | null>(null);
  protected readonly nav = computed(() => withChatUnread(NAV, this.chatUnread()?.() ?? 0));

  private readonly userId = computed(() => this.user()?.id ?? null);

  constructor() {
    // Chat's desktop notifications and the Chat entry's unread count, on every page.
    startChatWatchers(this.userId, this.chatUnread);
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
