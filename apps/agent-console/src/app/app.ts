import { Component, Injector, Signal, computed, inject, signal } from '@angular/core';
import { RouterOutlet } from '@angular/router';
import { Store } from '@ngrx/store';

import { AuthActions, selectIsRestoring, selectUser } from '@poscalls4u/web-auth';
import { startChatWatchers } from '@poscalls4u/web-chat/watchers';
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

  protected readonly user = this.store.selectSignal(selectUser);
  protected readonly restoring = this.store.selectSignal(selectIsRestoring);
  /** The total of unread chat messages, once the watch has loaded. */
  private readonly chatUnread = signal<Signal<number> | null>(null);
  protected readonly nav = computed(() => withChatUnread(NAV, this.chatUnread()?.() ?? 0));

  /**
   * The first page drawn and the browser idle (`afterFirstPage`): the chat's watches and the bell
   * start then, so that their code, socket and reads do not hold back the page someone opened.
   */
  protected readonly firstPageShown = signal(false);
  /** Whom the chat's watches follow: nobody until the first page is drawn. */
  private readonly userId = computed(() =>
    this.firstPageShown() ? (this.user()?.id ?? null) : null,
  );

  constructor() {
    void afterFirstPage(inject(Injector)).then(() => this.firstPageShown.set(true));
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
