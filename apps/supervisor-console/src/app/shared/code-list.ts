import { Component, OnInit, computed, inject, input, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { Store } from '@ngrx/store';
import { Observable, filter } from 'rxjs';

import { Role } from '@poscalls4u/contracts';
import { apiErrorMessage, selectUser } from '@poscalls4u/web-auth';
import { toApiFailure } from '@poscalls4u/web-core';
import { confirmAction } from '@poscalls4u/web-ui/confirm-dialog';

import { SERVER_ERROR, serverError, showApiFailure } from './api-form-errors';

/** A coded entry agents pick from: a disposition or a break reason. */
export interface CodeEntry {
  code: string;
  label: string;
  isActive: boolean;
  /** Dispositions: counts as a success. */
  isSuccess?: boolean;
  /** Break reasons: set by the system only, never changed by hand. */
  systemOnly?: boolean;
}

export interface CodeEntryChanges {
  label?: string;
  isActive?: boolean;
  isSuccess?: boolean;
}

/** The API behind one list. */
export interface CodeListSource {
  list(includeInactive: boolean): Observable<CodeEntry[]>;
  create(entry: { code: string; label: string; isSuccess?: boolean }): Observable<CodeEntry>;
  update(code: string, changes: CodeEntryChanges): Observable<CodeEntry>;
}

/** The API's rule for codes, checked here first so the person learns it before saving. */
const CODE_PATTERN = /^[a-z][a-z0-9_]{1,39}$/;

/**
 * A list of coded entries: everyone reads the active ones; admins add, rename, mark as success
 * (dispositions) and retire or bring back (never delete: past calls and states keep their code).
 */
@Component({
  selector: 'pc-code-list',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatInputModule,
  ],
  template: `
    <div class="pc-page">
      <h1 class="pc-page__title">{{ title() }}</h1>
      <p class="pc-code-list__intro">{{ intro() }}</p>

      <div aria-live="polite">
        @if (notice(); as message) {
          <p class="pc-message pc-message--info" data-testid="codes-notice">{{ message }}</p>
        }
        @if (error(); as message) {
          <p class="pc-message pc-message--error" role="alert" data-testid="codes-error">
            {{ message }}
          </p>
        }
      </div>

      @if (isAdmin()) {
        <form
          class="pc-toolbar-row pc-code-list__add"
          [formGroup]="addForm"
          (ngSubmit)="add()"
          [attr.aria-label]="'Add a ' + noun()"
        >
          <mat-form-field appearance="outline">
            <mat-label>Code</mat-label>
            <input matInput formControlName="code" data-testid="code-new-code" />
            <mat-hint>e.g. sale_closed</mat-hint>
            <mat-error>{{ addError('code') }}</mat-error>
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label>Label</mat-label>
            <input matInput formControlName="label" data-testid="code-new-label" />
            <mat-error>{{ addError('label') }}</mat-error>
          </mat-form-field>
          @if (withSuccess()) {
            <mat-checkbox formControlName="isSuccess" data-testid="code-new-success">
              Counts as a success
            </mat-checkbox>
          }
          <button mat-flat-button type="submit" data-testid="code-add">Add</button>
        </form>
        <mat-checkbox
          [checked]="includeInactive()"
          (change)="showRetired($event.checked)"
          data-testid="codes-show-retired"
        >
          Show retired
        </mat-checkbox>
      }

      <table class="pc-code-list__table" data-testid="codes-table">
        <caption class="pc-visually-hidden">
          {{
            title()
          }}
        </caption>
        <thead>
          <tr>
            <th scope="col">Code</th>
            <th scope="col">Label</th>
            @if (withSuccess()) {
              <th scope="col">Success</th>
            }
            <th scope="col">Status</th>
            @if (isAdmin()) {
              <th scope="col"><span class="pc-visually-hidden">Actions</span></th>
            }
          </tr>
        </thead>
        <tbody>
          @for (entry of entries(); track entry.code) {
            <tr data-testid="code-row">
              <td data-testid="code-row-code">{{ entry.code }}</td>
              <td data-testid="code-row-label">
                @if (editing() === entry.code) {
                  <mat-form-field appearance="outline" subscriptSizing="dynamic">
                    <mat-label>New label of {{ entry.code }}</mat-label>
                    <input matInput [formControl]="rename" data-testid="code-rename-input" />
                  </mat-form-field>
                } @else {
                  {{ entry.label }}
                }
              </td>
              @if (withSuccess()) {
                <td>{{ entry.isSuccess ? 'Yes' : 'No' }}</td>
              }
              <td data-testid="code-row-status">
                {{ entry.systemOnly ? 'Set by the system' : entry.isActive ? 'Active' : 'Retired' }}
              </td>
              @if (isAdmin()) {
                <td class="pc-code-list__actions">
                  @if (entry.systemOnly) {
                    <!-- The API refuses changes to what the system sets. -->
                  } @else if (editing() === entry.code) {
                    <button
                      mat-flat-button
                      type="button"
                      data-testid="code-rename-save"
                      (click)="saveRename(entry)"
                    >
                      Save
                    </button>
                    <button mat-button type="button" (click)="editing.set(null)">Cancel</button>
                  } @else {
                    <button
                      mat-stroked-button
                      type="button"
                      data-testid="code-rename"
                      [attr.aria-label]="'Rename ' + entry.label"
                      (click)="startRename(entry)"
                    >
                      Rename
                    </button>
                    @if (withSuccess()) {
                      <button
                        mat-stroked-button
                        type="button"
                        data-testid="code-toggle-success"
                        (click)="change(entry, { isSuccess: !entry.isSuccess })"
                      >
                        {{ entry.isSuccess ? 'Not a success' : 'Counts as success' }}
                      </button>
                    }
                    <button
                      mat-stroked-button
                      type="button"
                      data-testid="code-toggle-active"
                      [attr.aria-label]="(entry.isActive ? 'Retire ' : 'Bring back ') + entry.label"
                      (click)="toggleActive(entry)"
                    >
                      {{ entry.isActive ? 'Retire' : 'Bring back' }}
                    </button>
                  }
                </td>
              }
            </tr>
          } @empty {
            <tr>
              <td colspan="5">{{ loading() ? 'Loading…' : 'None yet.' }}</td>
            </tr>
          }
        </tbody>
      </table>
    </div>
  `,
  styles: `
    .pc-code-list__add {
      align-items: flex-start;
      flex-wrap: wrap;
    }
    .pc-code-list__table {
      border-collapse: collapse;
      width: 100%;
      margin-top: 1rem;
    }
    .pc-code-list__table th,
    .pc-code-list__table td {
      text-align: left;
      padding: 0.5rem;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .pc-code-list__actions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      justify-content: flex-end;
    }
  `,
})
export class CodeListComponent implements OnInit {
  private readonly dialog = inject(MatDialog);
  private readonly user = inject(Store).selectSignal(selectUser);

