import { Component, computed, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { Store } from '@ngrx/store';
import { filter, forkJoin } from 'rxjs';

import {
  AgentSkill,
  DEFAULT_TRANSFERRED_CALLS,
  DEFAULT_WIDEN_AFTER_SECONDS,
  Permission,
  QueuePosition,
  SkillView,
  TeamMemberView,
  TeamRoutingView,
  TeamView,
  holdsPermission,
} from '@poscalls4u/contracts';
import { apiErrorMessage, selectPermissions } from '@poscalls4u/web-auth';
import { SkillsApi, skillsSummary, wideningSteps } from '@poscalls4u/web-calls';
import { toApiFailure } from '@poscalls4u/web-core';
import { confirmAction } from '@poscalls4u/web-ui';

import { serverError, showApiFailure } from '../shared/api-form-errors';
import { TeamsApi } from '../teams/teams-api';
import { SkillLevel, SkillLevelsEditorComponent, skillLinesProblem } from './skill-levels-editor';

/**
 * `/skills`: skills-based routing's settings. The catalogue (`skills:manage`), then, for a team
 * the person supervises, what its calls require and how that widens while they wait, and the
 * skills and levels of its agents.
 */
@Component({
  selector: 'pc-skills-page',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    SkillLevelsEditorComponent,
  ],
  template: `
    <div class="pc-page">
      <h1 class="pc-page__title">Skills</h1>
      <p>
        Calls go to the longest-idle agent who has the skills they require at the levels they
        require (1 basic to 5 expert). While a call waits, the requirement widens step by step. Each
        team also says where calls transferred to it wait: in their original place in the queue, or
        at the back.
      </p>

      <div aria-live="polite">
        @if (notice(); as message) {
          <p class="pc-message pc-message--info" data-testid="skills-notice">{{ message }}</p>
        }
        @if (error(); as message) {
          <p class="pc-message pc-message--error" role="alert" data-testid="skills-error">
            {{ message }}
          </p>
        }
      </div>

      <section class="pc-section" aria-labelledby="skills-catalogue-title">
        <h2 class="pc-section__title" id="skills-catalogue-title">Catalogue</h2>
        <form
          class="pc-toolbar-row pc-skills__add"
          [formGroup]="addForm"
          (ngSubmit)="addSkill()"
          aria-label="Add a skill"
        >
          <mat-form-field appearance="outline">
            <mat-label>Skill name</mat-label>
            <input matInput formControlName="name" data-testid="skill-new-name" />
            <mat-hint>e.g. Spanish, Billing</mat-hint>
            <mat-error>{{ addError('name') }}</mat-error>
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label>Description (optional)</mat-label>
            <input matInput formControlName="description" data-testid="skill-new-description" />
            <mat-error>{{ addError('description') }}</mat-error>
          </mat-form-field>
          <button mat-flat-button type="submit" data-testid="skill-add">Add skill</button>
        </form>

        <ul class="pc-skills__list" data-testid="skills-list">
          @for (skill of catalogue(); track skill.id) {
            <li class="pc-skills__item" data-testid="skill-row">
              <span class="pc-skills__name">
                <strong data-testid="skill-row-name">{{ skill.name }}</strong>
                @if (skill.description) {
                  <span class="pc-skills__muted">{{ skill.description }}</span>
                }
              </span>
              <button
                mat-stroked-button
                type="button"
                class="pc-skills__danger"
                data-testid="skill-delete"
                [attr.aria-label]="'Delete ' + skill.name"
                (click)="deleteSkill(skill)"
              >
                Delete
              </button>
            </li>
          } @empty {
            <li data-testid="skills-empty">{{ loading() ? 'Loading…' : 'No skills yet.' }}</li>
          }
        </ul>
      </section>

      <section class="pc-section" aria-labelledby="skills-team-title">
        <h2 class="pc-section__title" id="skills-team-title">Team routing</h2>
        @if (teams().length === 0) {
          <p data-testid="skills-no-team">
            {{ loading() ? 'Loading…' : 'You supervise no team.' }}
          </p>
        } @else {
          <mat-form-field appearance="outline" class="pc-skills__team">
            <mat-label>Team</mat-label>
            <select
              matNativeControl
              [value]="teamId() ?? ''"
              (change)="chooseTeam($event)"
              data-testid="skills-team"
            >
              <option value="" disabled>Choose a team</option>
              @for (team of teams(); track team.id) {
                <option [value]="team.id" [selected]="team.id === teamId()">{{ team.name }}</option>
              }
            </select>
          </mat-form-field>
        }

        @if (teamId() && routingLoaded()) {
          <h3 class="pc-skills__subtitle">What {{ teamName() }}'s calls require</h3>
          <p class="pc-skills__muted">
            A call the phone system tags with its own skills (a language or product chosen in the
            IVR) requires those instead.
          </p>
          <pc-skill-levels-editor
            legend="Required skills"
            levelLabel="Lowest level"
            emptyText="Nothing: any agent of the team takes its calls."
            idPrefix="required"
            testId="team-required-skills"
            [catalogue]="catalogue()"
            [value]="requiredStart()"
            (changed)="required.set($event)"
          />
          <mat-form-field appearance="outline" class="pc-skills__widen">
            <mat-label>Widen after (seconds)</mat-label>
            <input
              matInput
              type="number"
              inputmode="numeric"
              min="5"
              max="3600"
              [formControl]="widenAfter"
              data-testid="team-widen-after"
            />
            <mat-hint>5-3600: how long a call waits before each step</mat-hint>
            <mat-error>{{ widenError() }}</mat-error>
          </mat-form-field>

          <mat-form-field appearance="outline" class="pc-skills__widen">
            <mat-label>Transferred calls</mat-label>
            <select
              matNativeControl
              [value]="transferredCalls()"
              (change)="chooseTransferredCalls($event)"
              data-testid="team-transferred-calls"
            >
              <option value="keep" [selected]="transferredCalls() === 'keep'">
                Keep their place in the queue
              </option>
              <option value="back" [selected]="transferredCalls() === 'back'">
                Go to the back of the queue
              </option>
            </select>
            <mat-hint>Calls other teams transfer to {{ teamName() }}; an agent may choose</mat-hint>
          </mat-form-field>

          <h4 class="pc-skills__steps-title" id="skills-steps-title">How a waiting call widens</h4>
          <ol
            class="pc-skills__steps"
            aria-labelledby="skills-steps-title"
            data-testid="widening-steps"
          >
            @for (step of steps(); track step.fromSeconds) {
              <li data-testid="widening-step">
                <span class="pc-skills__step-at">{{ stepTime(step.fromSeconds) }}</span>
                {{ stepText(step.requires) }}
              </li>
            }
          </ol>
          <button
            mat-flat-button
            type="button"
            data-testid="team-routing-save"
            [disabled]="saving()"
            (click)="saveRouting()"
          >
            Save {{ teamName() }}'s routing
          </button>

          <h3 class="pc-skills__subtitle" id="skills-agents-title">Agents of {{ teamName() }}</h3>
          <ul
            class="pc-skills__list"
            aria-labelledby="skills-agents-title"
            data-testid="skill-agents"
          >
            @for (agent of agents(); track agent.userId) {
              <li class="pc-skills__agent" [attr.data-testid]="'skill-agent-' + agent.userId">
                <div class="pc-skills__item">
                  <span class="pc-skills__name">
                    <strong>{{ agent.name }}</strong>
                    <span class="pc-skills__muted" data-testid="skill-agent-summary">
                      {{ summaryOf(agent.userId) }}
                    </span>
                  </span>
                  @if (editing() !== agent.userId) {
                    <button
                      mat-stroked-button
                      type="button"
                      data-testid="skill-agent-edit"
                      [attr.aria-label]="'Edit the skills of ' + agent.name"
                      (click)="editAgent(agent)"
                    >
                      Edit skills
                    </button>
                  }
                </div>
                @if (editing() === agent.userId) {
                  <pc-skill-levels-editor
                    [legend]="'Skills of ' + agent.name"
                    emptyText="No skills: this agent takes only calls that require none (or whose requirement has widened to any agent)."
                    [idPrefix]="'agent-' + agent.userId"
                    testId="agent-skills-editor"
                    [catalogue]="catalogue()"
                    [value]="agentStart()"
                    (changed)="agentLines.set($event)"
                  />
                  <div class="pc-toolbar-row">
                    <button
                      mat-flat-button
                      type="button"
                      data-testid="agent-skills-save"
                      [disabled]="saving()"
                      (click)="saveAgent(agent)"
                    >
                      Save skills
                    </button>
                    <button
                      mat-button
                      type="button"
                      data-testid="agent-skills-cancel"
                      (click)="editing.set(null)"
                    >
                      Cancel
                    </button>
                  </div>
                }
              </li>
            } @empty {
              <li data-testid="skill-agents-empty">This team has no agents.</li>
            }
          </ul>
        }
      </section>
    </div>
  `,
  styles: `
    .pc-skills__add {
      align-items: flex-start;
    }
    .pc-skills__add mat-form-field,
    .pc-skills__team,
    .pc-skills__widen {
      flex: 1 1 14rem;
      max-width: 24rem;
      width: 100%;
    }
    .pc-skills__list {
      list-style: none;
      margin: 1rem 0;
      padding: 0;
    }
    .pc-skills__item {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: 0.5rem;
      padding: 0.5rem 0;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .pc-skills__agent {
      margin-bottom: 0.5rem;
    }
    .pc-skills__name {
      display: flex;
      flex-direction: column;
      min-width: 0;
      overflow-wrap: anywhere;
    }
    .pc-skills__muted {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-medium);
    }
    .pc-skills__danger {
      color: var(--mat-sys-error);
    }
    .pc-skills__subtitle {
      font: var(--mat-sys-title-medium);
      margin: 1.5rem 0 0.5rem;
    }
    .pc-skills__steps-title {
      font: var(--mat-sys-title-small);
      margin: 1.75rem 0 0.25rem;
    }
    .pc-skills__steps {
      margin: 0 0 1rem;
      padding-left: 1.5rem;
    }
    .pc-skills__step-at {
      font-weight: 500;
    }
  `,
})
export class SkillsPage {
  private readonly skillsApi = inject(SkillsApi);
  private readonly teamsApi = inject(TeamsApi);
  private readonly dialog = inject(MatDialog);
  private readonly permissions = inject(Store).selectSignal(selectPermissions);

