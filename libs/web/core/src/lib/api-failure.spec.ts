import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';

import { isServerUnreachable, toApiFailure } from './api-failure';

describe('toApiFailure', () => {
  it('reads status, code and message from an error envelope', () => {
    const error = new HttpErrorResponse({
      status: 401,
      error: { success: false, error: { code: 'UNAUTHORIZED', message: 'Invalid credentials' } },
    });
    expect(toApiFailure(error)).toEqual({
      status: 401,
      code: 'UNAUTHORIZED',
      message: 'Invalid credentials',
    });
  });

  it('keeps only the status when the body is not an envelope', () => {
    const error = new HttpErrorResponse({ status: 502, error: '<html>Bad Gateway</html>' });
    expect(toApiFailure(error)).toEqual({ status: 502, code: null, message: null });
  });

  it('treats non-HTTP errors as unreachable', () => {
    expect(toApiFailure(new Error('boom'))).toEqual({ status: 0, code: null, message: null });
  });
});

describe('isServerUnreachable', () => {
  it.each([0, 502, 503, 504])('is true for status %i', (status) => {
    expect(isServerUnreachable({ status, code: null, message: null })).toBe(true);
  });

  it('is true for a 5xx without an envelope and false for an API 500', () => {
    expect(isServerUnreachable({ status: 500, code: null, message: null })).toBe(true);
    expect(isServerUnreachable({ status: 500, code: 'INTERNAL_ERROR', message: 'x' })).toBe(false);
  });

  it('is false for client errors', () => {
    expect(isServerUnreachable({ status: 401, code: 'UNAUTHORIZED', message: 'x' })).toBe(false);
  });
});

describe('toApiFailure extras', () => {
  it('keeps the MFA challenge, the validation details and Retry-After', () => {
    const mfa = new HttpErrorResponse({
      status: 401,
      error: {
        success: false,
        error: { code: 'MFA_REQUIRED', message: 'x', mfa: { challengeToken: 'c', expiresIn: 300 } },
      },
    });
    expect(toApiFailure(mfa).mfa).toEqual({ challengeToken: 'c', expiresIn: 300 });

    const limited = new HttpErrorResponse({
      status: 429,
      headers: new HttpHeaders({ 'Retry-After': '42' }),
      error: { success: false, error: { code: 'RATE_LIMITED', message: 'x' } },
    });
    expect(toApiFailure(limited).retryAfterSeconds).toBe(42);

    const invalid = new HttpErrorResponse({
      status: 400,
      error: {
        success: false,
        error: {
          code: 'VALIDATION_ERROR',
          message: 'x',
          details: [{ field: 'email', messages: ['bad'] }],
        },
      },
    });
    expect(toApiFailure(invalid).details).toEqual([{ field: 'email', messages: ['bad'] }]);
  });
});
