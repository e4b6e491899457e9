import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { Environment, validateEnvironment } from './environment';

export interface SmtpConfig {
  service?: string;
  host?: string;
  port?: number;
  secure: boolean;
  user?: string;
  password?: string;
}

/** The typed configuration every server process reads; built once at start-up. */
export interface AppConfig {
  env: Environment['NODE_ENV'];
  isProduction: boolean;
  http: {
    host: string;
    port: number;
    bodyLimit: string;
    trustProxy: boolean | number | string;
    /** Milliseconds a SIGTERM'd instance may take to drain and close before it exits anyway. */
    shutdownTimeoutMs: number;
    /** Event-loop delay (ms, mean over half a second) above which PBX posts are shed; off when unset. */
    shedEventLoopDelayMs?: number;
  };
  dataDir: string;
  database: {
    url?: string;
    pgliteDir: string;
    poolSize: number;
    /** Milliseconds a request waits for a database connection. */
    connectTimeoutMs: number;
    /** Milliseconds a statement may run (server-side `statement_timeout`). */
    statementTimeoutMs: number;
  };
  redis: {
    url?: string;
    queuePrefix: string;
    /** Socket.IO sessions kept in Redis while connected (see REALTIME_CRASH_SAFE_SESSIONS). */
    crashSafeSessions: boolean;
  };
  auth: {
    jwtSecret: string;
    jwtExpiresIn: string;
    /** Seconds of inactivity that end a session. */
    sessionIdleSeconds: number;
    /** Seconds after sign-in that end a session, however active. */
    sessionMaxLifetimeSeconds: number;
    jwtIssuer: string;
    jwtAudience: string;
    bcryptCost: number;
    passwordMinLength: number;
    lockoutThreshold: number;
    lockoutSeconds: number;
    /** Key material for encrypting TOTP secrets at rest. */
    mfaEncryptionKey: string;
  };
  rateLimits: {
    globalPerMinute: number;
    authPerMinute: number;
    refreshPerMinute: number;
    chatSendPerMinute: number;
  };
  /** Concurrent CSV exports: per instance, and per user on an instance. */
  exports: { maxConcurrent: number; maxConcurrentPerUser: number };
  presence: { offlineGraceSeconds: number };
  /** Seconds a call rings at an agent before it returns to the queue. */
  calls: { offerTimeoutSeconds: number };
  /** The organisation's default time zone (the stored organisation setting overrides it). */
  organization: { timeZone: string };
  clientUrls: string[];
  /** The first CLIENT_URL: links in emails are built from it, never from a request's Host. */
  publicUrl: string;
  mail: { from: string; smtp?: SmtpConfig; outboxDir: string };
  oauth: {
    google?: { clientId: string; clientSecret: string; callbackUrl?: string; issuerUrl: string };
    facebook?: {
      clientId: string;
      clientSecret: string;
      callbackUrl?: string;
      authorizationUrl: string;
      tokenUrl: string;
      profileUrl: string;
    };
  };
  log: {
    level: NonNullable<Environment['LOG_LEVEL']>;
    format: 'json' | 'pretty';
    /** JSON logs also written to this file, rotated at `size` or daily, `count` old files kept. */
    file?: { path: string; size: string; count: number };
  };
  /** Prometheus metrics: the bearer token that opens /metrics, and/or a port of their own. */
  metrics: { token?: string; port?: number };
  demo: { seed: boolean; teams: boolean; password: string; adminEmail: string };
  consoles: { serve: boolean; dir: string };
  /** Warnings to log once the logger is up (for example a generated development secret). */
  warnings: string[];
}

/** Reads and validates the environment, then derives the typed configuration. */
export function loadAppConfig(raw: Record<string, string | undefined>): AppConfig {
  return buildAppConfig(validateEnvironment(raw));
}

