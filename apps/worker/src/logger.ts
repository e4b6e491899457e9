import { Params } from 'nestjs-pino';

import { AppConfig } from '@poscalls4u/server-config';

/** Secrets never reach the logs, whatever object a log call is given. */
const REDACTED_PATHS = [
  'password',
  'token',
  'secret',
  'authorization',
  'accessToken',
  'refreshToken',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.passwordHash',
  '*.jwtSecret',
  '*.token',
  '*.secret',
  '*.authorization',
  '*.accessToken',
  '*.refreshToken',
  '*.headers.authorization',
  '*.headers.cookie',
];

/** JSON lines in production (for the log collector), readable single lines otherwise. */
export function loggerParams(config: AppConfig): Params {
  return {
    pinoHttp: {
      level: config.log.level,
      base: { service: 'worker' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      transport:
        config.log.format === 'pretty'
          ? {
              target: 'pino-pretty',
              options: {
                singleLine: true,
                translateTime: 'SYS:HH:MM:ss.l',
                ignore: 'pid,hostname',
              },
            }
          : undefined,
    },
  };
}
