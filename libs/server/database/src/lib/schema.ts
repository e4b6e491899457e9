import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * The database schema, one table per block. drizzle-kit generates the SQL migrations in
 * `libs/server/database/migrations` from this file (`npm run db:generate`); never edit a
 * committed migration, add a new one.
 */

export const userRole = pgEnum('user_role', ['admin', 'supervisor', 'agent']);

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Stored trimmed and lower-cased, so `Ann@X.com` and `ann@x.com` are one account. */
    email: text('email').notNull(),
    name: text('name').notNull(),
    /** bcrypt hash of the pre-hashed password; null for accounts that only sign in socially. */
    passwordHash: text('password_hash'),
    role: userRole('role').notNull().default('agent'),
    emailVerifiedAt: timestamp('email_verified_at', { withTimezone: true }),
    isActive: boolean('is_active').notNull().default(true),
    avatarUrl: text('avatar_url'),
    /** Consecutive failed sign-ins (wrong password or TOTP code); reset by a success. */
    failedLoginCount: integer('failed_login_count').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    /** TOTP secret, encrypted at rest (AES-256-GCM); set at enrolment, kept while MFA is on. */
    mfaSecretEncrypted: text('mfa_secret_encrypted'),
    mfaEnabledAt: timestamp('mfa_enabled_at', { withTimezone: true }),
    /** Last TOTP time step accepted, so a code cannot be replayed inside its window. */
    mfaLastUsedStep: bigint('mfa_last_used_step', { mode: 'number' }),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('users_email_unique').on(table.email),
    check('users_email_lowercase', sql`${table.email} = lower(${table.email})`),
  ],
);

/**
 * Jobs that a committed change must cause (an email after a sign-up, ...). They are written in
 * the same transaction as the change and handed to the job queue afterwards, so a crash or a
 * Redis outage between the commit and the enqueue loses nothing.
 */
export const jobOutbox = pgTable(
  'job_outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    jobName: text('job_name').notNull(),
    payload: jsonb('payload').notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    dispatchedAt: timestamp('dispatched_at', { withTimezone: true }),
  },
  (table) => [
    index('job_outbox_pending')
      .on(table.createdAt)
      .where(sql`${table.dispatchedAt} is null`),
  ],
);

/**
 * One row per signed-in device. The access token carries the session id, so revoking the row
 * ends the access token at once; the refresh token rotates through `refresh_tokens`.
 */
export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** How the session was opened: password, mfa, google, facebook. */
    method: text('method').notNull(),
    device: text('device'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }).notNull().defaultNow(),
    /** Absolute lifetime: the session ends then, however active. */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedReason: text('revoked_reason'),
  },
  (table) => [index('sessions_user').on(table.userId)],
);

/** Opaque refresh tokens, stored hashed. A used one presented again means theft: the session ends. */
export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (table) => [
    uniqueIndex('refresh_tokens_hash').on(table.tokenHash),
    index('refresh_tokens_session').on(table.sessionId),
  ],
);

export const oneTimeTokenPurpose = pgEnum('one_time_token_purpose', [
  'verify_email',
  'reset_password',
  'invite',
  'oauth_code',
]);

/**
 * Single-use random tokens sent by email or through a redirect (verification, reset, invite,
 * the OAuth one-time code), stored hashed, each with its expiry.
 */
export const oneTimeTokens = pgTable(
  'one_time_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: oneTimeTokenPurpose('purpose').notNull(),
    tokenHash: text('token_hash').notNull(),
    /** What the token carries beyond its user (e.g. the session an OAuth code hands over). */
    data: jsonb('data'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (table) => [
    uniqueIndex('one_time_tokens_hash').on(table.tokenHash),
    index('one_time_tokens_user').on(table.userId, table.purpose),
  ],
);

/** Ten single-use MFA recovery codes per user, stored hashed. */
export const mfaRecoveryCodes = pgTable(
  'mfa_recovery_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (table) => [index('mfa_recovery_codes_user').on(table.userId)],
);

/** A Google or Facebook account linked to a user, keyed on (provider, subject). */
export const oauthIdentities = pgTable(
  'oauth_identities',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    provider: text('provider').notNull(),
    subject: text('subject').notNull(),
    email: text('email'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('oauth_identities_provider_subject').on(table.provider, table.subject),
    index('oauth_identities_user').on(table.userId),
  ],
);

/** Security and admin events: who did what to whom, from where, with what outcome. Append-only. */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
    action: text('action').notNull(),
    outcome: text('outcome').notNull(),
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    targetUserId: uuid('target_user_id').references(() => users.id, { onDelete: 'set null' }),
    /** The email tried, for failures where no account matched (never a password). */
    email: text('email'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    details: jsonb('details'),
  },
  (table) => [
    index('audit_events_occurred').on(table.occurredAt),
    index('audit_events_action').on(table.action, table.occurredAt),
    index('audit_events_actor').on(table.actorId, table.occurredAt),
    index('audit_events_target').on(table.targetUserId, table.occurredAt),
  ],
);

/** Organisation-wide settings set by admins (e.g. `security.requireMfaForPrivileged`). */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const teamRole = pgEnum('team_role', ['supervisor', 'agent']);