export function buildAppConfig(env: Environment): AppConfig {
  const isProduction = env.NODE_ENV === 'production';
  const dataDir = resolve(env.DATA_DIR);
  const warnings: string[] = [];
  const clientUrls = env.CLIENT_URL.split(',').map((url) => url.trim().replace(/\/+$/, ''));

  let jwtSecret = env.JWT_SECRET;
  if (!jwtSecret) {
    jwtSecret = developmentSecret(dataDir, 'jwt-secret');
    warnings.push(
      `JWT_SECRET is not set: using a generated development secret kept in ${join(dataDir, 'jwt-secret')}. Set JWT_SECRET in production.`,
    );
  }

  let mfaEncryptionKey = env.MFA_ENCRYPTION_KEY;
  if (!mfaEncryptionKey) {
    mfaEncryptionKey = developmentSecret(dataDir, 'mfa-encryption-key');
    warnings.push(
      `MFA_ENCRYPTION_KEY is not set: using a generated development key kept in ${join(dataDir, 'mfa-encryption-key')}. Set MFA_ENCRYPTION_KEY in production.`,
    );
  }

  const smtpConfigured = Boolean(env.EMAIL_HOST || env.EMAIL_SERVICE);
  const google =
    env.GOOGLE_CLIENT_ID && env.GOOGLE_CLIENT_SECRET
      ? {
          clientId: env.GOOGLE_CLIENT_ID,
          clientSecret: env.GOOGLE_CLIENT_SECRET,
          callbackUrl: env.GOOGLE_CALLBACK_URL,
          issuerUrl: env.GOOGLE_ISSUER_URL,
        }
      : undefined;
  const facebook =
    env.FACEBOOK_CLIENT_ID && env.FACEBOOK_CLIENT_SECRET
      ? {
          clientId: env.FACEBOOK_CLIENT_ID,
          clientSecret: env.FACEBOOK_CLIENT_SECRET,
          callbackUrl: env.FACEBOOK_CALLBACK_URL,
          authorizationUrl: env.FACEBOOK_AUTHORIZATION_URL,
          tokenUrl: env.FACEBOOK_TOKEN_URL,
          profileUrl: env.FACEBOOK_PROFILE_URL,
        }
      : undefined;

  return {
    env: env.NODE_ENV,
    isProduction,
    http: {
      host: env.HOST,
      port: env.PORT,
      bodyLimit: env.BODY_LIMIT,
      trustProxy: parseTrustProxy(env.TRUST_PROXY),
      shutdownTimeoutMs: durationToMilliseconds(env.SHUTDOWN_TIMEOUT),
      shedEventLoopDelayMs: shedEventLoopDelayMs(env.SHED_EVENT_LOOP_DELAY, isProduction),
    },
    dataDir,
    database: {
      url: env.DATABASE_URL,
      pgliteDir: join(dataDir, 'pglite'),
      poolSize: env.DATABASE_POOL_SIZE,
      connectTimeoutMs: durationToMilliseconds(env.DATABASE_CONNECT_TIMEOUT),
      statementTimeoutMs: durationToMilliseconds(env.DATABASE_STATEMENT_TIMEOUT),
    },
    redis: {
      url: env.REDIS_URL,
      queuePrefix: env.QUEUE_PREFIX,
      crashSafeSessions: env.REALTIME_CRASH_SAFE_SESSIONS,
    },
    auth: {
      jwtSecret,
      jwtExpiresIn: env.JWT_EXPIRES_IN,
      sessionIdleSeconds: durationToSeconds(env.SESSION_IDLE_TIMEOUT),
      sessionMaxLifetimeSeconds: durationToSeconds(env.SESSION_MAX_LIFETIME),
      jwtIssuer: env.JWT_ISSUER,
      jwtAudience: env.JWT_AUDIENCE,
      bcryptCost: env.BCRYPT_COST,
      passwordMinLength: env.PASSWORD_MIN_LENGTH,
      lockoutThreshold: env.LOCKOUT_THRESHOLD,
      lockoutSeconds: durationToSeconds(env.LOCKOUT_DURATION),
      mfaEncryptionKey,
    },
    presence: { offlineGraceSeconds: durationToSeconds(env.PRESENCE_OFFLINE_GRACE) },
    calls: { offerTimeoutSeconds: durationToSeconds(env.CALL_OFFER_TIMEOUT) },
    organization: { timeZone: env.ORG_TIME_ZONE },
    rateLimits: {
      globalPerMinute: env.RATE_LIMIT_GLOBAL_PER_MINUTE,
      authPerMinute: env.RATE_LIMIT_AUTH_PER_MINUTE,
      refreshPerMinute: env.RATE_LIMIT_REFRESH_PER_MINUTE,
      chatSendPerMinute: env.RATE_LIMIT_CHAT_SEND_PER_MINUTE,
    },
    exports: {
      maxConcurrent: env.EXPORT_MAX_CONCURRENT,
      maxConcurrentPerUser: env.EXPORT_MAX_CONCURRENT_PER_USER,
    },
    clientUrls,
    publicUrl: clientUrls[0] ?? 'http://localhost:3000',
    mail: {
      from: env.EMAIL_FROM,
      smtp: smtpConfigured
        ? {
            service: env.EMAIL_SERVICE,
            host: env.EMAIL_HOST,
            port: env.EMAIL_PORT,
            secure: env.EMAIL_SECURE ?? env.EMAIL_PORT === 465,
            user: env.EMAIL_USER,
            password: env.EMAIL_PASSWORD,
          }
        : undefined,
      outboxDir: join(dataDir, 'outbox'),
    },
    oauth: { google, facebook },
    log: {
      level: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'warn' : 'info'),
      format: env.LOG_FORMAT ?? (isProduction ? 'json' : 'pretty'),
      file: env.LOG_FILE
        ? { path: resolve(env.LOG_FILE), size: env.LOG_FILE_SIZE, count: env.LOG_FILE_COUNT }
        : undefined,
    },
    metrics: { token: env.METRICS_TOKEN, port: env.METRICS_PORT },
    // Demo data never appears in production unless someone asks for it explicitly.
    demo: {
      seed: env.DEMO_SEED ?? !isProduction,
      teams: env.DEMO_TEAMS ?? true,
      password: env.DEMO_PASSWORD,
      adminEmail: env.DEMO_ADMIN_EMAIL,
    },
    consoles: { serve: env.SERVE_CONSOLES, dir: resolve(env.CONSOLES_DIR) },
    warnings,
  };
}

