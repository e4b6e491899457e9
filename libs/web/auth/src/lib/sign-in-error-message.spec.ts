import { ApiFailure } from '@poscalls4u/web-core';

import {
  SIGN_IN_MESSAGES,
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
    ['locked by code', failure(403, 'ACCOUNT_LOCKED', 'x'), SIGN_IN_MESSAGES.accountLocked],
    ['locked by status', failure(423), SIGN_IN_MESSAGES.accountLocked],
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

describe('restoreSessionErrorMessage', () => {
  it('says the session ended, or that the server is unreachable', () => {
    expect(restoreSessionErrorMessage(failure(401, 'UNAUTHORIZED', 'x'))).toBe(
      SIGN_IN_MESSAGES.sessionEnded,
    );
    expect(restoreSessionErrorMessage(failure(0))).toBe(SIGN_IN_MESSAGES.unreachable);
  });
});