/**
 * A team is also a call queue, with its own service-level target. Teams are archived, never
 * deleted, so that call history keeps its team.
 */
export const teams = pgTable(
  'teams',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    description: text('description'),
    /** Null: no limit. */
    maxMembers: integer('max_members'),
    /** Share of calls to answer within the threshold, in percent (default 80 % in 20 s). */
    serviceLevelTargetPercent: integer('service_level_target_percent').notNull().default(80),
    serviceLevelThresholdSeconds: integer('service_level_threshold_seconds').notNull().default(20),
    /** The CRM search for a caller, `{from}` standing for their number; null: none. */
    crmUrlTemplate: text('crm_url_template'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
  },
  (table) => [
    uniqueIndex('teams_name_active')
      .on(sql`lower(${table.name})`)
      .where(sql`${table.archivedAt} is null`),
  ],
);

export const teamMembers = pgTable(
  'team_members',
  {
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: teamRole('role').notNull(),
    joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.teamId, table.userId] }),
    index('team_members_user').on(table.userId),
  ],
);

/**
 * A team's security profile: the team permissions it grants or withholds, for its agents and for
 * its supervisors, on top of each member's defaults. No row: the defaults. Written by teams only.
 */
export const teamSecurityProfiles = pgTable('team_security_profiles', {
  teamId: uuid('team_id')
    .primaryKey()
    .references(() => teams.id, { onDelete: 'cascade' }),
  agentsGrant: text('agents_grant')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  agentsWithhold: text('agents_withhold')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  supervisorsGrant: text('supervisors_grant')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  supervisorsWithhold: text('supervisors_withhold')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const agentStatus = pgEnum('agent_status', [
  'offline',
  'available',
  'on_call',
  'wrap_up',
  'break',
]);

/** Why an agent is on a break; admins keep the list (lunch, training, meeting...). */
export const breakReasons = pgTable('break_reasons', {
  code: text('code').primaryKey(),
  label: text('label').notNull(),
  /** Set by the system only (e.g. `missed` after an unanswered offer), never chosen by an agent. */
  systemOnly: boolean('system_only').notNull().default(false),
  isActive: boolean('is_active').notNull().default(true),
  sortOrder: integer('sort_order').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Each agent's current state, one row per user who has ever had one. */
export const agentPresence = pgTable('agent_presence', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  status: agentStatus('status').notNull(),
  reasonCode: text('reason_code').references(() => breakReasons.code),
  since: timestamp('since', { withTimezone: true }).notNull().defaultNow(),
  /** Who set it: the agent, a supervisor (forced), or null for the system. */
  changedBy: uuid('changed_by').references(() => users.id, { onDelete: 'set null' }),
  /**
   * The call ringing at, or held by, this agent. The ACD sets it under a row lock in the same
   * transaction as the offer, so an agent can never hold two calls whatever the concurrency.
   * (No foreign key: `calls` references this table's users, and a cycle would complicate deletes.)
   */
  currentCallId: uuid('current_call_id'),
  /**
   * The agent's "next status": what they asked to be once their current call is over (available
   * or a break). The call flow applies it when it frees the agent, in the same transaction.
   */
  nextStatus: agentStatus('next_status'),
  nextReasonCode: text('next_reason_code').references(() => breakReasons.code),
  /**
   * The state the agent was in when their call began (an outbound call dialled on a break): they
   * go back to it when the call is over, unless they asked for a next status.
   */
  statusBeforeCall: agentStatus('status_before_call'),
  reasonBeforeCall: text('reason_before_call').references(() => breakReasons.code),
});

/** Every state an agent was in, from when to when: occupancy and time in state come from here. */
export const presenceIntervals = pgTable(
  'presence_intervals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    status: agentStatus('status').notNull(),
    reasonCode: text('reason_code').references(() => breakReasons.code),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    /** Null while the agent is still in this state. */
    endedAt: timestamp('ended_at', { withTimezone: true }),
  },
  (table) => [index('presence_intervals_user_started').on(table.userId, table.startedAt)],
);

export const callState = pgEnum('call_state', [
  'dialing',
  'queued',
  'offered',
  'connected',
  'on_hold',
  'wrap_up',
  'completed',
  'abandoned',
  'failed',
]);

export const callDirection = pgEnum('call_direction', ['inbound', 'outbound']);

/** How a call ended, chosen at wrap-up; admins keep the list. */
export const dispositions = pgTable('dispositions', {
  code: text('code').primaryKey(),
  label: text('label').notNull(),
  /** Counts in the success rate (success dispositions / handled calls). */
  isSuccess: boolean('is_success').notNull().default(false),
  isActive: boolean('is_active').notNull().default(true),
  sortOrder: integer('sort_order').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A telephony system (PBX) that posts call events and receives the agents' actions. */
export const integrations = pgTable('integrations', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  /** The shared HMAC secret, encrypted at rest (AES-256-GCM, the integration id as AAD). */
  secretEncrypted: text('secret_encrypted').notNull(),
  webhookUrl: text('webhook_url'),
  isActive: boolean('is_active').notNull().default(true),
  createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Each command posted to an integration's webhook (one row per action, however many tries): what
 * the admin's Integrations page lists, and what a retry re-sends (`action`). Written by the
 * deliver-webhook job at every try.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    integrationId: uuid('integration_id')
      .notNull()
      .references(() => integrations.id, { onDelete: 'cascade' }),
    actionId: text('action_id').notNull(),
    /** The command, e.g. `agent.dial`, `call.hold`. */
    actionType: text('action_type').notNull(),
    /** The whole action as posted (the body of a retry). */
    action: jsonb('action').notNull(),
    /** `pending`, `delivered`, `retrying` (a try failed, more follow), `failed`, `dropped`. */
    status: text('status').notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    responseCode: integer('response_code'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }),
  },
  (table) => [
    uniqueIndex('webhook_deliveries_action').on(table.integrationId, table.actionId),
    index('webhook_deliveries_integration_created').on(table.integrationId, table.createdAt),
  ],
);

/** Event ids already applied per integration: a repeated event is acknowledged, not re-applied. */
export const integrationEvents = pgTable(
  'integration_events',
  {
    integrationId: uuid('integration_id')
      .notNull()
      .references(() => integrations.id, { onDelete: 'cascade' }),
    eventId: text('event_id').notNull(),
    outcome: text('outcome').notNull(),
    callId: uuid('call_id'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.integrationId, table.eventId] })],
);

