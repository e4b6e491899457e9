import { Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { Router, RouterLink } from '@angular/router';
import { Store } from '@ngrx/store';
import { debounceTime, filter, startWith } from 'rxjs';

import { Role, TeamDetailView, TeamView } from '@poscalls4u/contracts';
import { apiErrorMessage, selectUser } from '@poscalls4u/web-auth';
import { toApiFailure } from '@poscalls4u/web-core';
import {
  PageChange,
  PagedTableColumnDirective,
  PagedTableComponent,
} from '@poscalls4u/web-ui/paged-table';

import { TeamCreateDialogComponent } from './team-create-dialog';
import { TeamsApi } from './teams-api';

const TEAMS_PAGE_SIZE = 20;

/** The teams whose name or description contains `search` (any case). */
export function matchTeams(teams: readonly TeamView[], search: string): TeamView[] {
  const needle = search.trim().toLowerCase();
  if (needle === '') return [...teams];
  return teams.filter(
    (team) =>
      team.name.toLowerCase().includes(needle) ||
      (team.description ?? '').toLowerCase().includes(needle),
  );
}

/**
 * `/teams`: admins see every team, supervisors the teams they belong to (what `GET /api/teams`
 * answers). The whole list is loaded once and searched here: teams are few, and the API has no
 * search parameter.
 */
@Component({
  selector: 'pc-teams-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatInputModule,
    PagedTableComponent,
    PagedTableColumnDirective,
  ],
  template: `
    <div class="pc-page">
      <div class="pc-toolbar-row pc-teams__head">
        <h1 class="pc-page__title">Teams</h1>
        <span class="pc-teams__spacer"></span>
        <button mat-flat-button type="button" data-testid="team-new" (click)="create()">
          New team
        </button>
      </div>

      <div class="pc-toolbar-row" role="search" aria-label="Filter teams">
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>Search teams</mat-label>
          <input matInput type="search" [formControl]="search" data-testid="teams-search" />
        </mat-form-field>
        @if (isAdmin()) {
          <mat-checkbox [formControl]="includeArchived" data-testid="teams-archived">
            Show archived teams
          </mat-checkbox>
        }
      </div>

      <div aria-live="polite">
        @if (error(); as message) {
          <p class="pc-message pc-message--error" role="alert" data-testid="teams-error">
            {{ message }}
          </p>
        }
      </div>

      <pc-paged-table
        testId="teams-table"
        rowTestId="team-row"
        emptyText="No teams match."
        paginatorLabel="Pages of teams"
        [caption]="'Teams, ' + matching().length + ' in all'"
        [rows]="pageRows()"
        [total]="matching().length"
        [page]="page().page"
        [pageSize]="page().pageSize"
        [pageSizeOptions]="[10, 20, 50]"
        [loading]="loading()"
        (pageChange)="page.set($event)"
      >
        <ng-template pcColumn="name" header="Name" cellTestId="team-row-name" let-team>
          <a [routerLink]="['/teams', team.id]">{{ team.name }}</a>
          @if (team.archivedAt) {
            <span class="pc-teams__tag">archived</span>
          }
        </ng-template>
        <ng-template pcColumn="description" header="Description" let-team>
          {{ team.description ?? '' }}
        </ng-template>
        <ng-template pcColumn="members" header="Members" cellTestId="team-row-members" let-team>
          {{ team.memberCount }}{{ team.maxMembers === null ? '' : ' / ' + team.maxMembers }}
        </ng-template>
        <ng-template pcColumn="target" header="Service-level target" let-team>
          {{ team.serviceLevelTargetPercent }} % in {{ team.serviceLevelThresholdSeconds }} s
        </ng-template>
      </pc-paged-table>
    </div>
  `,
  styles: `
    .pc-teams__head .pc-page__title {
      margin: 0;
    }
    .pc-teams__head {
      margin-bottom: 1.5rem;
    }
    .pc-teams__spacer {
      flex: 1 1 auto;
    }
    .pc-teams__tag {
      margin-left: 0.5rem;
      font: var(--mat-sys-label-small);
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class TeamsPage {
  private readonly api = inject(TeamsApi);
  private readonly dialog = inject(MatDialog);
  private readonly router = inject(Router);
  private readonly user = inject(Store).selectSignal(selectUser);

  protected readonly isAdmin = computed(() => this.user()?.role === Role.Admin);
  protected readonly search = new FormControl('', { nonNullable: true });
  protected readonly includeArchived = new FormControl(false, { nonNullable: true });

  private readonly searchText = toSignal(
    this.search.valueChanges.pipe(debounceTime(200), startWith('')),
    { initialValue: '' },
  );
  protected readonly teams = signal<TeamView[]>([]);
  protected readonly loading = signal(true);
  protected readonly error = signal<string | null>(null);
  protected readonly page = signal<PageChange>({ page: 1, pageSize: TEAMS_PAGE_SIZE });

  protected readonly matching = computed(() => matchTeams(this.teams(), this.searchText()));
  protected readonly pageRows = computed(() => {
    const { page, pageSize } = this.page();
    return this.matching().slice((page - 1) * pageSize, page * pageSize);
  });

  constructor() {
    this.search.valueChanges.subscribe(() => this.page.update((page) => ({ ...page, page: 1 })));
    this.includeArchived.valueChanges.subscribe(() => this.load());
    this.load();
  }

  protected create(): void {
    this.dialog
      .open<TeamCreateDialogComponent, undefined, TeamDetailView>(TeamCreateDialogComponent, {
        width: '34rem',
      })
      .afterClosed()
      .pipe(filter((team): team is TeamDetailView => team !== undefined))
      .subscribe((team) => void this.router.navigate(['/teams', team.id]));
  }

  private load(): void {
    this.loading.set(true);
    this.api.all(this.includeArchived.value).subscribe({
      next: (teams) => {
        this.loading.set(false);
        this.teams.set(teams);
      },
      error: (error: unknown) => {
        this.loading.set(false);
        this.error.set(
          apiErrorMessage(toApiFailure(error), {}, 'The teams could not be loaded. Try again.'),
        );
      },
    });
  }
}
