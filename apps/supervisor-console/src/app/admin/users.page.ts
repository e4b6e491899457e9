import { DatePipe } from '@angular/common';
import { Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelect, MatSelectModule } from '@angular/material/select';
import { Store } from '@ngrx/store';
import { Observable, catchError, debounceTime, filter, map, of, switchMap, tap } from 'rxjs';

import { AdminUserView, ErrorCode, ListUsersQuery, ROLES, Role } from '@poscalls4u/contracts';
import { apiErrorMessage, selectUser } from '@poscalls4u/web-auth';
import { toApiFailure } from '@poscalls4u/web-core';
import { roleLabel } from '@poscalls4u/web-ui';
import { confirmAction } from '@poscalls4u/web-ui/confirm-dialog';
import {
  PageChange,
  PagedTableColumnDirective,
  PagedTableComponent,
} from '@poscalls4u/web-ui/paged-table';

import { AdminApi } from './admin-api';
import { InviteDialogComponent } from './invite-dialog';

const USERS_PAGE_SIZE = 20;

/** The account's state in words: an invitation not accepted yet is not an active account. */
export function accountStatus(user: AdminUserView): string {
  if (!user.isActive) return 'Deactivated';
  return user.invitationPending ? 'Invited' : 'Active';
}

/** True while `lockedUntil` lies in the future. */
export function isLocked(user: AdminUserView, now = Date.now()): boolean {
  return user.lockedUntil !== null && Date.parse(user.lockedUntil) > now;
}

type ActiveFilter = 'all' | 'active' | 'inactive';