  readonly title = input.required<string>();
  readonly intro = input.required<string>();
  /** One entry in words, lower case: "disposition", "break reason". */
  readonly noun = input.required<string>();
  readonly source = input.required<CodeListSource>();
  /** Show and edit "counts as a success" (dispositions). */
  readonly withSuccess = input(false);

  protected readonly isAdmin = computed(() => this.user()?.role === Role.Admin);
  protected readonly entries = signal<CodeEntry[]>([]);
  protected readonly includeInactive = signal(false);
  protected readonly loading = signal(true);
  protected readonly notice = signal<string | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly editing = signal<string | null>(null);

  protected readonly addForm = new FormGroup({
    code: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.pattern(CODE_PATTERN)],
    }),
    label: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(60)],
    }),
    isSuccess: new FormControl(false, { nonNullable: true }),
  });
  protected readonly rename = new FormControl('', { nonNullable: true });

  ngOnInit(): void {
    this.load();
  }

  protected addError(name: 'code' | 'label'): string | null {
    const control = this.addForm.controls[name];
    if (control.errors === null) return null;
    if (control.errors[SERVER_ERROR] !== undefined) return serverError(this.addForm, name);
    if (control.errors['required']) return 'Required.';
    if (control.errors['pattern'])
      return '2-40 lower-case letters, digits or underscores, starting with a letter.';
    return 'At most 60 characters.';
  }

  protected showRetired(show: boolean): void {
    this.includeInactive.set(show);
    this.load();
  }

  protected add(): void {
    if (this.addForm.invalid) {
      this.addForm.markAllAsTouched();
      return;
    }
    const { code, label, isSuccess } = this.addForm.getRawValue();
    this.clearMessages();
    this.source()
      .create(
        this.withSuccess()
          ? { code, label: label.trim(), isSuccess }
          : { code, label: label.trim() },
      )
      .subscribe({
        next: (entry) => {
          this.addForm.reset();
          this.notice.set(`"${entry.label}" added.`);
          this.load();
        },
        error: (error: unknown) =>
          this.error.set(
            showApiFailure(this.addForm, toApiFailure(error), `The ${this.noun()} was not added.`),
          ),
      });
  }

  protected startRename(entry: CodeEntry): void {
    this.rename.setValue(entry.label);
    this.editing.set(entry.code);
  }

  protected saveRename(entry: CodeEntry): void {
    const label = this.rename.value.trim();
    if (label === '' || label === entry.label) {
      this.editing.set(null);
      return;
    }
    this.change(entry, { label });
  }

  protected toggleActive(entry: CodeEntry): void {
    if (!entry.isActive) {
      this.change(entry, { isActive: true });
      return;
    }
    confirmAction(this.dialog, {
      title: `Retire "${entry.label}"?`,
      message: `Agents can no longer pick it. Past records keep it, and you can bring it back.`,
      confirmLabel: 'Retire',
      destructive: true,
    })
      .pipe(filter(Boolean))
      .subscribe(() => this.change(entry, { isActive: false }));
  }

  protected change(entry: CodeEntry, changes: CodeEntryChanges): void {
    this.clearMessages();
    this.source()
      .update(entry.code, changes)
      .subscribe({
        next: (updated) => {
          this.editing.set(null);
          this.notice.set(`"${updated.label}" saved.`);
          this.load();
        },
        error: (error: unknown) =>
          this.error.set(
            apiErrorMessage(toApiFailure(error), {}, `The ${this.noun()} was not changed.`),
          ),
      });
  }

  private load(): void {
    this.loading.set(true);
    this.source()
      .list(this.includeInactive())
      .subscribe({
        next: (entries) => {
          this.loading.set(false);
          this.entries.set(entries);
        },
        error: (error: unknown) => {
          this.loading.set(false);
          this.error.set(apiErrorMessage(toApiFailure(error), {}, 'The list could not be loaded.'));
        },
      });
  }

  private clearMessages(): void {
    this.notice.set(null);
    this.error.set(null);
  }
}