export const calls = pgTable(
  'calls',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id),
    direction: callDirection('direction').notNull(),
    state: callState('state').notNull(),
    fromNumber: text('from_number').notNull(),
    toNumber: text('to_number').notNull(),
    integrationId: uuid('integration_id').references(() => integrations.id, {
      onDelete: 'set null',
    }),
    /** The PBX's call id. */
    externalId: text('external_id'),
    /** Higher is served first. */
    priority: integer('priority').notNull().default(0),
    /** The agent it rings at or who handled it last. */
    agentId: uuid('agent_id').references(() => users.id, { onDelete: 'set null' }),
    /** First joined a queue: the call's arrival (statistics attribute it here) and its place in line. */
    queuedAt: timestamp('queued_at', { withTimezone: true }),
    /**
     * A transfer sent the call to the back of its (new) queue at this time: its place in line
     * from then on (routing orders and widens by `coalesce(requeued_at, queued_at)`). Null: its
     * place is its arrival. Never read by the statistics: the arrival stays `queued_at`.
     */
    requeuedAt: timestamp('requeued_at', { withTimezone: true }),
    offeredAt: timestamp('offered_at', { withTimezone: true }),
    offerExpiresAt: timestamp('offer_expires_at', { withTimezone: true }),
    /** First answered: the caller's wait ends here (a transferred call keeps it). */
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    /**
     * The current segment's agent picked up; null: `answered_at` (a call never transferred).
     * Talk, hold, ring and after-call work on this row are the current segment's; the segments a
     * transfer closed are in `call_segments`.
     */
    talkStartedAt: timestamp('talk_started_at', { withTimezone: true }),
    /** How many segments a transfer closed: > 0 means the current segment began with a transfer. */
    transferCount: integer('transfer_count').notNull().default(0),
    /** The start of the hold in progress. */
    holdStartedAt: timestamp('hold_started_at', { withTimezone: true }),
    /** Talk ended (hang-up): after-call work starts here. */
    endedAt: timestamp('ended_at', { withTimezone: true }),
    /** Final state reached (completed, abandoned or failed). */
    completedAt: timestamp('completed_at', { withTimezone: true }),
    /** Durations in milliseconds, kept up to date from the events (the statistics read them). */
    waitMs: bigint('wait_ms', { mode: 'number' }),
    ringMs: bigint('ring_ms', { mode: 'number' }).notNull().default(0),
    talkMs: bigint('talk_ms', { mode: 'number' }),
    holdMs: bigint('hold_ms', { mode: 'number' }).notNull().default(0),
    holdCount: integer('hold_count').notNull().default(0),
    afterCallWorkMs: bigint('after_call_work_ms', { mode: 'number' }),
    dispositionCode: text('disposition_code').references(() => dispositions.code),
    notes: text('notes'),
    /** The agent's microphone is muted (the PBX was told); cleared when the call ends. */
    muted: boolean('muted').notNull().default(false),
    /**
     * A supervisor's assist in progress (`listen`, `whisper` or `barge`) and who; both null when
     * none. Kept on the call, not in its events: the agent's timeline must not reveal a silent
     * listener where the organisation does not tell agents (the audit log records each change).
     */
    assistMode: text('assist_mode'),
    assistSupervisorId: uuid('assist_supervisor_id').references(() => users.id, {
      onDelete: 'set null',
    }),
    assistStartedAt: timestamp('assist_started_at', { withTimezone: true }),
    /**
     * The consult leg the agent has open while the caller holds (a warm transfer), null when none:
     * `{ target, agent: { id, name } | null, startedAt }` (the contract's `CallConsultView`). The
     * consulted agent is reserved through their presence (on a call, this call).
     */
    consult: jsonb('consult'),
    /**
     * The call's conference (the contract's `CallConferenceView`): `{ startedAt, endedAt,
     * parties }`, open while `endedAt` is null and kept after it ended so the history shows
     * its parties. Null for a call that never had one. Agents and supervisors on it are
     * reserved through their presence (on a call, this call) until their part ends.
     */
    conference: jsonb('conference'),
    /**
     * The skills the call requires, `[{ "skillId", "minLevel" }]`, when the PBX named them; null:
     * its team's default requirement (read when routing, so a changed default applies at once).
     */
    requiredSkills: jsonb('required_skills'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('calls_integration_external')
      .on(table.integrationId, table.externalId)
      .where(sql`${table.externalId} is not null`),
    index('calls_queue')
      .on(table.teamId, table.priority, table.queuedAt)
      .where(sql`${table.state} = 'queued'`),
    // The ACD walks each team's queue in the order it serves it (priority, then place in line:
    // arrival, or a transfer to the back), and stops at the first call the agent may take: an
    // index range scan, whatever the backlog.
    index('calls_queue_order')
      .on(
        table.teamId,
        sql`${table.priority} desc`,
        sql`coalesce(${table.requeuedAt}, ${table.queuedAt})`,
        table.id,
      )
      .where(sql`${table.state} = 'queued'`),
    index('calls_agent_created').on(table.agentId, table.createdAt),
    // The assists in progress (the dashboard's grid), few rows; unique: a supervisor has one
    // phone, so assists one call at a time, also when two requests race.
    uniqueIndex('calls_assist_supervisor')
      .on(table.assistSupervisorId)
      .where(sql`${table.assistSupervisorId} is not null`),
    index('calls_team_created').on(table.teamId, table.createdAt),
    // The caller's history on an offer: a team's last calls from one number, newest first.
    index('calls_team_from_created').on(table.teamId, table.fromNumber, table.createdAt),
    // Statistics attribute a call to its arrival (docs/metrics.md): the CSV export and the
    // breakdowns page through a range of arrivals by (arrival, id).
    index('calls_arrival_id').on(sql`coalesce(${table.queuedAt}, ${table.createdAt})`, table.id),
    index('calls_offer_expiry')
      .on(table.offerExpiresAt)
      .where(sql`${table.state} = 'offered'`),
    // The dashboard's calls waiting (queued or ringing at an agent) of some teams, longest
    // waiting first: a handful of rows among millions, and neither calls_queue (queued only) nor
    // calls_offer_expiry (offered only) serves `state in (...)`, so without it: a scan of calls.
    index('calls_waiting')
      .on(table.teamId, sql`coalesce(${table.queuedAt}, ${table.createdAt})`, table.id)
      .where(sql`${table.state} in ('queued', 'offered')`),
    check('calls_priority_range', sql`${table.priority} between 0 and 100`),
  ],
);

