import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

import { loadAppConfig } from '@poscalls4u/server-config';
import { JobQueue } from '@poscalls4u/server-jobs';

import { createApp } from '../../src/app/create-app';
import { OutboxService } from '../../src/platform/outbox/outbox.service';
import {
  MIGRATIONS_FOLDER,
  PGLITE_TEMPLATE_ENV,
  POSTGRES_TEMPLATE_ENV,
} from './database-templates';

export { MIGRATIONS_FOLDER };

export type DatabaseKind = 'pglite' | 'postgres';

/** The databases the integration suites run on: always PGlite, and the server when DATABASE_URL is set. */
export const DATABASES: DatabaseKind[] = process.env.DATABASE_URL
  ? ['pglite', 'postgres']
  : ['pglite'];
if (!process.env.DATABASE_URL) {
  process.stderr.write(
    'PostgreSQL server suites skipped: DATABASE_URL is not set (PGlite suites still run).\n',
  );
}

export interface TestApi {
  baseUrl: string;
  /** The Nest application, for tests that reach a service directly (e.g. to publish an event). */
  app: INestApplication;
  dataDir: string;
  jwtSecret: string;
  /** The PostgreSQL database URL (server suites), for a second instance sharing it. */
  databaseUrl?: string;
  /** Waits until the outbox and the job queue have nothing left to do. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the real API on a random loopback port with its own database: a PGlite in a temp folder,
 * or a database created on the PostgreSQL server of DATABASE_URL (dropped on close).
 *
 * The database is a copy of the run's migrated template (database-templates.ts, made by the
 * api project's Jest globalSetup) when there is one; the API's migration runner still runs on
 * start and finds nothing to apply. `fromEmpty` starts on an empty database instead, which the
 * API migrates itself.
 */
export async function startTestApi(
  kind: DatabaseKind,
  env: Record<string, string> = {},
  options: { shareDatabaseOf?: TestApi; fromEmpty?: boolean } = {},
): Promise<TestApi> {
  const dataDir = mkdtempSync(join(tmpdir(), 'poscalls4u-test-'));
  const shared = options.shareDatabaseOf;
  const pgliteTemplate = options.fromEmpty ? undefined : process.env[PGLITE_TEMPLATE_ENV];
  // The API's PGlite folder is DATA_DIR/pglite (libs/server/config); a second instance sharing
  // a PGlite folder is not a thing (PGlite is in-process), so only a fresh one gets the copy.
  if (kind === 'pglite' && !shared && pgliteTemplate && !env.DATABASE_URL) {
    cpSync(pgliteTemplate, join(dataDir, 'pglite'), { recursive: true });
  }
  const database =
    kind === 'postgres' && !shared
      ? await createServerDatabase(
          options.fromEmpty ? undefined : process.env[POSTGRES_TEMPLATE_ENV],
        )
      : undefined;
  const databaseUrl = shared?.databaseUrl ?? database?.url;
  const jwtSecret = shared?.jwtSecret ?? randomBytes(32).toString('hex');
  const config = loadAppConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    DEMO_SEED: 'false',
    // The suites build the teams they need; the demo's own teams would only get in the way.
    DEMO_TEAMS: 'false',
    SERVE_CONSOLES: 'false',
    BCRYPT_COST: '10',
    LOG_LEVEL: 'silent',
    LOG_FORMAT: 'json',
    JWT_SECRET: jwtSecret,
    CLIENT_URL: 'http://localhost:4200',
    // Suites sign in many times from 127.0.0.1; rate-limits.spec.ts sets strict limits itself.
    RATE_LIMIT_GLOBAL_PER_MINUTE: '100000',
    RATE_LIMIT_AUTH_PER_MINUTE: '100000',
    RATE_LIMIT_REFRESH_PER_MINUTE: '100000',
    RATE_LIMIT_CHAT_SEND_PER_MINUTE: '100000',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...env,
  });
  const app = await createApp({ config, migrationsFolder: MIGRATIONS_FOLDER, usePinoLogger: true });
  await app.listen(0, '127.0.0.1');
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    baseUrl,
    app,
    dataDir,
    jwtSecret,
    databaseUrl,
    async settle() {
      const outbox = app.get(OutboxService);
      const jobs = app.get(JobQueue);
      await outbox.whenIdle();
      await jobs.whenIdle(20_000);
    },
    async close() {
      await app.close();
      await database?.drop(); // a second instance sharing the database leaves it to the first
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function createServerDatabase(
  template: string | undefined,
): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = process.env.DATABASE_URL as string;
  const name = `poscalls4u_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}${template ? ` template ${template}` : ''}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

/** A tiny JSON client for the API under test. */
export function apiClient(baseUrl: string) {
  return async function call(
    method: string,
    path: string,
    options: {
      body?: unknown;
      rawBody?: string;
      token?: string;
      headers?: Record<string, string>;
    } = {},
    // Tests read whatever the API answered; `any` keeps their assertions short.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
  ): Promise<{ status: number; body: any; headers: Headers }> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.body !== undefined) headers['content-type'] ??= 'application/json';
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body:
        options.rawBody ?? (options.body !== undefined ? JSON.stringify(options.body) : undefined),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body, headers: response.headers };
  };
}
