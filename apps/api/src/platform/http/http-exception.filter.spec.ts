import { ArgumentsHost, Logger } from '@nestjs/common';
import { DrizzleQueryError } from 'drizzle-orm';

import { DatabaseOutage } from '../health';
import { AppException } from './app.exception';
import { HttpExceptionFilter } from './http-exception.filter';

describe('HttpExceptionFilter', () => {
  it('logs a failed query without its parameters (ciphertext, hashes, keys)', () => {
    const logged: unknown[] = [];
    jest.spyOn(Logger.prototype, 'error').mockImplementation((entry: unknown) => {
      logged.push(entry);
    });
    const response = {
      headersSent: false,
      statusCode: 0,
      body: undefined as unknown,
      setHeader: () => undefined,
      status(code: number) {
        this.statusCode = code;
        return this;
      },
      json(body: unknown) {
        this.body = body;
        return this;
      },
    };
    const host = {
      switchToHttp: () => ({
        getResponse: () => response,
        getRequest: () => ({ id: 'req-1', method: 'POST', originalUrl: '/api/chat/rooms' }),
      }),
    } as unknown as ArgumentsHost;
    const outage = { report: () => undefined } as unknown as DatabaseOutage;
    const secret = 'c2VjcmV0LWNpcGhlcnRleHQ';
    const error = new DrizzleQueryError(
      'insert into chat_messages (ciphertext) values ($1)',
      [secret],
      new Error('boom'),
    );

    new HttpExceptionFilter(outage).catch(error, host);

    expect(response.statusCode).toBe(500);
    expect(logged).toHaveLength(1);
    const entry = logged[0] as { err: Error };
    expect(entry.err.message).toBe(
      'Failed query: insert into chat_messages (ciphertext) values ($1)',
    );
    expect(JSON.stringify(entry)).not.toContain(secret);
    expect(`${entry.err.stack}`).not.toContain(secret);
  });

  it('answers an overloaded instance 503 in the envelope with Retry-After', () => {
    const headers = new Map<string, string>();
    const response = {
      headersSent: false,
      statusCode: 0,
      body: undefined as unknown,
      setHeader: (name: string, value: string) => headers.set(name, value),
      status(code: number) {
        this.statusCode = code;
        return this;
      },
      json(body: unknown) {
        this.body = body;
        return this;
      },
    };
    const host = {
      switchToHttp: () => ({
        getResponse: () => response,
        getRequest: () => ({
          id: 'req-2',
          method: 'POST',
          originalUrl: '/api/integrations/x/events',
        }),
      }),
    } as unknown as ArgumentsHost;
    const outage = { report: () => undefined } as unknown as DatabaseOutage;

    new HttpExceptionFilter(outage).catch(AppException.overloaded('Too busy.', 2), host);

    expect(response.statusCode).toBe(503);
    expect(headers.get('Retry-After')).toBe('2');
    expect(response.body).toMatchObject({
      success: false,
      error: { code: 'SERVICE_UNAVAILABLE', message: 'Too busy.' },
    });
  });
});
