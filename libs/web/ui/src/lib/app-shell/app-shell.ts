import { Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatToolbarModule } from '@angular/material/toolbar';
import { RouterLink, RouterLinkActive } from '@angular/router';

import { Role } from '@poscalls4u/contracts';

import { LogoComponent } from '../logo/logo';
import { roleLabel } from '../role/role-label';
import { ThemeToggleComponent } from '../theme/theme-toggle';

/** What the toolbar shows about the signed-in person. */
export interface ShellUser {
  name: string;
  role: Role;
}

/** One entry of the toolbar's navigation. */
export interface ShellNavItem {
  label: string;
  /** Router path, e.g. `/users`. */
  path: string;
  /** `data-testid` of the link, for the browser tests. */
  testId: string;
  /** A count shown beside the label while above 0 (the Chat entry's unread messages). */
  badge?: number;
  /** What the count counts, for screen readers: "Chat, 3 unread". */
  badgeLabel?: string;
}

/** The largest count a badge spells out; above it reads "99+". */
const BADGE_MAX = 99;

/**
 * The frame of both consoles: a toolbar with the brand, the console's name and, once signed in,
 * the person's name, role and a sign-out button; the page goes in the main landmark below.
 * Content marked `pcShellActions` (the notification bell) sits before the name once signed in.
 */
@Component({
  selector: 'pc-app-shell',
  imports: [
    MatToolbarModule,
    MatButtonModule,
    RouterLink,
    RouterLinkActive,
    LogoComponent,
    ThemeToggleComponent,
  ],
  templateUrl: './app-shell.html',
  styleUrl: './app-shell.scss',
})
export class AppShellComponent {
  /** The console's name next to the logo, e.g. "Agent". */
  readonly appTitle = input.required<string>();
  readonly user = input<ShellUser | null>(null);
  /** Links shown to signed-in people (the consoles decide who sees which). */
  readonly nav = input<readonly ShellNavItem[]>([]);
  /** The session is being restored on start-up: hold the signed-in header's room. */
  readonly restoring = input(false);
  readonly signOut = output<void>();

  protected readonly roleLabel = roleLabel;

  protected badgeText(count: number): string {
    return count > BADGE_MAX ? `${BADGE_MAX}+` : String(count);
  }

  /** The link's accessible name with its count ("Chat, 3 unread"); its own label without one. */
  protected linkLabel(item: ShellNavItem): string | null {
    const count = item.badge ?? 0;
    if (count <= 0) return null;
    const amount = count > BADGE_MAX ? `more than ${BADGE_MAX}` : String(count);
    return `${item.label}, ${amount} ${item.badgeLabel ?? 'new'}`;
  }
}