/** `/users` (admins): find, invite, change role, activate/deactivate and unlock users. */
@Component({
  selector: 'pc-users-page',
  imports: [
    DatePipe,
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    PagedTableComponent,
    PagedTableColumnDirective,
  ],
  template: `
    <div class="pc-page">
      <div class="pc-toolbar-row pc-users__head">
        <h1 class="pc-page__title">Users</h1>
        <span class="pc-users__spacer"></span>
        <button mat-flat-button type="button" data-testid="invite-user" (click)="invite()">
          Invite a user
        </button>
      </div>

      <div class="pc-toolbar-row" role="search" aria-label="Filter users">
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>Search name or email</mat-label>
          <input matInput type="search" [formControl]="search" data-testid="users-search" />
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>Role</mat-label>
          <mat-select [formControl]="role" data-testid="users-role-filter">
            <mat-option value="all">All roles</mat-option>
            @for (option of roles; track option) {
              <mat-option [value]="option">{{ roleLabel(option) }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>Status</mat-label>
          <mat-select [formControl]="active" data-testid="users-active-filter">
            <mat-option value="all">Everyone</mat-option>
            <mat-option value="active">Active</mat-option>
            <mat-option value="inactive">Deactivated</mat-option>
          </mat-select>
        </mat-form-field>
      </div>

      <div aria-live="polite" class="pc-users__messages">
        @if (notice(); as message) {
          <p class="pc-message pc-message--info" data-testid="users-notice">{{ message }}</p>
        }
        @if (error(); as message) {
          <p class="pc-message pc-message--error" role="alert" data-testid="users-error">
            {{ message }}
          </p>
        }
        @if (loading()) {
          <p class="pc-visually-hidden">Loading users…</p>
        }
      </div>

      <pc-paged-table
        testId="users-table"
        rowTestId="user-row"
        emptyText="No users match these filters."
        paginatorLabel="Pages of users"
        [caption]="'Users, ' + total() + ' in all'"
        [rows]="users()"
        [total]="total()"
        [page]="query().page"
        [pageSize]="query().pageSize"
        [pageSizeOptions]="[10, 20, 50, 100]"
        [loading]="loading()"
        (pageChange)="changePage($event)"
      >
        <ng-template pcColumn="name" header="Name" cellTestId="user-row-name" let-user>
          {{ user.name }}
        </ng-template>
        <ng-template pcColumn="email" header="Email" cellTestId="user-row-email" let-user>
          {{ user.email }}
          @if (!user.emailVerified) {
            <span class="pc-users__tag">unverified</span>
          }
        </ng-template>
        <ng-template pcColumn="role" header="Role" let-user>
          <mat-form-field appearance="outline" subscriptSizing="dynamic" class="pc-users__role">
            <mat-label class="pc-visually-hidden">Role of {{ user.name }}</mat-label>
            <mat-select
              #roleSelect
              [value]="user.role"
              [disabled]="isSelf(user)"
              [attr.aria-label]="'Role of ' + user.name"
              data-testid="user-role-select"
              (selectionChange)="changeRole(user, $event.value, roleSelect)"
            >
              @for (option of roles; track option) {
                <mat-option [value]="option">{{ roleLabel(option) }}</mat-option>
              }
            </mat-select>
          </mat-form-field>
        </ng-template>
        <ng-template pcColumn="status" header="Status" cellTestId="user-row-status" let-user>
          {{ status(user) }}
          @if (locked(user)) {
            <span class="pc-users__tag pc-users__tag--warn">
              Locked until {{ user.lockedUntil | date: 'shortTime' }}
            </span>
          }
        </ng-template>
        <ng-template pcColumn="mfa" header="Two-step" cellTestId="user-row-mfa" let-user>
          {{ user.mfaEnabled ? 'On' : 'Off' }}
        </ng-template>
        <ng-template pcColumn="lastLogin" header="Last sign-in" let-user>
          {{ user.lastLoginAt ? (user.lastLoginAt | date: 'medium') : 'Never' }}
        </ng-template>
        <ng-template pcColumn="actions" header="Actions" headerHidden let-user>
          <div class="pc-users__actions">
            @if (locked(user)) {
              <button
                mat-stroked-button
                type="button"
                data-testid="unlock-user"
                [attr.aria-label]="'Unlock ' + user.name"
                (click)="unlock(user)"
              >
                Unlock
              </button>
            }
            @if (!isSelf(user)) {
              <button
                mat-stroked-button
                type="button"
                data-testid="toggle-active"
                [attr.aria-label]="(user.isActive ? 'Deactivate ' : 'Activate ') + user.name"
                (click)="toggleActive(user)"
              >
                {{ user.isActive ? 'Deactivate' : 'Activate' }}
              </button>
            }
          </div>
        </ng-template>
      </pc-paged-table>
    </div>
  `,
  styles: `
    .pc-users__head .pc-page__title {
      margin: 0;
    }
    .pc-users__head {
      margin-bottom: 1.5rem;
    }
    .pc-users__spacer {
      flex: 1 1 auto;
    }
    .pc-users__messages {
      margin-top: 1rem;
    }
    .pc-users__role {
      width: 10rem;
    }
    .pc-users__actions {
      display: flex;
      gap: 0.5rem;
      justify-content: flex-end;
      align-items: center;
      min-height: 3.5rem;
    }
    .pc-users__tag {
      margin-left: 0.5rem;
      font: var(--mat-sys-label-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .pc-users__tag--warn {
      color: var(--mat-sys-error);
    }
  `,
})
export class UsersPage {
  private readonly api = inject(AdminApi);
  private readonly dialog = inject(MatDialog);
  private readonly destroyRef = inject(DestroyRef);
  private readonly me = inject(Store).selectSignal(selectUser);

  protected readonly roles = ROLES;
  protected readonly roleLabel = roleLabel;

  protected readonly search = new FormControl('', { nonNullable: true });
  protected readonly role = new FormControl<Role | 'all'>('all', { nonNullable: true });
  protected readonly active = new FormControl<ActiveFilter>('all', { nonNullable: true });

  protected readonly query = signal<
    Required<Pick<ListUsersQuery, 'page' | 'pageSize'>> & ListUsersQuery
  >({
    page: 1,
    pageSize: USERS_PAGE_SIZE,
  });
  protected readonly users = signal<AdminUserView[]>([]);
  protected readonly total = signal(0);
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly notice = signal<string | null>(null);

