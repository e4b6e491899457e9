import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
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

export const schema = { userRole, users, jobOutbox };

export type UserRow = typeof users.$inferSelect;
export type NewUserRow = typeof users.$inferInsert;
export type JobOutboxRow = typeof jobOutbox.$inferSelect;
