import { Clipboard } from '@angular/cdk/clipboard';
import { DOCUMENT, DatePipe } from '@angular/common';
import { Component, computed, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { Store } from '@ngrx/store';
import { filter } from 'rxjs';

import {
  Permission,
  Role,
  WALLBOARD_ROTATION_DEFAULT_SECONDS,
  WALLBOARD_ROTATION_MAX_SECONDS,
  WALLBOARD_ROTATION_MIN_SECONDS,
  WallboardLinkView,
} from '@poscalls4u/contracts';
import { apiErrorMessage, selectPermissions } from '@poscalls4u/web-auth';
import { toApiFailure } from '@poscalls4u/web-core';
import { confirmAction } from '@poscalls4u/web-ui/confirm-dialog';

import { serverError, showApiFailure } from '../shared/api-form-errors';
import { TeamsApi } from '../teams/teams-api';
import { WallboardsApi } from './wallboards-api';

/**
 * `/wallboards`: links that show some teams' live figures on a screen without a sign-in. The
 * link (its secret in the URL's fragment) is shown once, at creation; the list shows each link's
 * last use; revoking stops its screen at once.
 */
@Component({
  selector: 'pc-wallboards-page',
  imports: [DatePipe, ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatInputModule],
  template: `
    <div class="pc-page">
      <h1 class="pc-page__title">Wallboards</h1>
      <p>
        A wallboard shows the chosen teams' live figures in large type on a screen on the floor, one
        team after the other. Open its link on the screen's browser: it needs no sign-in, reads
        nothing else and stops working when you revoke it.
      </p>

      <div aria-live="polite">
        @if (notice(); as message) {
          <p class="pc-message pc-message--info" data-testid="wallboards-notice">{{ message }}</p>
        }
        @if (error(); as message) {
          <p class="pc-message pc-message--error" role="alert" data-testid="wallboards-error">
            {{ message }}
          </p>
        }
      </div>

      @if (created(); as shown) {
        <section class="pc-section pc-wallboards__link" aria-labelledby="link-title">
          <h2 class="pc-section__title" id="link-title">Link of {{ shown.name }}</h2>
          <p>Copy it now: it is not shown again. Anyone with the link sees these teams' figures.</p>
          <code data-testid="wallboard-link">{{ shown.url }}</code>
          <div class="pc-toolbar-row">
            <button
              mat-flat-button
              type="button"
              data-testid="wallboard-copy"
              (click)="copy(shown.url)"
            >
              {{ copied() ? 'Copied' : 'Copy link' }}
            </button>
            <button
              mat-button
              type="button"
              data-testid="wallboard-link-done"
              (click)="created.set(null)"
            >
              Done
            </button>
          </div>
        </section>
      }

      <section class="pc-section" aria-labelledby="create-title">
        <h2 class="pc-section__title" id="create-title">New wallboard</h2>
        <form class="pc-wallboards__form" [formGroup]="form" (ngSubmit)="create()">
          <div class="pc-toolbar-row">
            <mat-form-field appearance="outline">
              <mat-label>Name</mat-label>
              <input matInput formControlName="name" required data-testid="wallboard-name" />
              <mat-error>{{ fieldError('name') }}</mat-error>
            </mat-form-field>
            <mat-form-field appearance="outline">
              <mat-label>Seconds per team</mat-label>
              <input
                matInput
                type="number"
                formControlName="rotationSeconds"
                [min]="rotationMin"
                [max]="rotationMax"
                data-testid="wallboard-rotation"
              />
              <mat-error>{{ fieldError('rotationSeconds') }}</mat-error>
            </mat-form-field>
          </div>
          <fieldset class="pc-wallboards__teams">
            <legend>Teams (in the order shown)</legend>
            @for (team of teams(); track team.id) {
              <label>
                <input
                  type="checkbox"
                  [checked]="picked().includes(team.id)"
                  (change)="toggle(team.id)"
                  [attr.data-testid]="'wallboard-team-' + team.name"
                />
                {{ team.name }}
              </label>
            } @empty {
              <p>{{ loading() ? 'Loading…' : 'You manage no team.' }}</p>
            }
          </fieldset>
          <button
            mat-flat-button
            type="submit"
            data-testid="wallboard-create"
            [disabled]="picked().length === 0"
          >
            Create link
          </button>
        </form>
      </section>

      <section class="pc-section" aria-labelledby="list-title">
        <h2 class="pc-section__title" id="list-title">Links</h2>
        <table class="pc-wallboards__table" data-testid="wallboards-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Teams</th>
              <th scope="col">Seconds per team</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col"><span class="pc-visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            @for (link of links(); track link.id) {
              <tr data-testid="wallboard-row" [attr.data-name]="link.name">
                <td>{{ link.name }}</td>
                <td>{{ teamNames(link) }}</td>
                <td>{{ link.rotationSeconds }}</td>
                <td>{{ link.createdAt | date: 'medium' }} · {{ link.createdBy?.name ?? '' }}</td>
                <td data-testid="wallboard-last-used">
                  {{ link.lastUsedAt ? (link.lastUsedAt | date: 'medium') : 'Never' }}
                </td>
                <td>
                  @if (link.revokedAt) {
                    <span data-testid="wallboard-revoked"
                      >Revoked {{ link.revokedAt | date: 'medium' }}</span
                    >
                  } @else {
                    <button
                      mat-stroked-button
                      type="button"
                      data-testid="wallboard-revoke"
                      [attr.aria-label]="'Revoke ' + link.name"
                      (click)="revoke(link)"
                    >
                      Revoke
                    </button>
                  }
                </td>
              </tr>
            } @empty {
              <tr>
                <td colspan="6">{{ loading() ? 'Loading…' : 'No wallboard link yet.' }}</td>
              </tr>
            }
          </tbody>
        </table>
      </section>
    </div>
  `,
  styles: `
    .pc-wallboards__link code {
      display: block;
      padding: 0.75rem;
      margin-bottom: 0.5rem;
      overflow-wrap: anywhere;
      background: var(--mat-sys-surface-container);
    }
    .pc-wallboards__teams {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 1.5rem;
      margin: 0 0 1rem;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: var(--mat-sys-corner-small);
    }
    .pc-wallboards__table {
      border-collapse: collapse;
      width: 100%;
    }
    .pc-wallboards__table th,
    .pc-wallboards__table td {
      text-align: left;
      padding: 0.5rem;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
  `,
})
export class WallboardsPage {
  private readonly api = inject(WallboardsApi);
  private readonly teamsApi = inject(TeamsApi);
  private readonly dialog = inject(MatDialog);
  private readonly clipboard = inject(Clipboard);
  private readonly document = inject(DOCUMENT);
  private readonly permissions = inject(Store).selectSignal(selectPermissions);

  protected readonly rotationMin = WALLBOARD_ROTATION_MIN_SECONDS;
  protected readonly rotationMax = WALLBOARD_ROTATION_MAX_SECONDS;
  protected readonly links = signal<WallboardLinkView[]>([]);
  private readonly allTeams = signal<{ id: string; name: string }[]>([]);
  /** The teams a link may show: those where the caller holds `wallboards:manage` (admins: all). */
  protected readonly teams = computed(() => {
    const permissions = this.permissions();
    if (!permissions) return [];
    if (permissions.role === Role.Admin) return this.allTeams();
    const managed = permissions.teams
      .filter((team) => team.permissions.includes(Permission.WallboardsManage))
      .map((team) => team.teamId);
    return this.allTeams().filter((team) => managed.includes(team.id));
  });
  protected readonly picked = signal<string[]>([]);
  protected readonly loading = signal(true);
  protected readonly notice = signal<string | null>(null);
  protected readonly error = signal<string | null>(null);
  /** The link just created, with its secret: shown until dismissed or the page is left. */
  protected readonly created = signal<{ name: string; url: string } | null>(null);
  protected readonly copied = signal(false);

  protected readonly form = new FormGroup({
    name: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    rotationSeconds: new FormControl(WALLBOARD_ROTATION_DEFAULT_SECONDS, {
      nonNullable: true,
      validators: [
        Validators.required,
        Validators.min(WALLBOARD_ROTATION_MIN_SECONDS),
        Validators.max(WALLBOARD_ROTATION_MAX_SECONDS),
      ],
    }),
  });

  constructor() {
    this.teamsApi.all(false).subscribe({
      next: (teams) => this.allTeams.set(teams.map((team) => ({ id: team.id, name: team.name }))),
      error: (error: unknown) =>
        this.error.set(apiErrorMessage(toApiFailure(error), {}, 'The teams could not be loaded.')),
    });
    this.load();
  }

  protected fieldError(name: 'name' | 'rotationSeconds'): string | null {
    const control = this.form.controls[name];
    if (control.errors?.['required']) return 'Required.';
    if (control.errors?.['min'] || control.errors?.['max'])
      return `Between ${WALLBOARD_ROTATION_MIN_SECONDS} and ${WALLBOARD_ROTATION_MAX_SECONDS} seconds.`;
    return serverError(this.form, name);
  }

  protected toggle(teamId: string): void {
    this.picked.update((picked) =>
      picked.includes(teamId) ? picked.filter((id) => id !== teamId) : [...picked, teamId],
    );
  }

  protected teamNames(link: WallboardLinkView): string {
    return link.teams.map((team) => team.name).join(', ') || '—';
  }

  protected create(): void {
    if (this.form.invalid || this.picked().length === 0) {
      this.form.markAllAsTouched();
      return;
    }
    const { name, rotationSeconds } = this.form.getRawValue();
    this.clearMessages();
    this.api.create({ name, rotationSeconds, teamIds: this.picked() }).subscribe({
      next: (result) => {
        this.form.reset();
        this.picked.set([]);
        this.copied.set(false);
        // The console's own address of the page, the secret in the fragment (never sent).
        const url = new URL('wallboard', this.document.baseURI);
        url.hash = result.secret;
        this.created.set({ name: result.wallboard.name, url: url.toString() });
        this.notice.set(`${result.wallboard.name} is ready: open its link on the screen.`);
        this.load();
      },
      error: (error: unknown) =>
        this.error.set(
          showApiFailure(this.form, toApiFailure(error), 'The wallboard link was not created.'),
        ),
    });
  }

  protected revoke(link: WallboardLinkView): void {
    confirmAction(this.dialog, {
      title: `Revoke ${link.name}?`,
      message: 'Its screen goes blank at once and the link never works again.',
      confirmLabel: 'Revoke',
      destructive: true,
    })
      .pipe(filter(Boolean))
      .subscribe(() => {
        this.clearMessages();
        this.api.revoke(link.id).subscribe({
          next: () => {
            this.notice.set(`${link.name} is revoked.`);
            this.load();
          },
          error: (error: unknown) =>
            this.error.set(apiErrorMessage(toApiFailure(error), {}, 'The link was not revoked.')),
        });
      });
  }

  protected copy(url: string): void {
    this.copied.set(this.clipboard.copy(url));
  }

  private load(): void {
    this.api.list().subscribe({
      next: (links) => {
        this.loading.set(false);
        this.links.set(links);
      },
      error: (error: unknown) => {
        this.loading.set(false);
        this.error.set(apiErrorMessage(toApiFailure(error), {}, 'The links could not be loaded.'));
      },
    });
  }

  private clearMessages(): void {
    this.notice.set(null);
    this.error.set(null);
  }
}
