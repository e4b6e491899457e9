import { DatePipe } from '@angular/common';
import { Component, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { FormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { ActivatedRoute } from '@angular/router';
import { catchError, map, of, switchMap, tap } from 'rxjs';

import { AUDIT_ACTIONS, AuditAction, AuditEventView, AuditOutcome } from '@poscalls4u/contracts';
import { apiErrorMessage } from '@poscalls4u/web-auth';
import { toApiFailure } from '@poscalls4u/web-core';
import { PageChange, PagedTableColumnDirective, PagedTableComponent } from '@poscalls4u/web-ui';

import { AdminApi, AuditQuery } from './admin-api';

const AUDIT_PAGE_SIZE = 25;

const ACTION_LABELS: Record<AuditAction, string> = {
  'auth.sign_in': 'Sign-in',
  'auth.sign_in_mfa': 'Sign-in with two-step code',
  'auth.sign_in_oauth': 'Social sign-in',
  'auth.sign_up': 'Sign-up',
  'auth.lockout': 'Account locked',
  'auth.unlock': 'Account unlocked',
  'auth.logout': 'Sign-out',
  'auth.logout_all': 'Sign-out everywhere',
  'auth.refresh_token_reuse': 'Refresh token reused (session revoked)',
  'auth.session_revoked': 'Session revoked',
  'auth.email_verified': 'Email verified',
  'auth.password_changed': 'Password changed',
  'auth.password_reset_requested': 'Password reset requested',
  'auth.password_reset': 'Password reset',
  'auth.mfa_enabled': 'Two-step verification on',
  'auth.mfa_disabled': 'Two-step verification off',
  'auth.mfa_recovery_codes_regenerated': 'Recovery codes renewed',
  'users.role_changed': 'Role changed',
  'users.active_changed': 'Activated / deactivated',
  'users.invited': 'User invited',
  'settings.changed': 'Settings changed',
  'teams.security_profile_changed': 'Team security profile changed',
  'presence.forced': "Agent's state set by a supervisor",
  'presence.signed_out': 'Agent signed out by a supervisor',
  'calls.assist_started': 'Supervisor assist started (listen, whisper or barge)',
  'calls.assist_changed': 'Supervisor assist switched',
  'calls.assist_stopped': 'Supervisor assist stopped',
  'calls.transferred': 'Call transferred',
  'calls.consult_started': 'Consult started',
  'calls.consult_ended': 'Consult ended',
  'calls.conference_started': 'Conference started',
  'calls.conference_party_added': 'Conference party added',
  'calls.conference_party_removed': 'Conference party removed',
  'calls.conference_left': 'Left a conference',
  'wallboards.link_created': 'Wallboard link created',
  'wallboards.link_revoked': 'Wallboard link revoked',
};

/** The words for an audit action; unknown (newer) actions show as they are. */
export function auditActionLabel(action: string): string {
  return ACTION_LABELS[action as AuditAction] ?? action;
}

/** `yyyy-mm-dd` from a date input -> the ISO instant at the start (or end) of that local day. */
export function dayBoundary(day: string, end: boolean): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) {
    return undefined;
  }
  const [year, month, date] = day.split('-').map(Number);
  const instant = end
    ? new Date(year, month - 1, date, 23, 59, 59, 999)
    : new Date(year, month - 1, date, 0, 0, 0, 0);
  return instant.toISOString();
}

