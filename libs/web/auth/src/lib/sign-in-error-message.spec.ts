import { ApiFailure } from '@poscalls4u/web-core';

import {
  SIGN_IN_MESSAGES,
  apiErrorMessage,
  mfaErrorMessage,
  restoreSessionErrorMessage,
  signInErrorMessage,
} from './sign-in-error-message';

const failure = (
  status: number,
  code: ApiFailure['code'] = null,
  message: string | null = null,
): ApiFailure => ({
  status,
  code,
  message,
});

describe('signInErrorMessage', () => {
  it.each<[string, ApiFailure, string]>([
    [
      'wrong credentials',
      failure(401, 'UNAUTHORIZED', 'Invalid email or password'),
      'Wrong email or password.',
    ],
    [
      'no answer',
      failure(0),
      'Cannot reach the PosCalls4U server. Check your connection and try again.',
    ],
    ['bad gateway', failure(502), SIGN_IN_MESSAGES.unreachable],
    [
      'service unavailable',
      failure(503, 'SERVICE_UNAVAILABLE', 'Down'),
      SIGN_IN_MESSAGES.unreachable,
    ],
    ['gateway timeout', failure(504), SIGN_IN_MESSAGES.unreachable],
    [
      'unverified email',
      failure(403, 'EMAIL_NOT_VERIFIED', 'x'),
      'Verify your email address before signing in.',
    ],
    [
      'rate limited',
      failure(429, 'RATE_LIMITED', 'x'),
      'Too many attempts. Wait a moment and try again.',
    ],
    [
      'rate limited with Retry-After',
      { ...failure(429, 'RATE_LIMITED', 'x'), retryAfterSeconds: 42 },
      'Too many attempts. Wait 42 seconds and try again.',
    ],
    [
      'rate limited for long',
      { ...failure(429, 'RATE_LIMITED', 'x'), retryAfterSeconds: 900 },
      'Too many attempts. Wait 15 minutes and try again.',
    ],
    ['locked by code', failure(403, 'ACCOUNT_LOCKED', 'x'), SIGN_IN_MESSAGES.accountLocked],
    ['locked by status', failure(423), SIGN_IN_MESSAGES.accountLocked],
    [
      'a forbidden call',
      failure(403, 'FORBIDDEN', 'Set up two-factor authentication to continue.'),
      'Set up two-factor authentication to continue.',
    ],
    ['a forbidden call without words', failure(403), SIGN_IN_MESSAGES.forbidden],
    ['an internal error', failure(500, 'INTERNAL_ERROR', 'x'), SIGN_IN_MESSAGES.serverError],
    [
      'another API error',
      failure(400, 'VALIDATION_ERROR', 'email must be an email'),
      'email must be an email',
    ],
    ['an error without a message', failure(418), SIGN_IN_MESSAGES.generic],
  ])('explains %s', (_name, apiFailure, expected) => {
    expect(signInErrorMessage(apiFailure)).toBe(expected);
  });
});

describe('apiErrorMessage', () => {
  it('lists the validation problems', () => {
    expect(
      apiErrorMessage({
        ...failure(400, 'VALIDATION_ERROR', 'Invalid input'),
        details: [
          { field: 'password', messages: ['password is too common'] },
          { field: 'name', messages: ['name should not be empty'] },
        ],
      }),
    ).toBe('password is too common name should not be empty');
  });

  it('uses the caller wording for a code', () => {
    expect(apiErrorMessage(failure(409, 'CONFLICT', 'x'), { CONFLICT: 'Already there.' })).toBe(
      'Already there.',
    );
    expect(apiErrorMessage(failure(404), { NOT_FOUND: 'Gone.' })).toBe('Gone.');
  });
});

describe('mfaErrorMessage', () => {
  it('explains a wrong or expired code', () => {
    expect(mfaErrorMessage(failure(401, 'UNAUTHORIZED', 'x'))).toBe(SIGN_IN_MESSAGES.wrongMfaCode);
    expect(mfaErrorMessage(failure(429, 'RATE_LIMITED', 'x'))).toBe(SIGN_IN_MESSAGES.rateLimited);
  });
});

describe('restoreSessionErrorMessage', () => {
  it('stays quiet when there is no session, and says when the server is unreachable', () => {
    expect(restoreSessionErrorMessage(failure(401, 'UNAUTHORIZED', 'x'))).toBeNull();
    expect(restoreSessionErrorMessage(failure(0))).toBe(SIGN_IN_MESSAGES.unreachable);
  });
});