/** Every transition of a call with its time: the timeline, and the source of its durations. */
export const callEvents = pgTable(
  'call_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /**
     * The order events were applied in. Events of one call are written under the call's row lock,
     * so this orders them even when two share a millisecond or a PBX's times arrive out of order.
     */
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
    callId: uuid('call_id')
      .notNull()
      .references(() => calls.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    fromState: callState('from_state'),
    toState: callState('to_state'),
    agentId: uuid('agent_id').references(() => users.id, { onDelete: 'set null' }),
    /** The user who acted (agent or supervisor); null for the system and the PBX. */
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    source: text('source').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    details: jsonb('details'),
  },
  (table) => [index('call_events_call_occurred').on(table.callId, table.occurredAt)],
);

/**
 * A call's segments that a transfer closed: each agent's part, with its own ring, talk and hold
 * (a blind transfer hands the caller on at once: no after-call work). The segment in progress, or
 * the last one, is the `calls` row itself. Written under the call's lock, numbered from 1.
 */
export const callSegments = pgTable(
  'call_segments',
  {
    callId: uuid('call_id')
      .notNull()
      .references(() => calls.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    /** The team the call belonged to during the segment. */
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id),
    agentId: uuid('agent_id').references(() => users.id, { onDelete: 'set null' }),
    /** The team the transfer handed the call to; null for a transfer to an outside number. */
    toTeamId: uuid('to_team_id').references(() => teams.id),
    /** The transfer's target, as the agent gave it. */
    target: jsonb('target').notNull(),
    /** The agent picked up (null: the segment's agent never did, e.g. a PBX's own move). */
    startedAt: timestamp('started_at', { withTimezone: true }),
    endedAt: timestamp('ended_at', { withTimezone: true }).notNull(),
    ringMs: bigint('ring_ms', { mode: 'number' }).notNull().default(0),
    talkMs: bigint('talk_ms', { mode: 'number' }).notNull().default(0),
    holdMs: bigint('hold_ms', { mode: 'number' }).notNull().default(0),
    holdCount: integer('hold_count').notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.callId, table.seq] })],
);

export type CallSegmentRow = typeof callSegments.$inferSelect;

/** Skills-based routing: the organisation's catalogue of skills (a language, a product...). */
export const skills = pgTable(
  'skills',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    description: text('description'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex('skills_name_lower').on(sql`lower(${table.name})`)],
);

