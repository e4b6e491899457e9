import { DatePipe } from '@angular/common';
import { Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatAutocompleteModule } from '@angular/material/autocomplete';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { Store } from '@ngrx/store';
import { Observable, catchError, debounceTime, filter, map, of, switchMap } from 'rxjs';

import {
  EffectivePermissions,
  ErrorCode,
  Permission,
  TEAM_ROLES,
  TeamDetailView,
  TeamMemberView,
  TeamRole,
  holdsPermission,
} from '@poscalls4u/contracts';
import { apiErrorMessage, selectHasPermission, selectPermissions } from '@poscalls4u/web-auth';
import { toApiFailure } from '@poscalls4u/web-core';
import { roleLabel } from '@poscalls4u/web-ui';
import { confirmAction } from '@poscalls4u/web-ui/confirm-dialog';

import { showApiFailure } from '../shared/api-form-errors';
import { TeamFieldsComponent, controlError, teamForm, teamRequest } from './team-form';
import { MemberCandidate, TeamsApi } from './teams-api';

/**
 * True when the signed-in person may change the team's settings and members: they hold
 * `team:members` there (admins everywhere; the team's supervisors unless its security profile
 * withholds it). Archived teams change no more.
 */
export function canManageTeam(
  team: TeamDetailView,
  permissions: EffectivePermissions | null,
): boolean {
  if (permissions === null || team.archivedAt !== null) return false;
  return holdsPermission(permissions, Permission.TeamMembers, team.id);
}