/** `/audit` (admins): who did what, when, from where; filtered and paginated. */
@Component({
  selector: 'pc-audit-page',
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
      <h1 class="pc-page__title">Audit log</h1>
      <form
        class="pc-toolbar-row"
        role="search"
        aria-label="Filter the audit log"
        [formGroup]="filters"
        (ngSubmit)="apply()"
      >
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>User id</mat-label>
          <input matInput formControlName="userId" data-testid="audit-user" />
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>Action</mat-label>
          <mat-select formControlName="action" data-testid="audit-action">
            <mat-option value="">All actions</mat-option>
            @for (action of actions; track action) {
              <mat-option [value]="action">{{ actionLabel(action) }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>Outcome</mat-label>
          <mat-select formControlName="outcome" data-testid="audit-outcome">
            <mat-option value="">Any outcome</mat-option>
            <mat-option value="success">Success</mat-option>
            <mat-option value="failure">Failure</mat-option>
          </mat-select>
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>From</mat-label>
          <input matInput type="date" formControlName="from" data-testid="audit-from" />
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>To</mat-label>
          <input matInput type="date" formControlName="to" data-testid="audit-to" />
        </mat-form-field>
        <button mat-flat-button type="submit" data-testid="audit-apply">Apply filters</button>
        <button mat-button type="button" (click)="clear()">Clear</button>
      </form>

      <div aria-live="polite" class="pc-audit__messages">
        @if (error(); as message) {
          <p class="pc-message pc-message--error" role="alert" data-testid="audit-error">
            {{ message }}
          </p>
        }
      </div>

      <pc-paged-table
        testId="audit-table"
        rowTestId="audit-row"
        emptyText="No events match these filters."
        paginatorLabel="Pages of audit events"
        [caption]="'Audit events, ' + total() + ' in all, newest first'"
        [rows]="events()"
        [total]="total()"
        [page]="query().page ?? 1"
        [pageSize]="query().pageSize ?? pageSize"
        [pageSizeOptions]="[25, 50, 100]"
        [loading]="loading()"
        (pageChange)="changePage($event)"
      >
        <ng-template pcColumn="time" header="Time" let-event>
          {{ event.occurredAt | date: 'medium' }}
        </ng-template>
        <ng-template pcColumn="action" header="Action" cellTestId="audit-row-action" let-event>
          {{ actionLabel(event.action) }}
        </ng-template>
        <ng-template pcColumn="outcome" header="Outcome" let-event>
          <span [class.pc-audit__failure]="event.outcome === 'failure'">
            {{ event.outcome === 'success' ? 'Success' : 'Failure' }}
          </span>
        </ng-template>
        <ng-template pcColumn="actor" header="By" let-event>
          {{
            event.actor ? event.actor.name + ' (' + event.actor.email + ')' : (event.email ?? '—')
          }}
        </ng-template>
        <ng-template pcColumn="target" header="About" let-event>
          {{ event.target ? event.target.name + ' (' + event.target.email + ')' : '—' }}
        </ng-template>
        <ng-template pcColumn="origin" header="From" let-event>
          <span [attr.title]="event.userAgent">{{ event.ip ?? '—' }}</span>
        </ng-template>
      </pc-paged-table>
    </div>
  `,
  styles: `
    .pc-audit__messages {
      margin-top: 1rem;
    }
    .pc-audit__failure {
      color: var(--mat-sys-error);
    }
  `,
})
export class AuditPage {
  private readonly api = inject(AdminApi);

  protected readonly actions = AUDIT_ACTIONS;
  protected readonly actionLabel = auditActionLabel;
  protected readonly pageSize = AUDIT_PAGE_SIZE;

  protected readonly filters = inject(FormBuilder).nonNullable.group({
    // A link from elsewhere (e.g. `/audit?userId=...`) opens the log of one user.
    userId: inject(ActivatedRoute).snapshot.queryParamMap.get('userId') ?? '',
    action: '' as AuditAction | '',
    outcome: '' as AuditOutcome | '',
    from: '',
    to: '',
  });
  protected readonly query = signal<AuditQuery>({ page: 1, pageSize: AUDIT_PAGE_SIZE });
  protected readonly events = signal<AuditEventView[]>([]);
  protected readonly total = signal(0);
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);

  constructor() {
    this.query.set(this.toQuery(1, AUDIT_PAGE_SIZE));
    toObservable(this.query)
      .pipe(
        tap(() => {
          this.loading.set(true);
          this.error.set(null);
        }),
        switchMap((query) =>
          this.api.listAudit(query).pipe(
            map((page) => {
              this.events.set(page.items);
              this.total.set(page.total);
            }),
            catchError((error: unknown) => {
              this.error.set(
                apiErrorMessage(toApiFailure(error), {}, 'The audit log could not be loaded.'),
              );
              return of(undefined);
            }),
          ),
        ),
        takeUntilDestroyed(),
      )
      .subscribe(() => this.loading.set(false));
  }

  protected apply(): void {
    const { from, to } = this.filters.getRawValue();
    if (from !== '' && to !== '' && from > to) {
      this.error.set('The "From" date is after the "To" date.');
      return;
    }
    this.query.set(this.toQuery(1, this.query().pageSize ?? AUDIT_PAGE_SIZE));
  }

  protected clear(): void {
    this.filters.reset({ userId: '', action: '', outcome: '', from: '', to: '' });
    this.apply();
  }

  protected changePage({ page, pageSize }: PageChange): void {
    this.query.update((query) => ({ ...query, page, pageSize }));
  }

  private toQuery(page: number, pageSize: number): AuditQuery {
    const { userId, action, outcome, from, to } = this.filters.getRawValue();
    return {
      userId: userId.trim() || undefined,
      action: action || undefined,
      outcome: outcome || undefined,
      from: dayBoundary(from, false),
      to: dayBoundary(to, true),
      page,
      pageSize,
    };
  }
}
