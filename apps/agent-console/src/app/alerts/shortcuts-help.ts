import { Component } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialogModule } from '@angular/material/dialog';

import { SHORTCUTS } from './shortcuts';

/** The help overlay (`?`): every keyboard shortcut of the agent console. */
@Component({
  selector: 'pc-shortcuts-help',
  imports: [MatDialogModule, MatButtonModule],
  template: `
    <h2 mat-dialog-title>Keyboard shortcuts</h2>
    <mat-dialog-content>
      <p class="pc-shortcuts__note">They work on every page of the console.</p>
      <table class="pc-shortcuts" data-testid="shortcuts-help">
        <caption class="pc-visually-hidden">
          Keyboard shortcuts
        </caption>
        <thead>
          <tr>
            <th scope="col">Keys</th>
            <th scope="col">What it does</th>
          </tr>
        </thead>
        <tbody>
          @for (shortcut of shortcuts; track shortcut.command) {
            <tr [attr.data-testid]="'shortcut-' + shortcut.command">
              <td>
                <kbd>{{ shortcut.keys }}</kbd>
              </td>
              <td>{{ shortcut.description }}</td>
            </tr>
          }
        </tbody>
      </table>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" mat-dialog-close data-testid="shortcuts-close">Close</button>
    </mat-dialog-actions>
  `,
  styles: `
    .pc-shortcuts__note {
      margin-top: 0;
    }
    .pc-shortcuts {
      border-collapse: collapse;
    }
    th,
    td {
      padding: 0.375rem 0.75rem 0.375rem 0;
      text-align: left;
      vertical-align: top;
    }
    kbd {
      padding: 0.125rem 0.375rem;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: var(--mat-sys-corner-extra-small);
      font: var(--mat-sys-label-large);
      white-space: nowrap;
    }
  `,
})
export class ShortcutsHelpComponent {
  protected readonly shortcuts = SHORTCUTS;
}
