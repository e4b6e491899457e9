import { DOCUMENT } from '@angular/common';
import { Component, Signal, computed, inject, signal } from '@angular/core';
import { RouterOutlet } from '@angular/router';
import { Store } from '@ngrx/store';

import { Permission, holdsPermission } from '@poscalls4u/contracts';
import {
  AuthActions,
  selectIsRestoring,
  selectPermissions,
  selectUser,
} from '@poscalls4u/web-auth';
import { startChatWatchers } from '@poscalls4u/web-chat/watchers';
import { NotificationBellComponent } from '@poscalls4u/web-realtime';
import { AppShellComponent, ShellNavItem } from '@poscalls4u/web-ui/shell';

/** The navigation, each entry shown only to people who hold its permission. */
const NAV: readonly (ShellNavItem & { permission?: Permission })[] = [
  { label: 'Dashboard', path: '/', testId: 'nav-home' },
  { label: 'Chat', path: '/chat', testId: 'nav-chat' },
  {
    label: 'Reports',
    path: '/reports',
    testId: 'nav-reports',
    permission: Permission.DashboardView,
  },
  {
    label: 'Staffing',
    path: '/staffing',
    testId: 'nav-staffing',
    permission: Permission.DashboardView,
  },
  {
    label: 'Forecast',
    path: '/forecast',
    testId: 'nav-forecast',
    permission: Permission.DashboardView,
  },
  {
    label: 'Compare teams',
    path: '/compare',
    testId: 'nav-compare',
    permission: Permission.DashboardView,
  },
  {
    label: 'Wallboards',
    path: '/wallboards',
    testId: 'nav-wallboards',
    permission: Permission.WallboardsManage,
  },
  {
    label: 'Scheduled reports',
    path: '/scheduled-reports',
    testId: 'nav-scheduled-reports',
    permission: Permission.ReportsSchedule,
  },
  {
    label: 'Settings',
    path: '/settings',
    testId: 'nav-settings',
    permission: Permission.DashboardView,
  },
  { label: 'Teams', path: '/teams', testId: 'nav-teams', permission: Permission.TeamsManage },
  { label: 'Skills', path: '/skills', testId: 'nav-skills', permission: Permission.SkillsManage },
  {
    label: 'Dispositions',
    path: '/dispositions',
    testId: 'nav-dispositions',
    permission: Permission.DashboardView,
  },
  {
    label: 'Break reasons',
    path: '/break-reasons',
    testId: 'nav-break-reasons',
    permission: Permission.DashboardView,
  },
  {
    label: 'Integrations',
    path: '/integrations',
    testId: 'nav-integrations',
    permission: Permission.UsersManage,
  },
  { label: 'Users', path: '/users', testId: 'nav-users', permission: Permission.UsersManage },
  { label: 'Audit log', path: '/audit', testId: 'nav-audit', permission: Permission.AuditRead },
  {
    label: 'Security',
    path: '/security',
    testId: 'nav-security',
    permission: Permission.UsersManage,
  },
  {
    label: 'Permissions',
    path: '/security-profiles',
    testId: 'nav-permissions',
    permission: Permission.SecurityProfilesManage,
  },
  { label: 'Profile', path: '/profile', testId: 'nav-profile' },
];

@Component({
  selector: 'pc-root',
  imports: [RouterOutlet, AppShellComponent, NotificationBellComponent],
  template: `
    @if (wallboard) {
      <!-- A wallboard screen: the page alone, without the console's chrome or a session. -->
      <router-outlet />
    } @else {
      <pc-app-shell
        appTitle="Supervisor"
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
    }
  `,
})
export class App {
  private readonly store = inject(Store);
  private readonly document = inject(DOCUMENT);
  /** The wallboard screen is a page of its own (it is never left for another page). */
  protected readonly wallboard = /\/wallboard\/?$/.test(this.document.location.pathname);

  protected readonly user = this.store.selectSignal(selectUser);
  protected readonly restoring = this.store.selectSignal(selectIsRestoring);
  private readonly permissions = this.store.selectSignal(selectPermissions);
  /** The total of unread chat messages, once the watch has loaded. */
  private readonly chatUnread = signal<Signal<number> | null>(null);
  protected readonly nav = computed(() => {
    const permissions = this.permissions();
    const unread = this.chatUnread()?.() ?? 0;
    return permissions === null
      ? []
      : NAV.filter(
          (item) => item.permission === undefined || holdsPermission(permissions, item.permission),
        ).map(({ label, path, testId }) =>
          // The Chat entry carries the unread count ("Chat, 3 unread" to screen readers).
          path === '/chat'
            ? { label, path, testId, badge: unread, badgeLabel: 'unread' }
            : { label, path, testId },
        );
  });

  private readonly userId = computed(() => this.user()?.id ?? null);

  constructor() {
    // Chat's desktop notifications and the Chat entry's unread count, never on a wallboard.
    if (!this.wallboard) startChatWatchers(this.userId, this.chatUnread);
  }

  protected signOut(): void {
    this.store.dispatch(AuthActions.signOut());
  }
}
