import { Transform, plainToInstance } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsTimeZone,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
  getMetadataStorage,
  validateSync,
} from 'class-validator';

/** `true`/`false`/`1`/`0`/`yes`/`no` -> boolean; anything else stays as is and fails @IsBoolean. */
function toBoolean({ value }: { value: unknown }): unknown {
  if (typeof value !== 'string') return value;
  const normalized = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(normalized)) return true;
  if (['false', '0', 'no', 'off'].includes(normalized)) return false;
  return value;
}

function toInteger({ value }: { value: unknown }): unknown {
  if (typeof value !== 'string' || !/^-?\d+$/.test(value.trim())) return value;
  return Number.parseInt(value, 10);
}

function emptyToUndefined({ value }: { value: unknown }): unknown {
  return typeof value === 'string' && value.trim() === '' ? undefined : value;
}

const DURATION = /^\d+(ms|s|m|h|d)$/;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Every environment variable the server processes read, with its rules.
 * `.env.example` documents each one; keep the two in step.
 */
export class Environment {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInteger)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '127.0.0.1';

  /**
   * Which proxies to trust for the client address (Express' `trust proxy`): `false` (default,
   * X-Forwarded-For is ignored), a hop count such as `1`, or addresses/subnets such as
   * `loopback, 10.0.0.0/8`. Only a trusted proxy's X-Forwarded-For is believed.
   */
  @Matches(
    /^(false|true|\d+|[0-9a-fA-F.:/,\s]+|loopback|linklocal|uniquelocal)(\s*,\s*(loopback|linklocal|uniquelocal|[0-9a-fA-F.:/]+))*$/,
    {
      message:
        'TRUST_PROXY must be false, true, a hop count, or a comma-separated list of addresses/subnets',
    },
  )
  TRUST_PROXY = 'false';

  /** Folder for everything the platform keeps on disk by default: PGlite data, outbox mail, dev secrets. */
  @IsString()
  DATA_DIR = '.data';

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, {
    message: 'DATABASE_URL must be a postgres:// or postgresql:// URL',
  })
  DATABASE_URL?: string;

  /** Connections each process keeps to the PostgreSQL server (DATABASE_URL) at most. */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(1000)
  DATABASE_POOL_SIZE = 10;

  /**
   * How long a request waits for a database connection (a new one, or a free one of the pool)
   * before it is answered 503: an unreachable or frozen server never makes requests hang.
   */
  @Matches(DURATION, { message: 'DATABASE_CONNECT_TIMEOUT must be a duration such as 5s' })
  DATABASE_CONNECT_TIMEOUT = '5s';

  /**
   * Longest a single SQL statement may run: PostgreSQL cancels it (statement_timeout), and the API
   * stops waiting for an answer one second later (a frozen server cancels nothing). CSV exports
   * are one statement each, so this also bounds them. Migrations are exempt.
   */
  @Matches(DURATION, { message: 'DATABASE_STATEMENT_TIMEOUT must be a duration such as 30s' })
  DATABASE_STATEMENT_TIMEOUT = '30s';

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  /** Prefix of every BullMQ key, so several deployments (or test runs) can share one Redis. */
  @Matches(/^[A-Za-z0-9_-]+$/, {
    message: 'QUEUE_PREFIX may contain only letters, digits, _ and -',
  })
  QUEUE_PREFIX = 'poscalls4u';

  @Transform(emptyToUndefined)
  @ValidateIf((env: Environment) => env.NODE_ENV === 'production' || env.JWT_SECRET !== undefined)
  @IsString({ message: 'JWT_SECRET is required when NODE_ENV=production' })
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @Matches(DURATION, { message: 'JWT_EXPIRES_IN must be a duration such as 900s, 15m or 1h' })
  JWT_EXPIRES_IN = '15m';

  /** A session ends after this long without any use (no request, no refresh). */
  @Matches(DURATION, { message: 'SESSION_IDLE_TIMEOUT must be a duration such as 30m or 2h' })
  SESSION_IDLE_TIMEOUT = '2h';

  /** A session ends this long after sign-in, however active (one long shift). */
  @Matches(DURATION, { message: 'SESSION_MAX_LIFETIME must be a duration such as 12h or 7d' })
  SESSION_MAX_LIFETIME = '12h';

  @IsString()
  JWT_ISSUER = 'poscalls4u';

  @IsString()
  JWT_AUDIENCE = 'poscalls4u-api';

  @Transform(toInteger)
  @IsInt()
  @Min(10, { message: 'BCRYPT_COST must be at least 10' })
  @Max(15, { message: 'BCRYPT_COST must be at most 15' })
  BCRYPT_COST = 12;

  @Transform(toInteger)
  @IsInt()
  @Min(8, { message: 'PASSWORD_MIN_LENGTH must be at least 8' })
  @Max(64)
  PASSWORD_MIN_LENGTH = 8;

  /** Consecutive failed sign-ins (passwords or MFA codes) that lock an account. */
  @Transform(toInteger)
  @IsInt()
  @Min(3)
  @Max(100)
  LOCKOUT_THRESHOLD = 5;

  @Matches(DURATION, { message: 'LOCKOUT_DURATION must be a duration such as 15m' })
  LOCKOUT_DURATION = '15m';

  /** Requests per minute per client address on the whole API. */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  RATE_LIMIT_GLOBAL_PER_MINUTE = 600;

  /** Requests per minute per client address on sign-up, sign-in, forgot-password, resend and MFA. */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  RATE_LIMIT_AUTH_PER_MINUTE = 10;

  /** Requests per minute per client address on token refresh. */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  RATE_LIMIT_REFRESH_PER_MINUTE = 30;

  /** Chat messages (sends and edits) per minute per client address. */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  RATE_LIMIT_CHAT_SEND_PER_MINUTE = 300;

  /** CSV exports one API instance streams at once (each holds a database connection). */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(100)
  EXPORT_MAX_CONCURRENT = 4;

  /** CSV exports one user may have running at once, on one instance. */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(100)
  EXPORT_MAX_CONCURRENT_PER_USER = 2;

  /**
   * Key that encrypts TOTP secrets at rest (AES-256-GCM); required in production, at least 32
   * characters. Outside production it is generated once under DATA_DIR, like JWT_SECRET.
   */
  @Transform(emptyToUndefined)
  @ValidateIf(
    (env: Environment) => env.NODE_ENV === 'production' || env.MFA_ENCRYPTION_KEY !== undefined,
  )
  @IsString({ message: 'MFA_ENCRYPTION_KEY is required when NODE_ENV=production' })
  @MinLength(32, { message: 'MFA_ENCRYPTION_KEY must be at least 32 characters' })
  MFA_ENCRYPTION_KEY?: string;

  /** How long after an agent's last connection drops they turn offline, unless they reconnect. */
  @Matches(DURATION, { message: 'PRESENCE_OFFLINE_GRACE must be a duration such as 30s' })
  PRESENCE_OFFLINE_GRACE = '30s';

  /** How long a call rings at an agent before it returns to the queue and the agent goes on a break. */
  @Matches(DURATION, { message: 'CALL_OFFER_TIMEOUT must be a duration such as 20s' })
  CALL_OFFER_TIMEOUT = '20s';

  /**
   * The organisation's IANA time zone for statistics periods (days, hours, weeks), until an admin
   * sets one in the organisation settings.
   */
  @Matches(/^[A-Za-z]/, { message: 'ORG_TIME_ZONE must be an IANA time zone such as Europe/Paris' })
  @IsTimeZone({ message: 'ORG_TIME_ZONE must be an IANA time zone such as Europe/Paris' })
  ORG_TIME_ZONE = 'UTC';

  /** Where people open the consoles; reset and verification links are built from the first entry. */
  @Matches(/^https?:\/\/[^\s,]+(,\s*https?:\/\/[^\s,]+)*$/, {
    message: 'CLIENT_URL must be one or more comma-separated http(s) URLs',
  })
  CLIENT_URL = 'http://localhost:3000';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  EMAIL_SERVICE?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  EMAIL_HOST?: string;

  @Transform(toInteger)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(65535)
  EMAIL_PORT?: number;

  @Transform(toBoolean)
  @IsOptional()
  @IsBoolean()
  EMAIL_SECURE?: boolean;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  EMAIL_USER?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  EMAIL_PASSWORD?: string;

  @IsString()
  EMAIL_FROM = 'PosCalls4U <no-reply@poscalls4u.test>';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  GOOGLE_CLIENT_ID?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  GOOGLE_CLIENT_SECRET?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  GOOGLE_CALLBACK_URL?: string;

  /** OpenID Connect issuer of Google (its discovery document is read from here). */
  @Matches(/^https?:\/\//, { message: 'GOOGLE_ISSUER_URL must be an http(s) URL' })
  GOOGLE_ISSUER_URL = 'https://accounts.google.com';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  FACEBOOK_CLIENT_ID?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  FACEBOOK_CLIENT_SECRET?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  FACEBOOK_CALLBACK_URL?: string;

  @Matches(/^https?:\/\//, { message: 'FACEBOOK_AUTHORIZATION_URL must be an http(s) URL' })
  FACEBOOK_AUTHORIZATION_URL = 'https://www.facebook.com/v21.0/dialog/oauth';

  @Matches(/^https?:\/\//, { message: 'FACEBOOK_TOKEN_URL must be an http(s) URL' })
  FACEBOOK_TOKEN_URL = 'https://graph.facebook.com/v21.0/oauth/access_token';

  @Matches(/^https?:\/\//, { message: 'FACEBOOK_PROFILE_URL must be an http(s) URL' })
  FACEBOOK_PROFILE_URL = 'https://graph.facebook.com/v21.0/me';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(LOG_LEVELS)
  LOG_LEVEL?: (typeof LOG_LEVELS)[number];

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(['json', 'pretty'])
  LOG_FORMAT?: 'json' | 'pretty';

  /**
   * Also write the JSON logs to this file (each process its own: give the worker and every API
   * instance on one machine a different path), rotated by pino-roll.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  LOG_FILE?: string;

  /** Size at which LOG_FILE is rotated (and at least daily): a number and k, m or g. */
  @Matches(/^\d+[kmg]$/, { message: 'LOG_FILE_SIZE must be a size such as 500k, 10m or 1g' })
  LOG_FILE_SIZE = '10m';

  /** Rotated log files kept besides the current one; older ones are deleted. */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(1000)
  LOG_FILE_COUNT = 7;

  /**
   * Keep every socket's Socket.IO session in Redis while it is connected, so that the sockets of
   * an instance that crashed resume it (with a replay of what they missed) on another instance.
   * Off by default: the consoles still re-read their state on every reconnect, so today the
   * replay is extra work on the surviving instance (kill -9 catch-up p99 8.2 s off, 11.9 s on).
   */
  @Transform(toBoolean)
  @IsOptional()
  @IsBoolean()
  REALTIME_CRASH_SAFE_SESSIONS = false;

  @Transform(toBoolean)
  @IsOptional()
  @IsBoolean()
  DEMO_SEED?: boolean;

  /** With the demo organisation, its two teams (Support and Sales) with their members. */
  @Transform(toBoolean)
  @IsOptional()
  @IsBoolean()
  DEMO_TEAMS?: boolean;

  @IsString()
  @MinLength(8, { message: 'DEMO_PASSWORD must be at least 8 characters' })
  DEMO_PASSWORD = 'poscalls4u-demo';

  @IsEmail({}, { message: 'DEMO_ADMIN_EMAIL must be an email address' })
  DEMO_ADMIN_EMAIL = 'admin@poscalls4u.test';

  @Matches(/^\d+(b|kb|mb)$/i, { message: 'BODY_LIMIT must be a size such as 100kb or 1mb' })
  BODY_LIMIT = '100kb';

  /**
   * How long a SIGTERM'd API instance may take to drain (finish in-flight requests, close kept-alive
   * connections, send its sockets elsewhere) and close; then it exits regardless.
   */
  @Matches(DURATION, { message: 'SHUTDOWN_TIMEOUT must be a duration such as 10s' })
  SHUTDOWN_TIMEOUT = '10s';

  /**
   * Load shedding on the instance's own CPU: while the event loop's mean delay over the last half
   * second is above this, PBX call-event posts are answered 503 with `Retry-After: 1` before any
   * work (a PBX sends them again). `off` turns it off. Default: 250ms in production, off otherwise.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^(off|\d+(ms|s))$/, {
    message: 'SHED_EVENT_LOOP_DELAY must be off or a duration such as 250ms',
  })
  SHED_EVENT_LOOP_DELAY?: string;

  /**
   * Bearer token that opens GET /metrics (Prometheus) on the API's port; without it (and without
   * METRICS_PORT) /metrics answers 404. At least 16 characters.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters' })
  METRICS_TOKEN?: string;

  /**
   * A separate port (on HOST) that serves GET /metrics, for a Prometheus on the private network;
   * it asks for METRICS_TOKEN too when that is set.
   */
  @Transform(toInteger)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(65535)
  METRICS_PORT?: number;

  /** Serve the built consoles at /agent and /supervisor from the API process. */
  @Transform(toBoolean)
  @IsBoolean()
  SERVE_CONSOLES = true;

  @IsString()
  CONSOLES_DIR = 'dist/apps';
}

/**
 * Raised when the environment breaks rules: `message` has one line per variable, each naming it
 * (`Invalid configuration: JWT_SECRET is required when NODE_ENV=production`), so that one start
 * shows everything to fix.
 */
export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.map((problem) => `Invalid configuration: ${problem}`).join('\n'));
    this.name = 'ConfigValidationError';
  }
}

