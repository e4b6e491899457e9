import { Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatToolbarModule } from '@angular/material/toolbar';

import { Role } from '@poscalls4u/contracts';

import { LogoComponent } from '../logo/logo';
import { roleLabel } from '../role/role-label';

/** What the toolbar shows about the signed-in person. */
export interface ShellUser {
  name: string;
  role: Role;
}

/**
 * The frame of both consoles: a toolbar with the brand, the console's name and, once signed in,
 * the person's name, role and a sign-out button; the page goes in the main landmark below.
 */
@Component({
  selector: 'pc-app-shell',
  imports: [MatToolbarModule, MatButtonModule, LogoComponent],
  templateUrl: './app-shell.html',
  styleUrl: './app-shell.scss',
})
export class AppShellComponent {
  /** The console's name next to the logo, e.g. "Agent". */
  readonly appTitle = input.required<string>();
  readonly user = input<ShellUser | null>(null);
  readonly signOut = output<void>();

  protected readonly roleLabel = roleLabel;
}