/** An agent's skills, each at a proficiency from 1 (basic) to 5 (expert). */
export const agentSkills = pgTable(
  'agent_skills',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    skillId: uuid('skill_id')
      .notNull()
      .references(() => skills.id, { onDelete: 'cascade' }),
    level: integer('level').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.userId, table.skillId] }),
    // The agents who have a skill at a level or above (routing's eligibility).
    index('agent_skills_skill_level').on(table.skillId, table.level),
    check('agent_skills_level_range', sql`${table.level} between 1 and 5`),
  ],
);

/**
 * A team's routing settings: the skills its calls require by default (a call from the PBX may
 * carry its own), and the wait after which the requirement widens one step.
 */
export const teamRouting = pgTable(
  'team_routing',
  {
    teamId: uuid('team_id')
      .primaryKey()
      .references(() => teams.id, { onDelete: 'cascade' }),
    /** `[{ "skillId": "...", "minLevel": 3 }]`. */
    requiredSkills: jsonb('required_skills')
      .notNull()
      .default(sql`'[]'::jsonb`),
    widenAfterSeconds: integer('widen_after_seconds').notNull().default(30),
    /** Calls transferred to the team: `keep` their place in its queue, or go to the `back`. */
    transferredCalls: text('transferred_calls').notNull().default('keep'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    check('team_routing_widen_range', sql`${table.widenAfterSeconds} between 5 and 3600`),
    check('team_routing_transferred_calls', sql`${table.transferredCalls} in ('keep', 'back')`),
  ],
);

/** A supervisor's quality review of a call. */
export const qaReviews = pgTable(
  'qa_reviews',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    callId: uuid('call_id')
      .notNull()
      .references(() => calls.id, { onDelete: 'cascade' }),
    reviewerId: uuid('reviewer_id').references(() => users.id, { onDelete: 'set null' }),
    score: integer('score').notNull(),
    comments: text('comments'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('qa_reviews_call').on(table.callId),
    check('qa_reviews_score_range', sql`${table.score} between 0 and 100`),
  ],
);

/**
 * Per-team KPI rollups in 15-minute buckets (UTC-aligned, so every real time zone's 15m, 30m,
 * hour, day and week are whole sets of buckets). A call's figures belong to the bucket in which
 * it arrived (queued; started, for outbound), updated in the transaction of each event that
 * moves them; `npm run stats:rebuild` recomputes them from the calls. See docs/metrics.md.
 */
export const teamIntervalStats = pgTable(
  'team_interval_stats',
  {
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id),
    bucketStart: timestamp('bucket_start', { withTimezone: true }).notNull(),
    offered: integer('offered').notNull().default(0),
    answered: integer('answered').notNull().default(0),
    answeredWithinThreshold: integer('answered_within_threshold').notNull().default(0),
    abandoned: integer('abandoned').notNull().default(0),
    shortAbandoned: integer('short_abandoned').notNull().default(0),
    /** Sum of the waits of answered calls (ASA). */
    answeredWaitMs: bigint('answered_wait_ms', { mode: 'number' }).notNull().default(0),
    /** Sum of the waits of abandoned calls. */
    abandonedWaitMs: bigint('abandoned_wait_ms', { mode: 'number' }).notNull().default(0),
    maxWaitMs: bigint('max_wait_ms', { mode: 'number' }).notNull().default(0),
    handled: integer('handled').notNull().default(0),
    talkMs: bigint('talk_ms', { mode: 'number' }).notNull().default(0),
    holdMs: bigint('hold_ms', { mode: 'number' }).notNull().default(0),
    afterCallWorkMs: bigint('after_call_work_ms', { mode: 'number' }).notNull().default(0),
    outbound: integer('outbound').notNull().default(0),
    successes: integer('successes').notNull().default(0),
    qaReviews: integer('qa_reviews').notNull().default(0),
    qaScoreSum: integer('qa_score_sum').notNull().default(0),
    /** Segments handed to this team (or agent) by a transfer, and segments transferred away. */
    transfersIn: integer('transfers_in').notNull().default(0),
    transfersOut: integer('transfers_out').notNull().default(0),
  },
  (table) => [
    primaryKey({ columns: [table.teamId, table.bucketStart] }),
    index('team_interval_stats_bucket').on(table.bucketStart),
  ],
);

/**
 * Per-agent rollups in the same buckets: the calls they handled (by arrival, like the team's)
 * and the time they spent in each state, split at bucket boundaries.
 */