  constructor() {
    toObservable(this.query)
      .pipe(
        tap(() => this.loading.set(true)),
        switchMap((query) => this.fetch(query)),
        takeUntilDestroyed(),
      )
      .subscribe();

    this.search.valueChanges
      .pipe(debounceTime(300), takeUntilDestroyed())
      .subscribe((search) => this.filter({ search: search.trim() || undefined }));
    this.role.valueChanges
      .pipe(takeUntilDestroyed())
      .subscribe((role) => this.filter({ role: role === 'all' ? undefined : role }));
    this.active.valueChanges
      .pipe(takeUntilDestroyed())
      .subscribe((active) =>
        this.filter({ active: active === 'all' ? undefined : active === 'active' }),
      );
  }

  protected readonly status = accountStatus;

  protected locked(user: AdminUserView): boolean {
    return isLocked(user);
  }

  protected isSelf(user: AdminUserView): boolean {
    return this.me()?.id === user.id;
  }

  protected changePage({ page, pageSize }: PageChange): void {
    this.query.update((query) => ({ ...query, page, pageSize }));
  }

  protected invite(): void {
    this.dialog
      .open<InviteDialogComponent, undefined, string>(InviteDialogComponent, { width: '30rem' })
      .afterClosed()
      .pipe(filter((email): email is string => typeof email === 'string'))
      .subscribe((email) => {
        this.notice.set(`Invitation sent to ${email}.`);
        this.reload();
      });
  }

  /**
   * A role change signs the person out everywhere and changes what they may do, so it is asked
   * first; cancelling puts the select back on the current role.
   */
  protected changeRole(user: AdminUserView, role: Role, select: MatSelect): void {
    if (role === user.role) {
      return;
    }
    confirmAction(this.dialog, {
      title: `Make ${user.name} ${roleLabel(role).toLowerCase()}?`,
      message: `${user.name} changes from ${roleLabel(user.role).toLowerCase()} to ${roleLabel(role).toLowerCase()} and is signed out everywhere.`,
      confirmLabel: 'Change role',
      destructive: true,
    }).subscribe((confirmed) => {
      if (!confirmed) {
        select.writeValue(user.role);
        return;
      }
      this.apply(
        this.api.update(user.id, { role }),
        `${user.name} is now ${roleLabel(role).toLowerCase()}. Their sessions were signed out.`,
      );
    });
  }

  protected toggleActive(user: AdminUserView): void {
    const deactivate = user.isActive;
    confirmAction(this.dialog, {
      title: deactivate ? `Deactivate ${user.name}?` : `Activate ${user.name}?`,
      message: deactivate
        ? `${user.name} is signed out everywhere and cannot sign in until an admin activates the account again.`
        : `${user.name} can sign in again.`,
      confirmLabel: deactivate ? 'Deactivate' : 'Activate',
      destructive: deactivate,
    })
      .pipe(filter(Boolean))
      .subscribe(() =>
        this.apply(
          this.api.update(user.id, { isActive: !deactivate }),
          deactivate ? `${user.name} is deactivated.` : `${user.name} is active again.`,
        ),
      );
  }

  protected unlock(user: AdminUserView): void {
    this.apply(this.api.unlock(user.id), `${user.name} is unlocked and can sign in again.`);
  }

  private filter(change: Partial<ListUsersQuery>): void {
    this.query.update((query) => ({ ...query, ...change, page: 1 }));
  }

  private reload(): void {
    this.query.update((query) => ({ ...query }));
  }

  private apply(request: Observable<unknown>, success: string): void {
    this.error.set(null);
    this.notice.set(null);
    request.pipe(takeUntilDestroyed(this.destroyRef)).subscribe({
      next: () => {
        this.notice.set(success);
        this.reload();
      },
      error: (error: unknown) => {
        this.error.set(
          apiErrorMessage(
            toApiFailure(error),
            { [ErrorCode.NotFound]: 'This user no longer exists. The list is reloaded.' },
            'The change could not be saved.',
          ),
        );
        this.reload();
      },
    });
  }

  private fetch(query: ListUsersQuery): Observable<void> {
    return this.api.listUsers(query).pipe(
      map((page) => {
        this.loading.set(false);
        this.users.set(page.items);
        this.total.set(page.total);
      }),
      catchError((error: unknown) => {
        this.loading.set(false);
        this.error.set(
          apiErrorMessage(toApiFailure(error), {}, 'The users could not be loaded. Try again.'),
        );
        return of(undefined);
      }),
    );
  }
}
