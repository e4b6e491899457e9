import { Inject, Injectable } from '@nestjs/common';
import { sql } from 'drizzle-orm';

import {
  AuditAction,
  OrganizationSettings,
  UpdateOrganizationSettingsRequest,
} from '@poscalls4u/contracts';
import { APP_CONFIG, AppConfig } from '@poscalls4u/server-config';
import { Database, InjectDatabase } from '@poscalls4u/server-database';

import { AuditService } from '../audit';
import { AppException } from '../http';
import { RequestContext } from '../http';
import {
  DEFAULT_SHORT_ABANDON_SECONDS,
  MAX_CHAT_RETENTION_DAYS,
  MAX_SHORT_ABANDON_SECONDS,
  ORGANIZATION_SETTINGS_KEY,
} from './organization-settings.defaults';
import { SettingsRepository } from './settings.repository';

/** How long an instance keeps the settings before reading them again (other instances' changes). */
const CACHE_MS = 5_000;

/**
 * The organisation's statistics settings: its time zone (default `ORG_TIME_ZONE`) and the
 * short-abandon threshold. Stored in `settings` under `organization`. The rollup writer reads the
 * threshold inside its own SQL (see SHORT_ABANDON_MS_SQL); readers use `get()`.
 */
@Injectable()
export class OrganizationSettingsService {
  private cached?: { value: OrganizationSettings; until: number };

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDatabase() private readonly db: Database,
    private readonly repository: SettingsRepository,
    private readonly audit: AuditService,
  ) {}

  /** The current settings, cached for a few seconds per instance. */
  async get(): Promise<OrganizationSettings> {
    if (this.cached && this.cached.until > Date.now()) return this.cached.value;
    const value = this.fromStored(await this.repository.get(ORGANIZATION_SETTINGS_KEY));
    this.cached = { value, until: Date.now() + CACHE_MS };
    return value;
  }

  async update(
    actorId: string,
    input: UpdateOrganizationSettingsRequest,
    context: RequestContext,
  ): Promise<OrganizationSettings> {
    const timeZone = canonicalTimeZone(input.timeZone);
    // The reports compute periods in SQL (`at time zone`): the database must know the zone too.
    if (!timeZone || !(await this.databaseKnows(timeZone))) {
      throw AppException.validation('The request is invalid.', [
        {
          field: 'timeZone',
          messages: ['timeZone must be an IANA time zone such as Europe/Paris'],
        },
      ]);
    }
    const next = await this.db.transaction(async (tx) => {
      const previous = await this.repository.get(ORGANIZATION_SETTINGS_KEY, tx);
      // Only the known fields are stored, whatever else the caller's object carries; a setting
      // left out keeps its value (older clients know neither the assist notice nor the chat
      // retention).
      const stored: OrganizationSettings = {
        timeZone,
        shortAbandonSeconds: input.shortAbandonSeconds,
        showAssistToAgents:
          input.showAssistToAgents ?? this.fromStored(previous).showAssistToAgents,
        chatRetentionDays:
          input.chatRetentionDays === undefined
            ? this.fromStored(previous).chatRetentionDays
            : input.chatRetentionDays,
      };
      await this.repository.put(ORGANIZATION_SETTINGS_KEY, stored, tx);
      await this.audit.record(
        {
          action: AuditAction.SettingsChanged,
          outcome: 'success',
          context,
          actorId,
          details: { key: ORGANIZATION_SETTINGS_KEY, old: previous ?? null, new: stored },
        },
        tx,
      );
      return stored;
    });
    this.cached = { value: next, until: Date.now() + CACHE_MS };
    return next;
  }

  private async databaseKnows(timeZone: string): Promise<boolean> {
    const result = await this.db.execute(
      sql`select exists (select 1 from pg_timezone_names where name = ${timeZone}) as known`,
    );
    return (result as unknown as { rows: { known: boolean }[] }).rows[0]?.known === true;
  }

  /** Reads the stored JSON defensively: a missing or malformed field falls back to its default. */
  private fromStored(stored: unknown): OrganizationSettings {
    const value = (typeof stored === 'object' && stored !== null ? stored : {}) as Record<
      string,
      unknown
    >;
    const seconds = value['shortAbandonSeconds'];
    const retention = value['chatRetentionDays'];
    const zone =
      typeof value['timeZone'] === 'string' ? canonicalTimeZone(value['timeZone']) : undefined;
    return {
      timeZone: zone ?? this.config.organization.timeZone,
      shortAbandonSeconds:
        typeof seconds === 'number' &&
        Number.isInteger(seconds) &&
        seconds >= 0 &&
        seconds <= MAX_SHORT_ABANDON_SECONDS
          ? seconds
          : DEFAULT_SHORT_ABANDON_SECONDS,
      showAssistToAgents:
        typeof value['showAssistToAgents'] === 'boolean' ? value['showAssistToAgents'] : true,
      chatRetentionDays:
        typeof retention === 'number' &&
        Number.isInteger(retention) &&
        retention >= 1 &&
        retention <= MAX_CHAT_RETENTION_DAYS
          ? retention
          : null,
    };
  }
}

/** The zone's canonical spelling (`europe/paris` -> `Europe/Paris`), or undefined if unknown. */
export function canonicalTimeZone(zone: string): string | undefined {
  if (!/^[A-Za-z]/.test(zone)) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}
