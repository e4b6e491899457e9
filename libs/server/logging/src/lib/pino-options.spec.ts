import { Writable } from 'node:stream';
import pino from 'pino';

import { loadAppConfig } from '@poscalls4u/server-config';

import { pinoOptions } from './pino-options';
import { currentRequestId, runWithRequestId } from './request-id-context';

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
  it("redacts passwords, tokens, secrets, authorization headers and a caller's number", () => {
    const { logger, lines } = captureLogger();
    logger.info(
      {
        password: 'hunter2-password',
        body: { password: 'nested-password', token: 'nested-token' },
        refreshToken: 'refresh-token-value',
        req: { headers: { authorization: 'Bearer abc.def.ghi', cookie: 'session=1' } },
        config: { jwtSecret: 'jwt-secret-value' },
        call: { from: '+15550111', fromNumber: '+15550112' },
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
      '+15550111',
      '+15550112',
    ]) {
      expect(line).not.toContain(secret);
    }
    expect(line).toContain('[redacted]');
    expect(JSON.parse(line)).toMatchObject({ service: 'api', msg: 'sign-in attempt' });
  });

  it('stamps the current request id on every line written on its behalf, across awaits', async () => {
    const { logger, lines } = captureLogger();
    logger.info('outside');
    await runWithRequestId('req-42', async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      expect(currentRequestId()).toBe('req-42');
      logger.info('inside');
    });
    runWithRequestId(undefined, () => logger.info('without an id'));
    const parsed = lines.map((line) => JSON.parse(line) as { msg: string; requestId?: string });
    expect(parsed.map(({ msg, requestId }) => ({ msg, requestId }))).toEqual([
      { msg: 'outside', requestId: undefined },
      { msg: 'inside', requestId: 'req-42' },
      { msg: 'without an id', requestId: undefined },
    ]);
  });
});