export const agentIntervalStats = pgTable(
  'agent_interval_stats',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    bucketStart: timestamp('bucket_start', { withTimezone: true }).notNull(),
    answered: integer('answered').notNull().default(0),
    answeredWaitMs: bigint('answered_wait_ms', { mode: 'number' }).notNull().default(0),
    handled: integer('handled').notNull().default(0),
    talkMs: bigint('talk_ms', { mode: 'number' }).notNull().default(0),
    holdMs: bigint('hold_ms', { mode: 'number' }).notNull().default(0),
    afterCallWorkMs: bigint('after_call_work_ms', { mode: 'number' }).notNull().default(0),
    outbound: integer('outbound').notNull().default(0),
    successes: integer('successes').notNull().default(0),
    /** Offers that rang at the agent, and those they missed or rejected. */
    offers: integer('offers').notNull().default(0),
    missed: integer('missed').notNull().default(0),
    rejected: integer('rejected').notNull().default(0),
    qaReviews: integer('qa_reviews').notNull().default(0),
    qaScoreSum: integer('qa_score_sum').notNull().default(0),
    /** Segments handed to this team (or agent) by a transfer, and segments transferred away. */
    transfersIn: integer('transfers_in').notNull().default(0),
    transfersOut: integer('transfers_out').notNull().default(0),
    availableMs: bigint('available_ms', { mode: 'number' }).notNull().default(0),
    onCallMs: bigint('on_call_ms', { mode: 'number' }).notNull().default(0),
    wrapUpMs: bigint('wrap_up_ms', { mode: 'number' }).notNull().default(0),
    breakMs: bigint('break_ms', { mode: 'number' }).notNull().default(0),
  },
  (table) => [
    primaryKey({ columns: [table.userId, table.bucketStart] }),
    index('agent_interval_stats_bucket').on(table.bucketStart),
    // Time in state of some agents over a period (team reports, supervisors' dashboards) as an
    // index-only scan: an agent's rows are spread over the heap (one row per agent per bucket,
    // written as time goes by), so reading them through the primary key touched a heap page per
    // two rows (a team over 30 days: 45,815 rows, 21,947 pages). Index-only needs the pages
    // vacuumed (all-visible), which autovacuum does. The summed columns are key columns because
    // Drizzle has no INCLUDE; the lookup is the same.
    index('agent_interval_stats_user_state_time').on(
      table.userId,
      table.bucketStart,
      table.availableMs,
      table.onCallMs,
      table.wrapUpMs,
      table.breakMs,
    ),
  ],
);