/** `/teams/:teamId`: a team's settings, archive (admins) and members. */
@Component({
  selector: 'pc-team-detail-page',
  imports: [
    DatePipe,
    ReactiveFormsModule,
    RouterLink,
    MatAutocompleteModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    TeamFieldsComponent,
  ],
  template: `
    <div class="pc-page">
      <p><a routerLink="/teams" data-testid="team-back">← All teams</a></p>
      <div aria-live="polite">
        @if (notice(); as message) {
          <p class="pc-message pc-message--info" data-testid="team-notice">{{ message }}</p>
        }
        @if (error(); as message) {
          <p class="pc-message pc-message--error" role="alert" data-testid="team-error">
            {{ message }}
          </p>
        }
      </div>

      @if (team(); as team) {
        <div class="pc-toolbar-row pc-team__head">
          <h1 class="pc-page__title" data-testid="team-title">{{ team.name }}</h1>
          @if (team.archivedAt) {
            <span class="pc-team__tag" data-testid="team-archived">
              Archived {{ team.archivedAt | date: 'mediumDate' }}
            </span>
          }
          <span class="pc-team__spacer"></span>
          @if (canEditProfile()) {
            <a
              mat-stroked-button
              [routerLink]="['/teams', team.id, 'security-profile']"
              data-testid="team-security-profile"
            >
              Security profile
            </a>
          }
          @if (isAdmin()) {
            @if (!team.archivedAt) {
              <button
                mat-stroked-button
                type="button"
                class="pc-team__danger"
                data-testid="team-archive"
                (click)="archive(team)"
              >
                Archive
              </button>
            }
          }
        </div>

        <section class="pc-section" aria-labelledby="team-settings-title">
          <h2 class="pc-section__title" id="team-settings-title">Settings</h2>
          <form [formGroup]="form" (ngSubmit)="save(team)">
            <pc-team-fields [form]="form" />
            @if (canManage()) {
              <button mat-flat-button type="submit" [disabled]="saving()" data-testid="team-save">
                Save settings
              </button>
            }
          </form>
        </section>

        <section class="pc-section" aria-labelledby="team-members-title">
          <h2 class="pc-section__title" id="team-members-title">
            Members ({{ team.members.length
            }}{{ team.maxMembers === null ? '' : ' of at most ' + team.maxMembers }})
          </h2>

          @if (canManage()) {
            <form
              class="pc-toolbar-row pc-team__add"
              [formGroup]="addForm"
              (ngSubmit)="addMember(team)"
              aria-label="Add a member"
            >
              <mat-form-field appearance="outline">
                <mat-label>{{
                  isAdmin() ? 'Find a user' : 'Find someone in your teams'
                }}</mat-label>
                <input
                  matInput
                  type="search"
                  formControlName="person"
                  [matAutocomplete]="people"
                  data-testid="member-search"
                />
                <mat-autocomplete #people="matAutocomplete" [displayWith]="candidateLabel">
                  @for (candidate of candidates(); track candidate.userId) {
                    <mat-option [value]="candidate" data-testid="member-candidate">
                      {{ candidateLabel(candidate) }}
                    </mat-option>
                  }
                </mat-autocomplete>
                <mat-error>{{ addError('person') }}</mat-error>
              </mat-form-field>
              <mat-form-field appearance="outline">
                <mat-label>Team role</mat-label>
                <mat-select formControlName="role" data-testid="member-role">
                  @for (role of teamRoles; track role) {
                    <mat-option [value]="role">{{ roleLabel(role) }}</mat-option>
                  }
                </mat-select>
                <mat-error>{{ addError('role') }}</mat-error>
              </mat-form-field>
              <button mat-flat-button type="submit" data-testid="member-add">Add member</button>
            </form>
          }

          @if (team.members.length === 0) {
            <p data-testid="members-empty">No members yet.</p>
          } @else {
            <table class="pc-team__members" data-testid="members-table">
              <caption class="pc-visually-hidden">
                Members of
                {{
                  team.name
                }}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Email</th>
                  <th scope="col">Team role</th>
                  <th scope="col">Joined</th>
                  <th scope="col"><span class="pc-visually-hidden">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                @for (member of team.members; track member.userId) {
                  <tr data-testid="member-row">
                    <td data-testid="member-row-name">{{ member.name }}</td>
                    <td>{{ member.email }}</td>
                    <td data-testid="member-row-role">{{ roleLabel(member.role) }}</td>
                    <td>{{ member.joinedAt | date: 'mediumDate' }}</td>
                    <td>
                      @if (canManage()) {
                        <button
                          mat-stroked-button
                          type="button"
                          data-testid="member-remove"
                          [attr.aria-label]="'Remove ' + member.name"
                          (click)="removeMember(team, member)"
                        >
                          Remove
                        </button>
                      }
                    </td>
                  </tr>
                }
              </tbody>
            </table>
          }
        </section>
      } @else if (!error()) {
        <p>Loading the team…</p>
      }
    </div>
  `,
  styles: `
    .pc-team__head .pc-page__title {
      margin: 0;
    }
    .pc-team__spacer {
      flex: 1 1 auto;
    }
    .pc-team__tag {
      font: var(--mat-sys-label-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    .pc-team__danger {
      color: var(--mat-sys-error);
    }
    .pc-team__add {
      align-items: flex-start;
      flex-wrap: wrap;
    }
    .pc-team__members {
      border-collapse: collapse;
      width: 100%;
    }
    .pc-team__members th,
    .pc-team__members td {
      text-align: left;
      padding: 0.5rem;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
  `,
})
export class TeamDetailPage {
  private readonly api = inject(TeamsApi);
  private readonly dialog = inject(MatDialog);
  private readonly store = inject(Store);
  private readonly permissions = this.store.selectSignal(selectPermissions);

  private readonly teamId = inject(ActivatedRoute).paramMap.pipe(
    map((params) => params.get('teamId') ?? ''),
  );

  protected readonly roleLabel = roleLabel;
  protected readonly teamRoles = TEAM_ROLES;
  protected readonly isAdmin = computed(
    () => this.permissions()?.global.includes(Permission.UsersManage) ?? false,
  );
  protected readonly canEditProfile = this.store.selectSignal(
    selectHasPermission(Permission.SecurityProfilesManage),
  );
  protected readonly team = signal<TeamDetailView | null>(null);
  protected readonly canManage = computed(() => {
    const team = this.team();
    return team !== null && canManageTeam(team, this.permissions());
  });
  protected readonly saving = signal(false);
  protected readonly notice = signal<string | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly candidates = signal<MemberCandidate[]>([]);

  protected readonly form = teamForm();
  protected readonly addForm = new FormGroup({
    person: new FormControl<MemberCandidate | string>('', { nonNullable: true }),
    role: new FormControl<TeamRole>('agent', { nonNullable: true }),
  });