  protected readonly catalogue = signal<SkillView[]>([]);
  protected readonly loading = signal(true);
  protected readonly notice = signal<string | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly saving = signal(false);

  /** The teams whose routing and agents the person may change (`team:members` there). */
  protected readonly teams = signal<TeamView[]>([]);
  protected readonly teamId = signal<string | null>(null);
  protected readonly teamName = computed(
    () => this.teams().find((team) => team.id === this.teamId())?.name ?? '',
  );
  protected readonly routingLoaded = signal(false);
  protected readonly requiredStart = signal<SkillLevel[]>([]);
  protected readonly required = signal<SkillLevel[]>([]);
  protected readonly widenAfter = new FormControl<number | null>(DEFAULT_WIDEN_AFTER_SECONDS, {
    validators: [Validators.required, Validators.min(5), Validators.max(3600)],
  });
  private readonly widenSeconds = signal(DEFAULT_WIDEN_AFTER_SECONDS);
  /** Where calls transferred to the team take their place in its queue. */
  protected readonly transferredCalls = signal<QueuePosition>(DEFAULT_TRANSFERRED_CALLS);
  protected readonly steps = computed(() =>
    wideningSteps(
      this.required()
        .filter((line) => line.skillId !== '')
        .map((line) => ({
          skillId: line.skillId,
          minLevel: line.level,
          name: this.nameOf(line.skillId),
        })),
      this.widenSeconds(),
    ),
  );