/**
 * Validates raw environment variables and applies defaults; in production also refuses weak
 * secrets and the demo's published password.
 * Variables the schema does not declare are ignored (the process environment holds many).
 */
export function validateEnvironment(raw: Record<string, string | undefined>): Environment {
  const declared = declaredVariables();
  const relevant = Object.fromEntries(
    Object.entries(raw).filter(([key, value]) => value !== undefined && declared.has(key)),
  );
  const environment = plainToInstance(Environment, relevant, { exposeDefaultValues: true });
  const problems = validateSync(environment).map((error) => {
    // class-validator lists constraints from the last decorator to the first; the first
    // decorator states the most basic rule (present, a string, an integer), so report it.
    const reason = Object.values(error.constraints ?? {}).at(-1) ?? 'is invalid';
    return reason.startsWith(error.property) ? reason : `${error.property} ${reason}`;
  });
  if (environment.NODE_ENV === 'production') {
    const invalid = new Set(problems.map((problem) => problem.split(' ')[0]));
    problems.push(...productionWeaknesses(environment, invalid));
  }
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return environment;
}

/** Fewer distinct characters than this in a secret of 32+ says it was typed, not generated. */
const MIN_DISTINCT_CHARACTERS = 12;

/** Settings that pass their format rules but must not run a production system. */
function productionWeaknesses(env: Environment, invalid: Set<string | undefined>): string[] {
  const weaknesses: string[] = [];
  for (const name of ['JWT_SECRET', 'MFA_ENCRYPTION_KEY'] as const) {
    const value = env[name];
    if (value !== undefined && !invalid.has(name) && new Set(value).size < MIN_DISTINCT_CHARACTERS)
      weaknesses.push(
        `${name} is weak (too few distinct characters): use a random value, e.g. \`openssl rand -base64 48\``,
      );
  }
  if (env.JWT_SECRET !== undefined && env.JWT_SECRET === env.MFA_ENCRYPTION_KEY)
    weaknesses.push('MFA_ENCRYPTION_KEY must differ from JWT_SECRET');
  if (env.DEMO_SEED === true && env.DEMO_PASSWORD === 'poscalls4u-demo')
    weaknesses.push(
      'DEMO_SEED=true in production needs a DEMO_PASSWORD of your own (the default one is published)',
    );
  return weaknesses;
}

/** The variable names the schema declares, read from class-validator's metadata. */
function declaredVariables(): Set<string> {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(Environment, '', true, false);
  return new Set(metadata.map((entry) => entry.propertyName));
}