  constructor() {
    this.teamId
      .pipe(
        switchMap((id) => this.guard(this.api.get(id), 'The team could not be loaded.')),
        takeUntilDestroyed(),
      )
      .subscribe((team) => this.show(team));

    this.addForm.controls.person.valueChanges
      .pipe(
        filter((value): value is string => typeof value === 'string'),
        debounceTime(250),
        switchMap((search) =>
          search.trim().length < 2
            ? of([])
            : this.api.candidates(search.trim(), this.isAdmin()).pipe(catchError(() => of([]))),
        ),
        takeUntilDestroyed(),
      )
      .subscribe((candidates) => {
        const members = new Set(this.team()?.members.map((member) => member.userId));
        this.candidates.set(candidates.filter((candidate) => !members.has(candidate.userId)));
      });
  }

  protected candidateLabel(candidate: MemberCandidate | string | null): string {
    if (candidate === null || typeof candidate === 'string') return candidate ?? '';
    return candidate.email === null ? candidate.name : `${candidate.name} (${candidate.email})`;
  }

  protected addError(name: 'person' | 'role'): string | null {
    return controlError(this.addForm.controls[name]);
  }

  protected save(team: TeamDetailView): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.saving.set(true);
    this.clearMessages();
    this.api.update(team.id, teamRequest(this.form)).subscribe({
      next: (updated) => {
        this.saving.set(false);
        this.show(updated);
        this.notice.set('Settings saved.');
      },
      error: (error: unknown) => {
        this.saving.set(false);
        this.error.set(
          showApiFailure(this.form, toApiFailure(error), 'The settings were not saved.'),
        );
      },
    });
  }

  protected archive(team: TeamDetailView): void {
    confirmAction(this.dialog, {
      title: `Archive ${team.name}?`,
      message: `${team.name} stops taking calls and leaves the lists. Its call history and statistics stay. Archiving cannot be undone from the console.`,
      confirmLabel: 'Archive',
      destructive: true,
    })
      .pipe(filter(Boolean))
      .subscribe(() => {
        this.clearMessages();
        this.guard(this.api.archive(team.id), 'The team was not archived.').subscribe(
          (archived) => {
            this.show({ ...team, ...archived });
            this.notice.set(`${team.name} is archived.`);
          },
        );
      });
  }

  protected addMember(team: TeamDetailView): void {
    const { person, role } = this.addForm.getRawValue();
    if (typeof person === 'string') {
      this.addForm.controls.person.setErrors({ server: 'Pick a person from the list.' });
      this.addForm.controls.person.markAsTouched();
      return;
    }
    this.clearMessages();
    this.api.addMember(team.id, { userId: person.userId, role }).subscribe({
      next: (updated) => {
        this.show(updated);
        this.addForm.reset();
        this.candidates.set([]);
        this.notice.set(`${person.name} joined ${team.name} as ${roleLabel(role).toLowerCase()}.`);
      },
      error: (error: unknown) =>
        this.error.set(
          showApiFailure(this.addForm, toApiFailure(error), 'The member was not added.'),
        ),
    });
  }

  protected removeMember(team: TeamDetailView, member: TeamMemberView): void {
    confirmAction(this.dialog, {
      title: `Remove ${member.name} from ${team.name}?`,
      message: `${member.name} no longer takes this team's calls nor sees its figures.`,
      confirmLabel: 'Remove',
      destructive: true,
    })
      .pipe(filter(Boolean))
      .subscribe(() => {
        this.clearMessages();
        this.guard(
          this.api.removeMember(team.id, member.userId),
          'The member was not removed.',
        ).subscribe((updated) => {
          this.show(updated);
          this.notice.set(`${member.name} left ${team.name}.`);
        });
      });
  }

  private show(team: TeamDetailView): void {
    this.team.set(team);
    this.form.reset(teamForm(team).getRawValue());
    if (canManageTeam(team, this.permissions())) this.form.enable();
    else this.form.disable();
  }

  private clearMessages(): void {
    this.notice.set(null);
    this.error.set(null);
  }

  /** The request's answer; on failure the page says why and nothing is emitted. */
  private guard<T>(request: Observable<T>, fallback: string): Observable<T> {
    return request.pipe(
      catchError((error: unknown) => {
        this.error.set(
          apiErrorMessage(
            toApiFailure(error),
            { [ErrorCode.NotFound]: 'This team does not exist or is not one of yours.' },
            fallback,
          ),
        );
        return of();
      }),
    );
  }
}
