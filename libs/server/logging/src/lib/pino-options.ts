import type { LoggerOptions, TransportTargetOptions } from 'pino';

import type { AppConfig } from '@poscalls4u/server-config';

import { currentRequestId } from './request-id-context';

/**
 * Paths pino blanks in every log line, whatever object a log call is given: credentials and
 * tokens never reach the logs, nor a caller's number (a call's `from`: personal data). Top-level
 * keys, one level down, and request/response headers.
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
  'from',
  'fromNumber',
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
  '*.from',
  '*.fromNumber',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-poscalls-signature"]',
  'res.headers["set-cookie"]',
];

/**
 * The pino settings every server process shares: JSON lines in production (for the log
 * collector), readable single lines otherwise, the level from LOG_LEVEL, secrets redacted; with
 * LOG_FILE, the JSON lines also go to that file, rotated by pino-roll.
 */
export function pinoOptions(config: AppConfig, service: 'api' | 'worker'): LoggerOptions {
  const level = config.log.level;
  const console: TransportTargetOptions =
    config.log.format === 'pretty'
      ? {
          target: 'pino-pretty',
          level,
          options: {
            singleLine: true,
            translateTime: 'SYS:HH:MM:ss.l',
            ignore: 'pid,hostname,service',
          },
        }
      : { target: 'pino/file', level, options: { destination: 1 } };
  const file = config.log.file;
  return {
    level,
    base: { service },
    // The request (or the job a request caused) a line was written for; absent otherwise.
    mixin: () => {
      const requestId = currentRequestId();
      return requestId ? { requestId } : {};
    },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    transport: file
      ? {
          targets: [
            console,
            // JSON lines, whatever the console's format; pino-roll rotates and prunes the files.
            {
              target: 'pino-roll',
              level,
              options: {
                file: file.path,
                size: file.size,
                frequency: 'daily',
                mkdir: true,
                limit: { count: file.count },
              },
            },
          ],
        }
      : config.log.format === 'pretty'
        ? console
        : undefined,
  };
}
