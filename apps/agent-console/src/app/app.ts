import { DOCUMENT } from '@angular/common';
import { Component, Injector, computed, effect, inject } from '@angular/core';
import { RouterOutlet } from '@angular/router';
import { Store } from '@ngrx/store';

import { AuthActions, selectIsRestoring, selectUser } from '@poscalls4u/web-auth';
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
      [nav]="nav"
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
  private readonly document = inject(DOCUMENT);

  protected readonly user = this.store.selectSignal(selectUser);
  protected readonly restoring = this.store.selectSignal(selectIsRestoring);
  protected readonly nav = NAV;

  private readonly injector = inject(Injector);
  private readonly userId = computed(() => this.user()?.id ?? null);

  constructor() {
    // Desktop notifications of chat messages on every page: the chat library (and its
    // cryptography) loads lazily once someone is signed in who allowed notifications in this
    // browser (without that permission it would show nothing), and stops watching at sign-out.
    effect((onCleanup) => {
      const userId = this.userId();
      if (userId === null) return;
      if (this.notificationPermission() !== 'granted') return;
      let stop: (() => void) | null = null;
      let ended = false;
      void import('@poscalls4u/web-chat').then(({ watchChatInBackground }) => {
        if (!ended) stop = watchChatInBackground(this.injector);
      });
      onCleanup(() => {
        ended = true;
        stop?.();
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
