import { Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule } from '@angular/material/dialog';
import { Observable, map } from 'rxjs';

export interface ConfirmDialogData {
  title: string;
  message: string;
  /** Who or what the action affects, listed under the message. */
  items?: readonly string[];
  confirmLabel: string;
  /** Shown in the error colour, for actions that lock someone out or end sessions. */
  destructive?: boolean;
}

/** A yes/no question before an action that is hard to undo. Keyboard: Enter confirms, Esc cancels. */
@Component({
  selector: 'pc-confirm-dialog',
  imports: [MatDialogModule, MatButtonModule],
  template: `
    <h2 mat-dialog-title>{{ data.title }}</h2>
    <mat-dialog-content>
      <p>{{ data.message }}</p>
      @if (data.items?.length) {
        <ul class="pc-confirm__items" data-testid="confirm-items">
          @for (item of data.items; track $index) {
            <li>{{ item }}</li>
          }
        </ul>
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" [mat-dialog-close]="false" data-testid="confirm-cancel">
        Cancel
      </button>
      <button
        mat-flat-button
        type="button"
        cdkFocusInitial
        [class.pc-confirm--destructive]="data.destructive"
        [mat-dialog-close]="true"
        data-testid="confirm-ok"
      >
        {{ data.confirmLabel }}
      </button>
    </mat-dialog-actions>
  `,
  styles: `
    .pc-confirm__items {
      max-height: 12rem;
      overflow-y: auto;
      padding-left: 1.25rem;
    }
    .pc-confirm--destructive {
      --mat-button-filled-container-color: var(--mat-sys-error);
      --mat-button-filled-label-text-color: var(--mat-sys-on-error);
    }
  `,
})
export class ConfirmDialogComponent {
  protected readonly data = inject<ConfirmDialogData>(MAT_DIALOG_DATA);
}

/** Opens the confirm dialog; emits true when the person confirmed. */
export function confirmAction(dialog: MatDialog, data: ConfirmDialogData): Observable<boolean> {
  return dialog
    .open<ConfirmDialogComponent, ConfirmDialogData, boolean>(ConfirmDialogComponent, {
      data,
      width: '28rem',
      autoFocus: 'dialog',
    })
    .afterClosed()
    .pipe(map((result) => result === true));
}
