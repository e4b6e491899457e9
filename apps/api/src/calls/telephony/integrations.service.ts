import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';

import {
  IngestResult,
  IntegrationView,
  IntegrationWithSecretView,
  Page,
  PageQuery,
  SIGNATURE_TOLERANCE_SECONDS,
  WebhookAction,
  WebhookDeliveryStatus,
  WebhookDeliveryView,
} from '@poscalls4u/contracts';
import { APP_CONFIG, type AppConfig } from '@poscalls4u/server-config';
import {
  Database,
  InjectDatabase,
  IntegrationRow,
  WebhookDeliveryRow,
} from '@poscalls4u/server-database';
import {
  IntegrationSecretCipher,
  isFresh,
  matchesSecret,
  newIntegrationSecret,
  parseSignatureHeader,
} from '@poscalls4u/server-integrations';
import { JobName } from '@poscalls4u/server-jobs';

import { AuthUser } from '../../identity/access';
import { AppException, pageWindow } from '../../platform/http';
import { MetricsService } from '../../platform/metrics';
import { OutboxService } from '../../platform/outbox';
import { parseCallEvents } from './call-event-parsing';
import { CreateIntegrationDto, UpdateIntegrationDto } from './dto/integration.dto';
import { IntegrationsRepository } from './integrations.repository';
import { PbxEventsService } from './pbx-events.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * How long an instance reuses an integration and its decrypted secret to verify call events: a
 * busy PBX posts many times a second, and each post would otherwise read and decrypt them. A
 * change made through this instance applies at once (the entry is dropped); one made through
 * another instance (a rotation, a deactivation) applies here within this time.
 */
const VERIFIER_TTL_MS = 5_000;

interface Verifier {
  integration: IntegrationRow;
  /** The decrypted secret; undefined when the integration is inactive. */
  secret: string | undefined;
  expiresAt: number;
}

/**
 * Telephony integrations: the admin side (register, change, rotate the secret, deactivate) and
 * the signed call-event ingestion: verified events are handed to `PbxEventsService.ingest`,
 * which records their ids and applies them in one transaction.
 */
@Injectable()
export class IntegrationsService {
  /** By integration id; only integrations that exist, so unknown ids cannot fill it. */
  private readonly verifiers = new Map<string, Verifier>();

  constructor(
    private readonly repository: IntegrationsRepository,
    private readonly cipher: IntegrationSecretCipher,
    private readonly pbxEvents: PbxEventsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: MetricsService,
    private readonly outbox: OutboxService,
    @InjectDatabase() private readonly db: Database,
  ) {}

  /** The commands posted (or being posted) to an integration's webhook, newest first. */
  async deliveries(id: string, query: PageQuery): Promise<Page<WebhookDeliveryView>> {
    await this.find(id);
    const { page, pageSize, offset } = pageWindow(query);
    const { rows, total } = await this.repository.deliveries(id, pageSize, offset);
    return { items: rows.map(toDeliveryView), total, page, pageSize };
  }

  /**
   * Sends a failed or dropped command again: queued (through the outbox, with the usual retries)
   * with the same action, so a PBX that got it after all de-duplicates it on its id. 409 while it
   * is still on its way or once delivered.
   */
  async retryDelivery(id: string, deliveryId: string): Promise<WebhookDeliveryView> {
    await this.find(id);
    const retried = await this.db.transaction(async (tx) => {
      const delivery = await this.repository.delivery(id, deliveryId, tx);
      if (!delivery) throw AppException.notFound('No such delivery.');
      if (delivery.status !== 'failed' && delivery.status !== 'dropped') {
        throw AppException.conflict(
          `This delivery is ${delivery.status}: only a failed or dropped one can be retried.`,
        );
      }
      await this.outbox.add(tx, JobName.DeliverWebhook, {
        integrationId: id,
        action: delivery.action as WebhookAction,
      });
      return this.repository.markPending(delivery.id, tx);
    });
    this.outbox.dispatchSoon();
    return toDeliveryView(retried);
  }

  async list(): Promise<IntegrationView[]> {
    return (await this.repository.list()).map((row) => this.toView(row));
  }

  async get(id: string): Promise<IntegrationView> {
    return this.toView(await this.find(id));
  }

  async create(user: AuthUser, body: CreateIntegrationDto): Promise<IntegrationWithSecretView> {
    // The id is chosen here because the secret's ciphertext is bound to it (authenticated data).
    const id = randomUUID();
    const secret = newIntegrationSecret();
    const row = await this.repository.insert({
      id,
      name: body.name,
      webhookUrl: body.webhookUrl ?? null,
      secretEncrypted: this.cipher.encrypt(secret, id),
      createdBy: user.id,
    });
    return { ...this.toView(row), secret };
  }

  async update(id: string, body: UpdateIntegrationDto): Promise<IntegrationView> {
    const row = await this.repository.update(id, {
      name: body.name,
      webhookUrl: body.webhookUrl,
      isActive: body.isActive,
    });
    this.verifiers.delete(id);
    if (!row) throw notFound();
    return this.toView(row);
  }

