import { Clipboard } from '@angular/cdk/clipboard';
import { DatePipe } from '@angular/common';
import { Component, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { Observable, filter } from 'rxjs';

import {
  IntegrationView,
  IntegrationWithSecretView,
  WebhookDeliveryStatus,
  WebhookDeliveryView,
} from '@poscalls4u/contracts';
import { apiErrorMessage } from '@poscalls4u/web-auth';
import { toApiFailure } from '@poscalls4u/web-core';
import { confirmAction } from '@poscalls4u/web-ui/confirm-dialog';

import { serverError, showApiFailure } from '../shared/api-form-errors';
import { IntegrationsApi } from './integrations-api';

const DELIVERY_STATUS_LABELS: Record<WebhookDeliveryStatus, string> = {
  pending: 'Queued',
  delivered: 'Delivered',
  retrying: 'Retrying',
  failed: 'Failed',
  dropped: 'Not sent',
};

/**
 * `/integrations` (admins): the PBXs that post call events here and receive the agents' actions
 * on their webhook. The shared secret is shown once, when registered or rotated.
 */
@Component({
  selector: 'pc-integrations-page',
  imports: [DatePipe, ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatInputModule],
  template: `
    <div class="pc-page">
      <h1 class="pc-page__title">Integrations</h1>
      <p>
        A PBX posts its call events, signed with the shared secret, to the integration's call-events
        address, and receives the agents' actions on its webhook (see docs/integrations.md).
      </p>

      <div aria-live="polite">
        @if (notice(); as message) {
          <p class="pc-message pc-message--info" data-testid="integrations-notice">{{ message }}</p>
        }
        @if (error(); as message) {
          <p class="pc-message pc-message--error" role="alert" data-testid="integrations-error">
            {{ message }}
          </p>
        }
      </div>

      @if (secret(); as shown) {
        <section class="pc-section pc-integrations__secret" aria-labelledby="secret-title">
          <h2 class="pc-section__title" id="secret-title">Shared secret of {{ shown.name }}</h2>
          <p>Copy it into the PBX now: it is not shown again. Rotate it if it is lost.</p>
          <code data-testid="integration-secret">{{ shown.secret }}</code>
          <div class="pc-toolbar-row">
            <button
              mat-flat-button
              type="button"
              data-testid="integration-secret-copy"
              (click)="copy(shown.secret)"
            >
              {{ copied() ? 'Copied' : 'Copy secret' }}
            </button>
            <button
              mat-button
              type="button"
              data-testid="integration-secret-done"
              (click)="secret.set(null)"
            >
              I have stored it
            </button>
          </div>
        </section>
      }

      <section class="pc-section" aria-labelledby="register-title">
        <h2 class="pc-section__title" id="register-title">Register a PBX</h2>
        <form
          class="pc-toolbar-row pc-integrations__form"
          [formGroup]="form"
          (ngSubmit)="register()"
        >
          <mat-form-field appearance="outline">
            <mat-label>Name</mat-label>
            <input matInput formControlName="name" required data-testid="integration-name" />
            <mat-error>{{ fieldError('name') }}</mat-error>
          </mat-form-field>
          <mat-form-field appearance="outline" class="pc-integrations__url">
            <mat-label>Webhook address (optional)</mat-label>
            <input
              matInput
              type="url"
              formControlName="webhookUrl"
              placeholder="https://pbx.example.com/poscalls4u"
              data-testid="integration-webhook"
            />
            <mat-error>{{ fieldError('webhookUrl') }}</mat-error>
          </mat-form-field>
          <button mat-flat-button type="submit" data-testid="integration-register">Register</button>
        </form>
      </section>

      <section class="pc-section" aria-labelledby="list-title">
        <h2 class="pc-section__title" id="list-title">Registered</h2>
        <table class="pc-integrations__table" data-testid="integrations-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Call events to</th>
              <th scope="col">Webhook</th>
              <th scope="col">Status</th>
              <th scope="col">Registered</th>
              <th scope="col"><span class="pc-visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            @for (integration of integrations(); track integration.id) {
              <tr data-testid="integration-row">
                <td data-testid="integration-row-name">{{ integration.name }}</td>
                <td>
                  <code>{{ integration.callEventsUrl }}</code>
                </td>
                <td>{{ integration.webhookUrl ?? 'none' }}</td>
                <td data-testid="integration-row-status">
                  {{ integration.isActive ? 'Active' : 'Deactivated' }}
                </td>
                <td>{{ integration.createdAt | date: 'mediumDate' }}</td>
                <td class="pc-integrations__actions">
                  <button
                    mat-stroked-button
                    type="button"
                    data-testid="integration-rotate"
                    [attr.aria-label]="'Rotate the secret of ' + integration.name"
                    (click)="rotate(integration)"
                  >
                    Rotate secret
                  </button>
                  <button
                    mat-stroked-button
                    type="button"
                    data-testid="integration-toggle"
                    (click)="toggle(integration)"
                  >
                    {{ integration.isActive ? 'Deactivate' : 'Activate' }}
                  </button>
                  <button
                    mat-stroked-button
                    type="button"
                    data-testid="integration-deliveries"
                    [attr.aria-label]="'Recent deliveries of ' + integration.name"
                    (click)="showDeliveries(integration)"
                  >
                    Deliveries
                  </button>
                </td>
              </tr>
            } @empty {
              <tr>
                <td colspan="6">{{ loading() ? 'Loading…' : 'No PBX is registered.' }}</td>
              </tr>
            }
          </tbody>
        </table>
      </section>

      @if (deliveriesOf(); as integration) {
        <section class="pc-section" aria-labelledby="deliveries-title" data-testid="deliveries">
          <h2 class="pc-section__title" id="deliveries-title">
            Recent deliveries to {{ integration.name }}
          </h2>
          <p>
            Each command sent to the webhook (hold, dial, transfer...). A failed one is tried again
            for about an hour; after that, or when it was not sent, you can send it again.
          </p>
          <button
            mat-stroked-button
            type="button"
            data-testid="deliveries-refresh"
            (click)="showDeliveries(integration)"
          >
            Refresh
          </button>
          <table class="pc-integrations__table" data-testid="deliveries-table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Command</th>
                <th scope="col">Status</th>
                <th scope="col">Tries</th>
                <th scope="col">Answer</th>
                <th scope="col">Last error</th>
                <th scope="col"><span class="pc-visually-hidden">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              @for (delivery of deliveries(); track delivery.id) {
                <tr data-testid="delivery-row">
                  <td>{{ delivery.lastAttemptAt ?? delivery.createdAt | date: 'medium' }}</td>
                  <td>
                    <code>{{ delivery.command }}</code>
                  </td>
                  <td data-testid="delivery-status" [attr.data-status]="delivery.status">
                    {{ statusLabel(delivery.status) }}
                  </td>
                  <td>{{ delivery.attempts }}</td>
                  <td>{{ delivery.responseCode ?? '—' }}</td>
                  <td>{{ delivery.lastError ?? '—' }}</td>
                  <td>
                    @if (delivery.status === 'failed' || delivery.status === 'dropped') {
                      <button
                        mat-stroked-button
                        type="button"
                        data-testid="delivery-retry"
                        [attr.aria-label]="'Send ' + delivery.command + ' again'"
                        (click)="retry(integration, delivery)"
                      >
                        Send again
                      </button>
                    }
                  </td>
                </tr>
              } @empty {
                <tr>
                  <td colspan="7">
                    {{ deliveriesLoading() ? 'Loading…' : 'Nothing was sent to this webhook yet.' }}
                  </td>
                </tr>
              }
            </tbody>
          </table>
        </section>
      }
    </div>
  `,
  styles: `
    .pc-integrations__form {
      align-items: flex-start;
      flex-wrap: wrap;
    }
    .pc-integrations__url {
      flex: 1 1 20rem;
    }
    .pc-integrations__secret code {
      display: block;
      padding: 0.75rem;
      margin-bottom: 0.5rem;
      overflow-wrap: anywhere;
      background: var(--mat-sys-surface-container);
    }
    .pc-integrations__table {
      border-collapse: collapse;
      width: 100%;
    }
    .pc-integrations__table th,
    .pc-integrations__table td {
      text-align: left;
      padding: 0.5rem;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
      overflow-wrap: anywhere;
    }
    .pc-integrations__actions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
    }
  `,
})
export class IntegrationsPage {
  private readonly api = inject(IntegrationsApi);
  private readonly dialog = inject(MatDialog);
  private readonly clipboard = inject(Clipboard);

  protected readonly integrations = signal<IntegrationView[]>([]);
  protected readonly loading = signal(true);
  protected readonly notice = signal<string | null>(null);
  protected readonly error = signal<string | null>(null);
  /** The secret just issued, shown until the admin dismisses it or leaves the page. */
  protected readonly secret = signal<IntegrationWithSecretView | null>(null);
  protected readonly copied = signal(false);
  /** The integration whose deliveries are shown, and its newest deliveries. */
  protected readonly deliveriesOf = signal<IntegrationView | null>(null);
  protected readonly deliveries = signal<WebhookDeliveryView[]>([]);
  protected readonly deliveriesLoading = signal(false);

  protected readonly form = new FormGroup({
    name: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    webhookUrl: new FormControl('', { nonNullable: true }),
  });

  constructor() {
    this.load();
  }

  protected fieldError(name: 'name' | 'webhookUrl'): string | null {
    const control = this.form.controls[name];
    if (control.errors?.['required']) return 'Required.';
    return serverError(this.form, name);
  }

  protected register(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { name, webhookUrl } = this.form.getRawValue();
    this.clearMessages();
    this.api
      .register(webhookUrl.trim() === '' ? { name } : { name, webhookUrl: webhookUrl.trim() })
      .subscribe({
        next: (integration) => {
          this.form.reset();
          this.showSecret(integration);
          this.notice.set(`${integration.name} is registered.`);
          this.load();
        },
        error: (error: unknown) =>
          this.error.set(
            showApiFailure(this.form, toApiFailure(error), 'The integration was not registered.'),
          ),
      });
  }

  protected rotate(integration: IntegrationView): void {
    confirmAction(this.dialog, {
      title: `Rotate the secret of ${integration.name}?`,
      message:
        'The current secret stops working at once: the PBX is refused until it has the new one.',
      confirmLabel: 'Rotate',
      destructive: true,
    })
      .pipe(filter(Boolean))
      .subscribe(() =>
        this.run(this.api.rotateSecret(integration.id), (rotated) => {
          this.showSecret(rotated);
          this.notice.set(`${integration.name} has a new secret.`);
        }),
      );
  }

  protected toggle(integration: IntegrationView): void {
    if (!integration.isActive) {
      this.run(this.api.update(integration.id, { isActive: true }), () =>
        this.notice.set(`${integration.name} is active again.`),
      );
      return;
    }
    confirmAction(this.dialog, {
      title: `Deactivate ${integration.name}?`,
      message: 'Its call events are refused and its webhook gets nothing until you activate it.',
      confirmLabel: 'Deactivate',
      destructive: true,
    })
      .pipe(filter(Boolean))
      .subscribe(() =>
        this.run(this.api.deactivate(integration.id), () =>
          this.notice.set(`${integration.name} is deactivated.`),
        ),
      );
  }

  protected statusLabel(status: WebhookDeliveryStatus): string {
    return DELIVERY_STATUS_LABELS[status];
  }

  protected showDeliveries(integration: IntegrationView): void {
    this.deliveriesOf.set(integration);
    this.deliveriesLoading.set(true);
    this.api.deliveries(integration.id).subscribe({
      next: (page) => {
        this.deliveriesLoading.set(false);
        this.deliveries.set(page.items);
      },
      error: (error: unknown) => {
        this.deliveriesLoading.set(false);
        this.error.set(
          apiErrorMessage(toApiFailure(error), {}, 'The deliveries could not be loaded.'),
        );
      },
    });
  }

  protected retry(integration: IntegrationView, delivery: WebhookDeliveryView): void {
    this.clearMessages();
    this.api.retryDelivery(integration.id, delivery.id).subscribe({
      next: (queued) => {
        this.deliveries.update((all) => all.map((row) => (row.id === queued.id ? queued : row)));
        this.notice.set(`${delivery.command} is queued to be sent again.`);
      },
      error: (error: unknown) =>
        this.error.set(apiErrorMessage(toApiFailure(error), {}, 'It was not queued again.')),
    });
  }

  protected copy(secret: string): void {
    this.copied.set(this.clipboard.copy(secret));
  }

  private showSecret(integration: IntegrationWithSecretView): void {
    this.copied.set(false);
    this.secret.set(integration);
  }

  private run<T>(request: Observable<T>, done: (answer: T) => void): void {
    this.clearMessages();
    request.subscribe({
      next: (answer) => {
        done(answer);
        this.load();
      },
      error: (error: unknown) =>
        this.error.set(apiErrorMessage(toApiFailure(error), {}, 'The change was not saved.')),
    });
  }

  private load(): void {
    this.api.all().subscribe({
      next: (integrations) => {
        this.loading.set(false);
        this.integrations.set(integrations);
      },
      error: (error: unknown) => {
        this.loading.set(false);
        this.error.set(
          apiErrorMessage(toApiFailure(error), {}, 'The integrations could not be loaded.'),
        );
      },
    });
  }

  private clearMessages(): void {
    this.notice.set(null);
    this.error.set(null);
  }
}
