import { Component, Injector, computed, effect, inject } from '@angular/core';
import { RouterOutlet } from '@angular/router';
import { Store } from '@ngrx/store';

import { AuthActions, selectIsRestoring, selectUser } from '@poscalls4u/web-auth';
import { NotificationBellComponent } from '@poscalls4u/web-realtime';
import { AppShellComponent, ShellNavItem } from '@poscalls4u/web-ui';

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

  protected readonly user = this.store.selectSignal(selectUser);
  protected readonly restoring = this.store.selectSignal(selectIsRestoring);
  protected readonly nav = NAV;

  private readonly injector = inject(Injector);
  private readonly userId = computed(() => this.user()?.id ?? null);

  constructor() {
    // Desktop notifications of chat messages on every page: the chat library loads lazily once
    // someone is signed in, and stops watching at sign-out.
    effect((onCleanup) => {
      const userId = this.userId();
      if (userId === null) return;
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

  protected signOut(): void {
    this.store.dispatch(AuthActions.signOut());
  }
}