  protected readonly agents = signal<TeamMemberView[]>([]);
  private readonly agentSkills = signal<ReadonlyMap<string, AgentSkill[]>>(new Map());
  protected readonly editing = signal<string | null>(null);
  protected readonly agentStart = signal<SkillLevel[]>([]);
  protected readonly agentLines = signal<SkillLevel[]>([]);

  protected readonly addForm = new FormGroup({
    name: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(60)],
    }),
    description: new FormControl('', {
      nonNullable: true,
      validators: [Validators.maxLength(300)],
    }),
  });

  constructor() {
    this.widenAfter.valueChanges.subscribe((value) => {
      if (value !== null && value >= 5 && value <= 3600) this.widenSeconds.set(value);
    });
    forkJoin([this.skillsApi.catalogue(), this.teamsApi.all(false)]).subscribe({
      next: ([catalogue, teams]) => {
        this.loading.set(false);
        this.catalogue.set(catalogue);
        const permissions = this.permissions();
        const mine = teams.filter(
          (team) =>
            permissions !== null && holdsPermission(permissions, Permission.TeamMembers, team.id),
        );
        this.teams.set(mine);
        const first = mine[0];
        if (first) this.openTeam(first.id);
      },
      error: (error: unknown) => {
        this.loading.set(false);
        this.error.set(apiErrorMessage(toApiFailure(error), {}, 'The skills could not be loaded.'));
      },
    });
  }

  protected addError(name: 'name' | 'description'): string | null {
    const control = this.addForm.controls[name];
    if (control.errors === null) return null;
    const server = serverError(this.addForm, name);
    if (server !== null) return server;
    if (control.errors['required']) return 'Required.';
    return name === 'name' ? 'At most 60 characters.' : 'At most 300 characters.';
  }

  protected widenError(): string | null {
    return this.widenAfter.errors === null ? null : 'A whole number of seconds from 5 to 3600.';
  }

  protected addSkill(): void {
    if (this.addForm.invalid) {
      this.addForm.markAllAsTouched();
      return;
    }
    const { name, description } = this.addForm.getRawValue();
    this.clearMessages();
    this.skillsApi
      .createSkill(description.trim() === '' ? { name } : { name, description })
      .subscribe({
        next: (skill) => {
          this.addForm.reset();
          this.catalogue.set(
            [...this.catalogue(), skill].sort((a, b) =>
              a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }),
            ),
          );
          this.notice.set(`${skill.name} added.`);
        },
        error: (error: unknown) =>
          this.error.set(
            showApiFailure(this.addForm, toApiFailure(error), 'The skill was not added.'),
          ),
      });
  }

  protected deleteSkill(skill: SkillView): void {
    confirmAction(this.dialog, {
      title: `Delete ${skill.name}?`,
      message: `Agents lose ${skill.name} and teams stop requiring it. Calls already waiting keep what they require.`,
      confirmLabel: 'Delete',
      destructive: true,
    })
      .pipe(filter(Boolean))
      .subscribe(() => {
        this.clearMessages();
        this.skillsApi.deleteSkill(skill.id).subscribe({
          next: () => {
            this.catalogue.set(this.catalogue().filter((item) => item.id !== skill.id));
            this.notice.set(`${skill.name} deleted.`);
            const teamId = this.teamId();
            if (teamId !== null) this.openTeam(teamId);
          },
          error: (error: unknown) =>
            this.error.set(apiErrorMessage(toApiFailure(error), {}, 'The skill was not deleted.')),
        });
      });
  }

  protected chooseTransferredCalls(event: Event): void {
    const value = (event.target as HTMLSelectElement).value;
    this.transferredCalls.set(value === 'back' ? 'back' : 'keep');
  }

  protected chooseTeam(event: Event): void {
    this.openTeam((event.target as HTMLSelectElement).value);
  }

  protected stepTime(seconds: number): string {
    return seconds === 0 ? 'At first:' : `After ${formatWait(seconds)}:`;
  }

  protected stepText(requires: readonly { name: string; minLevel: number }[]): string {
    if (requires.length === 0) return 'any agent of the team.';
    return `${requires.map((item) => `${item.name} ${String(item.minLevel)} or better`).join(', ')}.`;
  }

  protected saveRouting(): void {
    const teamId = this.teamId();
    if (teamId === null) return;
    const problem = skillLinesProblem(this.required(), this.catalogue());
    if (problem !== null || this.widenAfter.invalid || this.widenAfter.value === null) {
      this.widenAfter.markAsTouched();
      this.error.set(problem ?? 'Widen after: a whole number of seconds from 5 to 3600.');
      return;
    }
    this.clearMessages();
    this.saving.set(true);
    this.skillsApi
      .setTeamRouting(teamId, {
        requiredSkills: this.required().map(({ skillId, level }) => ({ skillId, minLevel: level })),
        widenAfterSeconds: this.widenAfter.value,
        transferredCalls: this.transferredCalls(),
      })
      .subscribe({
        next: (routing) => {
          this.saving.set(false);
          this.showRouting(routing);
          this.notice.set(`${this.teamName()}'s routing saved.`);
        },
        error: (error: unknown) => {
          this.saving.set(false);
          this.error.set(apiErrorMessage(toApiFailure(error), {}, 'The routing was not saved.'));
        },
      });
  }

  protected summaryOf(userId: string): string {
    return skillsSummary(this.agentSkills().get(userId) ?? []) || 'No skills';
  }

  protected editAgent(agent: TeamMemberView): void {
    const lines = (this.agentSkills().get(agent.userId) ?? []).map(({ skillId, level }) => ({
      skillId,
      level,
    }));
    this.agentStart.set(lines);
    this.agentLines.set(lines);
    this.editing.set(agent.userId);
  }

  protected saveAgent(agent: TeamMemberView): void {
    const problem = skillLinesProblem(this.agentLines(), this.catalogue());
    if (problem !== null) {
      this.error.set(problem);
      return;
    }
    this.clearMessages();
    this.saving.set(true);
    this.skillsApi.setAgentSkills(agent.userId, { skills: this.agentLines() }).subscribe({
      next: (saved) => {
        this.saving.set(false);
        this.agentSkills.set(new Map([...this.agentSkills(), [saved.userId, saved.skills]]));
        this.editing.set(null);
        this.notice.set(`${agent.name}'s skills saved.`);
      },
      error: (error: unknown) => {
        this.saving.set(false);
        this.error.set(apiErrorMessage(toApiFailure(error), {}, 'The skills were not saved.'));
      },
    });
  }

  private openTeam(teamId: string): void {
    this.teamId.set(teamId);
    this.routingLoaded.set(false);
    this.editing.set(null);
    forkJoin([
      this.skillsApi.teamRouting(teamId),
      this.teamsApi.get(teamId),
      this.skillsApi.agentsSkills(),
    ]).subscribe({
      next: ([routing, team, agentSkills]) => {
        if (this.teamId() !== teamId) return;
        this.showRouting(routing);
        this.agents.set(team.members.filter((member) => member.role === 'agent'));
        this.agentSkills.set(new Map(agentSkills.map((agent) => [agent.userId, agent.skills])));
        this.routingLoaded.set(true);
      },
      error: (error: unknown) =>
        this.error.set(
          apiErrorMessage(toApiFailure(error), {}, "The team's routing could not be loaded."),
        ),
    });
  }

  private showRouting({
    requiredSkills,
    widenAfterSeconds,
    transferredCalls,
  }: TeamRoutingView): void {
    const lines = requiredSkills.map(({ skillId, minLevel }) => ({ skillId, level: minLevel }));
    this.requiredStart.set(lines);
    this.required.set(lines);
    this.widenAfter.setValue(widenAfterSeconds);
    this.widenSeconds.set(widenAfterSeconds);
    this.transferredCalls.set(transferredCalls);
  }

  private nameOf(skillId: string): string {
    return this.catalogue().find((skill) => skill.id === skillId)?.name ?? '';
  }

  private clearMessages(): void {
    this.notice.set(null);
    this.error.set(null);
  }
}

/** "30 s", "2 min", "2 min 30 s". */
function formatWait(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  if (minutes === 0) return `${String(rest)} s`;
  return rest === 0 ? `${String(minutes)} min` : `${String(minutes)} min ${String(rest)} s`;
}