/** A random secret generated on first use and kept under the data folder (development only). */
function developmentSecret(dataDir: string, name: string): string {
  const file = join(dataDir, name);
  if (existsSync(file)) {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored.length >= 32) return stored;
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

function parseTrustProxy(value: string): boolean | number | string {
  if (value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

const UNIT_SECONDS = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400 } as const;

/** `500ms`, `5s`, `1m` -> milliseconds, at least 1 (for timeouts finer than a second). */
/** `SHED_EVENT_LOOP_DELAY`: `off`, a duration, or unset (250 ms in production, off otherwise). */
function shedEventLoopDelayMs(
  setting: string | undefined,
  isProduction: boolean,
): number | undefined {
  if (setting === 'off') return undefined;
  if (setting !== undefined) return durationToMilliseconds(setting);
  return isProduction ? 250 : undefined;
}

export function durationToMilliseconds(duration: string): number {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(duration);
  if (!match) throw new Error(`Not a duration: ${duration}`);
  const unit = match[2] as keyof typeof UNIT_SECONDS;
  return Math.max(1, Math.round(Number(match[1]) * UNIT_SECONDS[unit] * 1000));
}

/** `900s`, `15m`, `2h`, `7d` -> seconds (the format the duration variables are validated against). */
export function durationToSeconds(duration: string): number {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(duration);
  if (!match) throw new Error(`Not a duration: ${duration}`);
  const unit = match[2] as keyof typeof UNIT_SECONDS;
  return Math.max(1, Math.floor(Number(match[1]) * UNIT_SECONDS[unit]));
}
