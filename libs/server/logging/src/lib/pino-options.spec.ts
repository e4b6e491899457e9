import { Writable } from 'node:stream';
import pino from 'pino';

import { loadAppConfig } from '@poscalls4u/server-config';

import { pinoOptions } from './pino-options';

function captureLogger() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(String(chunk));
      callback();
    },
  });
  const config = loadAppConfig({
    LOG_FORMAT: 'json',
    LOG_LEVEL: 'info',
    JWT_SECRET: 'x'.repeat(40),
  });
  const { transport: _transport, ...options } = pinoOptions(config, 'api');
  return { logger: pino(options, sink), lines };
}

describe('pino options', () => {
  it('redacts passwords, tokens, secrets and authorization headers', () => {
    const { logger, lines } = captureLogger();
    logger.info(
      {
        password: 'hunter2-password',
        body: { password: 'nested-password', token: 'nested-token' },
        refreshToken: 'refresh-token-value',
        req: { headers: { authorization: 'Bearer abc.def.ghi', cookie: 'session=1' } },
        config: { jwtSecret: 'jwt-secret-value' },
      },
      'sign-in attempt',
    );
    const line = lines.join('');
    for (const secret of [
      'hunter2-password',
      'nested-password',
      'nested-token',
      'refresh-token-value',
      'abc.def.ghi',
      'session=1',
      'jwt-secret-value',
    ]) {
      expect(line).not.toContain(secret);
    }
    expect(line).toContain('[redacted]');
    expect(JSON.parse(line)).toMatchObject({ service: 'api', msg: 'sign-in attempt' });
  });
});