  /**
   * A new secret: the old one stops signing at once, and verifying at once here and within
   * VERIFIER_TTL_MS on other instances.
   */
  async rotateSecret(id: string): Promise<IntegrationWithSecretView> {
    const secret = newIntegrationSecret();
    const row = await this.repository.update(id, {
      secretEncrypted: this.cipher.encrypt(secret, id),
    });
    this.verifiers.delete(id);
    if (!row) throw notFound();
    return { ...this.toView(row), secret };
  }

  /** Deactivated, not deleted: its calls keep their link to it, and it can be switched back on. */
  async deactivate(id: string): Promise<IntegrationView> {
    const row = await this.repository.update(id, { isActive: false });
    this.verifiers.delete(id);
    if (!row) throw notFound();
    return this.toView(row);
  }

  /**
   * Authenticates a call-events request, then applies its events in order. The checks that do
   * not depend on the integration come first, with their own messages (they tell the integrator
   * what to fix and reveal nothing); an unknown id, an inactive integration and a wrong
   * signature then share one answer, so ids cannot be probed.
   */
  async ingest(
    integrationId: string,
    signatureHeader: string | undefined,
    rawBody: Buffer,
    body: unknown,
  ): Promise<IngestResult> {
    const integration = await this.verified(integrationId, signatureHeader, rawBody).catch(
      (error: unknown) => {
        this.metrics.countTelephonyRejection('signature');
        throw error;
      },
    );
    let events;
    try {
      events = parseCallEvents(body);
    } catch (error) {
      this.metrics.countTelephonyRejection('invalid');
      throw error;
    }
    // In the order sent (a batch is the PBX's own sequence of events), in one transaction.
    const results = await this.pbxEvents.ingest(integration.id, events).catch((error: unknown) => {
      if (error instanceof AppException && error.retryAfterSeconds !== undefined) {
        this.metrics.countTelephonyRejection('overloaded');
      }
      throw error;
    });
    this.metrics.countTelephonyEvents(results);
    return { results };
  }

  /** The integration whose secret signed this body, or 401. */
  private async verified(
    integrationId: string,
    signatureHeader: string | undefined,
    rawBody: Buffer,
  ): Promise<IntegrationRow> {
    const signature = parseSignatureHeader(signatureHeader);
    if (!signature) {
      throw AppException.unauthorized(
        'Missing or malformed X-PosCalls-Signature header: expected t=<unix seconds>,v1=<hex HMAC-SHA256>.',
      );
    }
    if (!isFresh(signature)) {
      throw AppException.unauthorized(
        `The signature timestamp is more than ${SIGNATURE_TOLERANCE_SECONDS} s away from the server clock: sign each request when sending it, and check the PBX clock.`,
      );
    }
    const verifier = UUID.test(integrationId) ? await this.verifierOf(integrationId) : undefined;
    const integration = verifier?.integration;
    const secret = verifier?.secret;
    if (!integration || secret === undefined || !matchesSecret(signature, secret, rawBody)) {
      throw AppException.unauthorized(
        'The signature does not match: unknown or inactive integration, wrong secret, or a body changed after signing.',
      );
    }
    return integration;
  }

  private async verifierOf(id: string): Promise<Verifier | undefined> {
    const cached = this.verifiers.get(id);
    if (cached && cached.expiresAt > Date.now()) return cached;
    const integration = await this.repository.findById(id);
    if (!integration) return undefined;
    const verifier: Verifier = {
      integration,
      secret: integration.isActive
        ? this.cipher.decrypt(integration.secretEncrypted, integration.id)
        : undefined,
      expiresAt: Date.now() + VERIFIER_TTL_MS,
    };
    this.verifiers.set(id, verifier);
    return verifier;
  }

  private async find(id: string): Promise<IntegrationRow> {
    const row = await this.repository.findById(id);
    if (!row) throw notFound();
    return row;
  }

  private toView(row: IntegrationRow): IntegrationView {
    return {
      id: row.id,
      name: row.name,
      webhookUrl: row.webhookUrl,
      isActive: row.isActive,
      createdAt: row.createdAt.toISOString(),
      callEventsUrl: `${this.config.publicUrl}/api/integrations/${row.id}/call-events`,
    };
  }
}

function notFound(): AppException {
  return AppException.notFound('No such integration.');
}

function toDeliveryView(row: WebhookDeliveryRow): WebhookDeliveryView {
  return {
    id: row.id,
    integrationId: row.integrationId,
    actionId: row.actionId,
    command: row.actionType,
    callId: (row.action as WebhookAction).callId,
    status: row.status as WebhookDeliveryStatus,
    attempts: row.attempts,
    lastError: row.lastError,
    responseCode: row.responseCode,
    createdAt: row.createdAt.toISOString(),
    lastAttemptAt: row.lastAttemptAt?.toISOString() ?? null,
  };
}