/** A team's alert thresholds; null turns an alert off. No row: the defaults of docs/metrics.md. */
export const teamAlertThresholds = pgTable('team_alert_thresholds', {
  teamId: uuid('team_id')
    .primaryKey()
    .references(() => teams.id, { onDelete: 'cascade' }),
  serviceLevelBelowPercent: integer('service_level_below_percent'),
  callWaitingLongerThanSeconds: integer('call_waiting_longer_than_seconds'),
  agentOnBreakLongerThanMinutes: integer('agent_on_break_longer_than_minutes'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Alerts in progress, one row per alert id (`<kind>:<team>[:<call or user>]`). The instance whose
 * insert creates the row sends the notification, so with several API instances a crossing
 * notifies once; the row goes when the condition ends.
 */
export const activeAlerts = pgTable(
  'active_alerts',
  {
    id: text('id').primaryKey(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    level: text('level').notNull(),
    message: text('message').notNull(),
    /** When the condition started (a call's arrival, a break's start, the first evaluation). */
    since: timestamp('since', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('active_alerts_team').on(table.teamId)],
);

/**
 * The notification centre (apps/api/src/notifications): one row per recipient. `body` is a short
 * system text (an alert's words, a team's name), never a chat message; `link` says what it is
 * about (a team, an alert) so a console can open it.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    level: text('level').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    link: jsonb('link'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (table) => [
    // A user's list, newest first (and the retention cut), in index order.
    index('notifications_user_newest').on(table.userId, table.createdAt.desc(), table.id.desc()),
    // The unread count and the unread filter read only the unread rows.
    index('notifications_user_unread')
      .on(table.userId, table.createdAt.desc())
      .where(sql`${table.readAt} is null`),
  ],
);

/**
 * Wallboard links (workforce): a read-only view of some teams for a screen on the floor. The link
 * carries a random secret, stored here only as its SHA-256; revoking keeps the row (listed as
 * revoked) and refuses the link at once.
 */
export const wallboardLinks = pgTable(
  'wallboard_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    secretHash: text('secret_hash').notNull(),
    /** Seconds each team stays on screen before the next. */
    rotationSeconds: integer('rotation_seconds').notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (table) => [uniqueIndex('wallboard_links_secret_hash').on(table.secretHash)],
);

/** The teams a wallboard link shows, in its rotation order. */
export const wallboardLinkTeams = pgTable(
  'wallboard_link_teams',
  {
    linkId: uuid('link_id')
      .notNull()
      .references(() => wallboardLinks.id, { onDelete: 'cascade' }),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.linkId, table.teamId] }),
    index('wallboard_link_teams_team').on(table.teamId),
  ],
);

/**
 * A supervisor's scheduled report (workforce area): a team summary mailed to `recipients` every
 * day or on one weekday at `localTime` in `timeZone`.
 */
export const reportSchedules = pgTable(
  'report_schedules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    teamIds: uuid('team_ids').array().notNull(),
    /** 'last-day' | 'last-week'. */
    kind: text('kind').notNull(),
    recipients: text('recipients').array().notNull(),
    /** 'daily' | 'weekly'. */
    frequency: text('frequency').notNull(),
    /** ISO weekday 1 (Monday) .. 7 for weekly schedules, null for daily ones. */
    weekday: integer('weekday'),
    /** HH:MM on the local clock of `timeZone`. */
    localTime: text('local_time').notNull(),
    timeZone: text('time_zone').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('report_schedules_owner').on(table.ownerId)],
);

/**
 * One delivery of a scheduled report for one period. A scheduled delivery is claimed by inserting
 * its row (unique per schedule and period end) before anything is sent, so a period is never
 * mailed twice; `sent_to` lets a retry skip the recipients already served.
 */
export const reportDeliveries = pgTable(
  'report_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    scheduleId: uuid('schedule_id')
      .notNull()
      .references(() => reportSchedules.id, { onDelete: 'cascade' }),
    /** 'schedule' (the tick) or 'manual' ("send now", not de-duplicated). */
    trigger: text('trigger').notNull(),
    periodStart: timestamp('period_start', { withTimezone: true }).notNull(),
    periodEnd: timestamp('period_end', { withTimezone: true }).notNull(),
    /** 'pending' | 'sent' | 'failed'. */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    recipients: text('recipients').array().notNull(),
    sentTo: text('sent_to')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (table) => [
    uniqueIndex('report_deliveries_period')
      .on(table.scheduleId, table.periodEnd)
      .where(sql`${table.trigger} = 'schedule'`),
    index('report_deliveries_schedule_created').on(table.scheduleId, table.createdAt.desc()),
    index('report_deliveries_pending')
      .on(table.createdAt)
      .where(sql`${table.status} = 'pending'`),
  ],
);

/**
 * Preferences of the notification centre, one row per user who set any: the sources (notification
 * kinds) they muted; a muted source is neither stored nor pushed to them.
 */
export const notificationPreferences = pgTable('notification_preferences', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  muted: text('muted')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/*
 * End-to-end encrypted chat (apps/api/src/chat, design in docs/e2ee.md). The server stores only
 * what the wire contract names: public keys, signatures and ciphertext, all opaque base64url text.
 * No column ever holds a message's plaintext.
 */

/**
 * A conversation: a team's room (`team:<teamId>`), a direct one (`direct:<a>:<b>`, the two user
 * ids sorted) or an agent's "ask a supervisor" room with their team's supervisors
 * (`ask:<teamId>:<agentId>`). `roomKey` makes "open or reuse" one unique lookup.
 */
export const chatRooms = pgTable(
  'chat_rooms',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    roomKey: text('room_key').notNull(),
    teamId: uuid('team_id').references(() => teams.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastMessageAt: timestamp('last_message_at', { withTimezone: true }),
    /** A team room whose team was archived: readable, no longer written to. */
    archivedAt: timestamp('archived_at', { withTimezone: true }),
  },
  (table) => [uniqueIndex('chat_rooms_room_key').on(table.roomKey)],
);

/**
 * Who was a member of a room when: one row per membership period, so a client can tell which
 * member devices should hold the sender key of a given moment (key rotation on leave, a new
 * member reading from their join). The open period has `leftAt` null.
 */
export const chatRoomMembers = pgTable(
  'chat_room_members',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    roomId: uuid('room_id')
      .notNull()
      .references(() => chatRooms.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow(),
    leftAt: timestamp('left_at', { withTimezone: true }),
  },
  (table) => [
    uniqueIndex('chat_room_members_current')
      .on(table.roomId, table.userId)
      .where(sql`${table.leftAt} is null`),
    index('chat_room_members_user_current')
      .on(table.userId)
      .where(sql`${table.leftAt} is null`),
  ],
);

/** Each member's read marker in a room: the newest message they have read. */
export const chatReadMarkers = pgTable(
  'chat_read_markers',
  {
    roomId: uuid('room_id')
      .notNull()
      .references(() => chatRooms.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    messageId: uuid('message_id').notNull(),
    /** The read message's `created_at`: what is newer is unread. */
    readUpTo: timestamp('read_up_to', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.roomId, table.userId] })],
);

/**
 * One message: ciphertext and its signature, both opaque. A delete nulls them and keeps a
 * tombstone (`deletedAt`); the retention job deletes rows for good.
 */
export const chatMessages = pgTable(
  'chat_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    roomId: uuid('room_id')
      .notNull()
      .references(() => chatRooms.id, { onDelete: 'cascade' }),
    senderUserId: uuid('sender_user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    senderDeviceId: uuid('sender_device_id').notNull(),
    sessionId: text('session_id').notNull(),
    counter: integer('counter').notNull(),
    clientMessageId: uuid('client_message_id').notNull(),
    ciphertext: text('ciphertext'),
    signature: text('signature'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    editedAt: timestamp('edited_at', { withTimezone: true }),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (table) => [
    // A resent message (same client id) is the same message: idempotent send.
    uniqueIndex('chat_messages_client_id').on(table.senderUserId, table.clientMessageId),
    // A room's history, newest first, in index order (paging and unread counts).
    index('chat_messages_room_newest').on(table.roomId, table.createdAt.desc(), table.id.desc()),
    // The retention job's cut.
    index('chat_messages_created').on(table.createdAt),
  ],
);

/**
 * Every (device, session, counter) a message or an edit has used: a reused one is refused (409),
 * so the server never stores two ciphertexts under one nonce position of a sender session.
 */
export const chatMessageCounters = pgTable(
  'chat_message_counters',
  {
    senderDeviceId: uuid('sender_device_id').notNull(),
    sessionId: text('session_id').notNull(),
    counter: integer('counter').notNull(),
    messageId: uuid('message_id')
      .notNull()
      .references(() => chatMessages.id, { onDelete: 'cascade' }),
  },
  (table) => [
    primaryKey({ columns: [table.senderDeviceId, table.sessionId, table.counter] }),
    index('chat_message_counters_message').on(table.messageId),
  ],
);

/** A user's identity public key (Ed25519); replacing it ("start fresh") bumps the version. */
export const chatIdentities = pgTable('chat_identities', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  identityKey: text('identity_key').notNull(),
  identityVersion: integer('identity_version').notNull().default(1),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A browser's device keys, signed by its user's identity key; revoked devices stay listed. */
export const chatDevices = pgTable(
  'chat_devices',
  {
    deviceId: uuid('device_id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    signingKey: text('signing_key').notNull(),
    encryptionKey: text('encryption_key').notNull(),
    signature: text('signature').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (table) => [index('chat_devices_user').on(table.userId)],
);

/** Sealed room keys waiting for their device; the device acknowledges (deletes) what it took. */
export const chatKeyMailbox = pgTable(
  'chat_key_mailbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    toDeviceId: uuid('to_device_id')
      .notNull()
      .references(() => chatDevices.deviceId, { onDelete: 'cascade' }),
    fromUserId: uuid('from_user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    fromDeviceId: uuid('from_device_id').notNull(),
    roomId: uuid('room_id')
      .notNull()
      .references(() => chatRooms.id, { onDelete: 'cascade' }),
    sessionId: text('session_id').notNull(),
    sealed: text('sealed').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('chat_key_mailbox_device').on(table.toDeviceId, table.createdAt, table.id)],
);

/** A user's key backup (encrypted under their recovery passphrase), the latest version only. */
export const chatKeyBackups = pgTable('chat_key_backups', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  version: integer('version').notNull(),
  kdf: jsonb('kdf').notNull(),
  ciphertext: text('ciphertext').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const schema = {
  userRole,
  users,
  jobOutbox,
  sessions,
  refreshTokens,
  oneTimeTokenPurpose,
  oneTimeTokens,
  mfaRecoveryCodes,
  oauthIdentities,
  auditEvents,
  settings,
  teamRole,
  teams,
  teamMembers,
  teamSecurityProfiles,
  agentStatus,
  breakReasons,
  agentPresence,
  presenceIntervals,
  callState,
  callDirection,
  dispositions,
  integrations,
  integrationEvents,
  webhookDeliveries,
  calls,
  callEvents,
  skills,
  agentSkills,
  teamRouting,
  qaReviews,
  teamIntervalStats,
  agentIntervalStats,
  teamAlertThresholds,
  activeAlerts,
  notifications,
  wallboardLinks,
  wallboardLinkTeams,
  reportSchedules,
  reportDeliveries,
  notificationPreferences,
  chatRooms,
  chatRoomMembers,
  chatReadMarkers,
  chatMessages,
  chatMessageCounters,
  chatIdentities,
  chatDevices,
  chatKeyMailbox,
  chatKeyBackups,
};

export type UserRow = typeof users.$inferSelect;
export type NewUserRow = typeof users.$inferInsert;
export type JobOutboxRow = typeof jobOutbox.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
export type RefreshTokenRow = typeof refreshTokens.$inferSelect;
export type OneTimeTokenRow = typeof oneTimeTokens.$inferSelect;
export type OneTimeTokenPurpose = (typeof oneTimeTokenPurpose.enumValues)[number];
export type MfaRecoveryCodeRow = typeof mfaRecoveryCodes.$inferSelect;
export type OAuthIdentityRow = typeof oauthIdentities.$inferSelect;
export type AuditEventRow = typeof auditEvents.$inferSelect;
export type TeamRow = typeof teams.$inferSelect;
export type TeamMemberRow = typeof teamMembers.$inferSelect;
export type TeamSecurityProfileRow = typeof teamSecurityProfiles.$inferSelect;
export type BreakReasonRow = typeof breakReasons.$inferSelect;
export type AgentPresenceRow = typeof agentPresence.$inferSelect;
export type AgentStatusValue = (typeof agentStatus.enumValues)[number];
export type CallRow = typeof calls.$inferSelect;
export type SkillRow = typeof skills.$inferSelect;
export type CallEventRow = typeof callEvents.$inferSelect;
export type DispositionRow = typeof dispositions.$inferSelect;
export type QaReviewRow = typeof qaReviews.$inferSelect;
export type IntegrationRow = typeof integrations.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;
export type TeamIntervalStatsRow = typeof teamIntervalStats.$inferSelect;
export type AgentIntervalStatsRow = typeof agentIntervalStats.$inferSelect;
export type ReportScheduleRow = typeof reportSchedules.$inferSelect;
export type ReportDeliveryRow = typeof reportDeliveries.$inferSelect;
