import type { LoggerOptions } from 'pino';

import type { AppConfig } from '@poscalls4u/server-config';

/**
 * Paths pino blanks in every log line, whatever object a log call is given: credentials and
 * tokens never reach the logs. Top-level keys, one level down, and request/response headers.
 */
export const REDACTED_PATHS = [
  'password',
  'currentPassword',
  'newPassword',
  'passwordHash',
  'token',
  'accessToken',
  'refreshToken',
  'secret',
  'jwtSecret',
  'authorization',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.passwordHash',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.secret',
  '*.jwtSecret',
  '*.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-poscalls-signature"]',
  'res.headers["set-cookie"]',
];

/**
 * The pino settings every server process shares: JSON lines in production (for the log
 * collector), readable single lines otherwise, the level from LOG_LEVEL, secrets redacted.
 */
export function pinoOptions(config: AppConfig, service: 'api' | 'worker'): LoggerOptions {
  return {
    level: config.log.level,
    base: { service },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    transport:
      config.log.format === 'pretty'
        ? {
            target: 'pino-pretty',
            options: {
              singleLine: true,
              translateTime: 'SYS:HH:MM:ss.l',
              ignore: 'pid,hostname,service',
            },
          }
        : undefined,
  };
}
