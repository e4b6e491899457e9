import {
  Component,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  effect,
  inject,
  input,
  output,
  signal,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';

import {
  MAX_SKILLS_PER_LIST,
  SKILL_LEVEL_MAX,
  SKILL_LEVEL_MIN,
  SkillView,
} from '@poscalls4u/contracts';

/** One line of the editor: a skill of the catalogue at a level (1-5). */
export interface SkillLevel {
  skillId: string;
  level: number;
}

const LEVEL_WORDS: Record<number, string> = { 1: 'basic', 3: 'good', 5: 'expert' };

/**
 * A list of skills, each at a level, edited line by line: an agent's skills (their level) or a
 * team's required skills (the lowest level that qualifies). Native selects, so a phone shows its
 * own picker and the keyboard works as everywhere; adding a line moves the focus to its skill.
 */
@Component({
  selector: 'pc-skill-levels-editor',
  imports: [MatButtonModule, MatFormFieldModule, MatInputModule],
  template: `
    <fieldset class="pc-skill-levels" [attr.data-testid]="testId()">
      <legend class="pc-skill-levels__legend">{{ legend() }}</legend>
      @for (line of lines(); track $index; let i = $index) {
        <div class="pc-skill-levels__line" data-testid="skill-line">
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>Skill</mat-label>
            <select
              matNativeControl
              [id]="idPrefix() + '-skill-' + i"
              [value]="line.skillId"
              (change)="setSkill(i, $event)"
              data-testid="skill-line-skill"
            >
              <option value="" disabled>Choose a skill</option>
              @for (skill of catalogue(); track skill.id) {
                <option [value]="skill.id" [selected]="skill.id === line.skillId">
                  {{ skill.name }}
                </option>
              }
            </select>
          </mat-form-field>
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>{{ levelLabel() }}</mat-label>
            <select
              matNativeControl
              [value]="line.level"
              (change)="setLevel(i, $event)"
              data-testid="skill-line-level"
            >
              @for (level of levels; track level) {
                <option [value]="level" [selected]="level === line.level">
                  {{ levelText(level) }}
                </option>
              }
            </select>
          </mat-form-field>
          <button
            mat-stroked-button
            type="button"
            data-testid="skill-line-remove"
            [attr.aria-label]="'Remove ' + (nameOf(line.skillId) || 'this line')"
            (click)="remove(i)"
          >
            Remove
          </button>
        </div>
      } @empty {
        <p class="pc-skill-levels__empty" data-testid="skill-lines-empty">{{ emptyText() }}</p>
      }
      @if (problem(); as message) {
        <p class="pc-message pc-message--error" role="alert" data-testid="skill-lines-problem">
          {{ message }}
        </p>
      }
      <div class="pc-toolbar-row">
        <button
          mat-stroked-button
          type="button"
          data-testid="skill-line-add"
          [disabled]="lines().length >= maxLines || catalogue().length === 0"
          (click)="add()"
        >
          Add a skill
        </button>
      </div>
    </fieldset>
  `,
  styles: `
    .pc-skill-levels {
      border: 0;
      margin: 0 0 1rem;
      padding: 0;
      min-width: 0;
    }
    .pc-skill-levels__legend {
      font: var(--mat-sys-title-small);
      margin-bottom: 0.5rem;
      padding: 0;
    }
    .pc-skill-levels__line {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem 0.75rem;
      margin-bottom: 0.75rem;
    }
    .pc-skill-levels__line mat-form-field {
      flex: 1 1 10rem;
      min-width: 0;
      max-width: 20rem;
    }
    .pc-skill-levels__empty {
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class SkillLevelsEditorComponent {
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  readonly catalogue = input.required<readonly SkillView[]>();
  /** The lines to start from; the editor resets to them whenever they change. */
  readonly value = input.required<readonly SkillLevel[]>();
  readonly legend = input.required<string>();
  readonly levelLabel = input('Level');
  readonly emptyText = input('No skills.');
  /** Unique on the page: the ids of the skill selects start with it. */
  readonly idPrefix = input.required<string>();
  readonly testId = input('skill-levels');
  /** Every change, lines complete or not; `problem()` says what is wrong. */
  readonly changed = output<SkillLevel[]>();

  protected readonly levels = Array.from(
    { length: SKILL_LEVEL_MAX - SKILL_LEVEL_MIN + 1 },
    (_, i) => SKILL_LEVEL_MIN + i,
  );
  protected readonly maxLines = MAX_SKILLS_PER_LIST;
  protected readonly lines = signal<SkillLevel[]>([]);

  /** What keeps the lines from being saved, in words; null when they can be. */
  readonly problem = computed(() => skillLinesProblem(this.lines(), this.catalogue()));

  constructor() {
    effect(() => this.lines.set(this.value().map((line) => ({ ...line }))));
  }

  protected nameOf(skillId: string): string {
    return this.catalogue().find((skill) => skill.id === skillId)?.name ?? '';
  }

  protected levelText(level: number): string {
    const word = LEVEL_WORDS[level];
    return word === undefined ? String(level) : `${String(level)} (${word})`;
  }

  protected setSkill(index: number, event: Event): void {
    const skillId = (event.target as HTMLSelectElement).value;
    this.update((lines) => lines.map((line, i) => (i === index ? { ...line, skillId } : line)));
  }

  protected setLevel(index: number, event: Event): void {
    const level = Number((event.target as HTMLSelectElement).value);
    this.update((lines) => lines.map((line, i) => (i === index ? { ...line, level } : line)));
  }

  protected add(): void {
    const taken = new Set(this.lines().map((line) => line.skillId));
    const next = this.catalogue().find((skill) => !taken.has(skill.id));
    const index = this.lines().length;
    this.update((lines) => [...lines, { skillId: next?.id ?? '', level: 3 }]);
    // The new line's skill gets the focus, so the keyboard goes on from where the person is.
    afterNextRender(
      () =>
        this.host.nativeElement
          .querySelector<HTMLSelectElement>(`#${CSS.escape(`${this.idPrefix()}-skill-${index}`)}`)
          ?.focus(),
      { injector: this.injector },
    );
  }

  protected remove(index: number): void {
    this.update((lines) => lines.filter((_, i) => i !== index));
  }

  private update(change: (lines: SkillLevel[]) => SkillLevel[]): void {
    this.lines.set(change(this.lines()));
    this.changed.emit(this.lines());
  }
}

/** Why these lines cannot be saved (a line without a skill, a skill twice), or null. */
export function skillLinesProblem(
  lines: readonly SkillLevel[],
  catalogue: readonly SkillView[],
): string | null {
  if (lines.some((line) => line.skillId === '')) return 'Choose a skill on every line.';
  const seen = new Set<string>();
  for (const line of lines) {
    if (seen.has(line.skillId)) {
      const name = catalogue.find((skill) => skill.id === line.skillId)?.name ?? 'A skill';
      return `${name} is listed twice.`;
    }
    seen.add(line.skillId);
  }
  return null;
}
