import { Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import { ActivatedRoute, Router } from '@angular/router';
import { EMPTY, catchError, filter, forkJoin, map, switchMap, tap } from 'rxjs';

import {
  DEFAULT_SECURITY_PROFILE,
  TeamDetailView,
  TeamPermission,
  TeamSecurityProfile,
  TeamView,
} from '@poscalls4u/contracts';
import { apiErrorMessage } from '@poscalls4u/web-auth';
import { toApiFailure } from '@poscalls4u/web-core';
import { confirmAction } from '@poscalls4u/web-ui/confirm-dialog';

import {
  PROFILE_KINDS,
  ProfileKind,
  describeChanges,
  profileRows,
  sameProfile,
  setHeld,
} from './profile-matrix';
import { SecurityProfilesApi } from './security-profiles-api';

const KIND_LABELS: Record<ProfileKind, string> = { agents: 'Agents', supervisors: 'Supervisors' };

/**
 * `/security-profiles` and `/teams/:teamId/security-profile` (admins): what a team's agents and
 * supervisors may do there, on top of their roles' defaults (Amazon Connect's security profiles).
 * Changes are drafted in the table and saved together after a confirmation that lists them.
 */
@Component({
  selector: 'pc-security-profiles-page',
  imports: [MatButtonModule, MatCheckboxModule, MatFormFieldModule, MatSelectModule],
  template: `
    <div class="pc-page pc-profiles">
      <h1 class="pc-page__title">Team permissions</h1>
      <p class="pc-profiles__intro">
        Each member of a team starts from the defaults of their role in it. A team's security
        profile grants or withholds team permissions, separately for its agents and its supervisors.
        Admins hold every permission in every team. Members' consoles follow a saved change at once.
      </p>

      <mat-form-field class="pc-profiles__team" subscriptSizing="dynamic">
        <mat-label>Team</mat-label>
        <mat-select
          [value]="teamId()"
          (selectionChange)="openTeam($event.value)"
          data-testid="profile-team"
        >
          @for (team of teams(); track team.id) {
            <mat-option [value]="team.id">{{ team.name }}</mat-option>
          }
        </mat-select>
      </mat-form-field>

      <div aria-live="polite">
        @if (notice(); as message) {
          <p class="pc-message pc-message--info" data-testid="profile-notice">{{ message }}</p>
        }
        @if (error(); as message) {
          <p class="pc-message pc-message--error" role="alert" data-testid="profile-error">
            {{ message }}
          </p>
        }
      </div>

      @if (team(); as team) {
        <p class="pc-profiles__applies" data-testid="profile-applies">
          Applies to {{ memberCount(team, 'agent') }} and {{ memberCount(team, 'supervisor') }} of
          {{ team.name }}.
        </p>
        <div class="pc-profiles__frame">
          <table class="pc-profiles__table" data-testid="profile-table">
            <caption class="cdk-visually-hidden">
              Team permissions of
              {{
                team.name
              }}, for its agents and its supervisors
            </caption>
            <thead>
              <tr>
                <th scope="col">Permission</th>
                @for (kind of kinds; track kind) {
                  <th scope="col" class="pc-profiles__kind">{{ kindLabel(kind) }}</th>
                }
              </tr>
            </thead>
            <tbody>
              @for (row of rows(); track row.permission) {
                <tr [attr.data-testid]="'profile-row-' + row.permission">
                  <th scope="row">
                    <code>{{ row.permission }}</code>
                    <span class="pc-profiles__description">{{ row.description }}</span>
                  </th>
                  @for (kind of kinds; track kind) {
                    <td class="pc-profiles__kind">
                      <mat-checkbox
                        [checked]="row.cells[kind].held"
                        [disabled]="pending()"
                        (change)="toggle(kind, row.permission, $event.checked)"
                        [attr.data-testid]="'profile-' + kind + '-' + row.permission"
                        [aria-label]="kindLabel(kind) + ': ' + row.description"
                      />
                      @if (row.cells[kind].held !== row.cells[kind].byDefault) {
                        <span class="pc-profiles__changed">
                          {{ row.cells[kind].held ? 'granted' : 'withheld' }}
                        </span>
                      }
                    </td>
                  }
                </tr>
              }
            </tbody>
          </table>
        </div>
        <p class="pc-profiles__footnote">
          A supervisor who is an agent in a team also reads that team's calls by default.
        </p>
        <div class="pc-profiles__actions">
          <button
            mat-flat-button
            type="button"
            [disabled]="!dirty() || pending()"
            (click)="save()"
            data-testid="profile-save"
          >
            Save changes
          </button>
          <button
            mat-button
            type="button"
            [disabled]="!dirty() || pending()"
            (click)="discard()"
            data-testid="profile-discard"
          >
            Discard changes
          </button>
          <button
            mat-button
            type="button"
            [disabled]="isDefault() || pending()"
            (click)="resetToDefaults()"
            data-testid="profile-reset"
          >
            Back to the defaults
          </button>
        </div>
      } @else if (teamId() === null && teams().length === 0 && loaded()) {
        <p data-testid="profile-no-teams">There are no teams yet.</p>
      }
    </div>
  `,
  styles: `
    .pc-profiles {
      max-width: 56rem;
    }
    .pc-profiles__intro,
    .pc-profiles__footnote,
    .pc-profiles__applies {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-medium);
    }
    .pc-profiles__team {
      width: min(100%, 24rem);
      margin-bottom: 1rem;
    }
    .pc-profiles__frame {
      overflow-x: auto;
    }
    .pc-profiles__table {
      width: 100%;
      border-collapse: collapse;
    }
    .pc-profiles__table th,
    .pc-profiles__table td {
      padding: 0.5rem;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
      text-align: left;
      vertical-align: middle;
    }
    .pc-profiles__table th[scope='row'] {
      font-weight: normal;
    }
    .pc-profiles__description {
      display: block;
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
    .pc-profiles__kind {
      width: 9rem;
      white-space: nowrap;
    }
    .pc-profiles__changed {
      font: var(--mat-sys-label-small);
      color: var(--mat-sys-primary);
    }
    .pc-profiles__actions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      margin-top: 1rem;
    }
  `,
})
export class SecurityProfilesPage {
  private readonly api = inject(SecurityProfilesApi);
  private readonly dialog = inject(MatDialog);
  private readonly router = inject(Router);

  protected readonly kinds = PROFILE_KINDS;
  protected readonly teams = signal<TeamView[]>([]);
  protected readonly loaded = signal(false);
  protected readonly teamId = signal<string | null>(null);
  protected readonly team = signal<TeamDetailView | null>(null);
  /** The profile as the API last answered it. */
  private readonly saved = signal<TeamSecurityProfile>(DEFAULT_SECURITY_PROFILE);
  /** The profile as the table shows it, changes included. */
  private readonly draft = signal<TeamSecurityProfile>(DEFAULT_SECURITY_PROFILE);
  protected readonly pending = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly notice = signal<string | null>(null);

  protected readonly rows = computed(() => profileRows(this.draft()));
  protected readonly dirty = computed(() => !sameProfile(this.saved(), this.draft()));
  protected readonly isDefault = computed(() =>
    sameProfile(this.draft(), DEFAULT_SECURITY_PROFILE),
  );

  constructor() {
    this.api
      .teams()
      .pipe(takeUntilDestroyed())
      .subscribe({
        next: (teams) => {
          this.teams.set(teams);
          this.loaded.set(true);
        },
        error: (error: unknown) => this.showError(error, 'The teams could not be loaded.'),
      });
    inject(ActivatedRoute)
      .paramMap.pipe(
        map((params) => params.get('teamId')),
        tap((teamId) => this.teamId.set(teamId)),
        filter((teamId): teamId is string => teamId !== null),
        switchMap((teamId) => {
          this.team.set(null);
          this.error.set(null);
          this.notice.set(null);
          return forkJoin([this.api.team(teamId), this.api.profile(teamId)]).pipe(
            catchError((error: unknown) => {
              this.showError(error, 'The team could not be loaded.');
              return EMPTY;
            }),
          );
        }),
        takeUntilDestroyed(),
      )
      .subscribe(([team, profile]) => {
        this.saved.set(profile);
        this.draft.set(profile);
        this.team.set(team);
      });
  }

  protected kindLabel(kind: ProfileKind): string {
    return KIND_LABELS[kind];
  }

  protected memberCount(team: TeamDetailView, role: 'agent' | 'supervisor'): string {
    const count = team.members.filter((member) => member.role === role).length;
    return `${count} ${role}${count === 1 ? '' : 's'}`;
  }

  protected openTeam(teamId: string): void {
    void this.router.navigate(['/teams', teamId, 'security-profile']);
  }

  protected toggle(kind: ProfileKind, permission: TeamPermission, held: boolean): void {
    this.notice.set(null);
    this.draft.update((profile) => setHeld(profile, kind, permission, held));
  }

  protected discard(): void {
    this.draft.set(this.saved());
    this.notice.set(null);
  }

  protected resetToDefaults(): void {
    this.draft.set(DEFAULT_SECURITY_PROFILE);
    this.notice.set(null);
  }

  protected save(): void {
    const team = this.team();
    if (team === null) return;
    const next = this.draft();
    const changes = describeChanges(this.saved(), next);
    confirmAction(this.dialog, {
      title: `Change the permissions of ${team.name}?`,
      message: `${changes.join(' ')} Their consoles follow at once; the change is audited.`,
      confirmLabel: 'Save changes',
      destructive: changes.some((line) => line.includes('lose')),
    })
      .pipe(
        filter(Boolean),
        switchMap(() => {
          this.pending.set(true);
          this.error.set(null);
          return this.api.saveProfile(team.id, next);
        }),
      )
      .subscribe({
        next: (profile) => {
          this.pending.set(false);
          this.saved.set(profile);
          this.draft.set(profile);
          this.notice.set(`Saved. ${team.name}'s members now have the permissions shown.`);
        },
        error: (error: unknown) => {
          this.pending.set(false);
          this.showError(error, 'The profile could not be saved.');
        },
      });
  }

  private showError(error: unknown, fallback: string): void {
    this.error.set(apiErrorMessage(toApiFailure(error), {}, fallback));
  }
}
