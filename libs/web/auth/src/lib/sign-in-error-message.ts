import { ErrorCode } from '@poscalls4u/contracts';
import { ApiFailure, isServerUnreachable } from '@poscalls4u/web-core';

export const SIGN_IN_MESSAGES = {
  wrongCredentials: 'Wrong email or password.',
  unreachable: 'Cannot reach the PosCalls4U server. Check your connection and try again.',
  emailNotVerified: 'Verify your email address before signing in.',
  rateLimited: 'Too many attempts. Wait a moment and try again.',
  accountLocked:
    'This account is locked after too many failed sign-ins. Try again later or ask an administrator to unlock it.',
  sessionEnded: 'Your session has ended. Sign in again.',
  generic: 'Sign-in failed. Try again.',
} as const;

/** The sentence a person sees when signing in fails. Decided on codes and statuses, never on API wording. */
export function signInErrorMessage(failure: ApiFailure): string {
  if (isServerUnreachable(failure)) {
    return SIGN_IN_MESSAGES.unreachable;
  }
  if (failure.code === ErrorCode.Unauthorized || failure.status === 401) {
    return SIGN_IN_MESSAGES.wrongCredentials;
  }
  if (failure.code === ErrorCode.EmailNotVerified) {
    return SIGN_IN_MESSAGES.emailNotVerified;
  }
  if (failure.code === ErrorCode.RateLimited || failure.status === 429) {
    return SIGN_IN_MESSAGES.rateLimited;
  }
  if (failure.code === ErrorCode.AccountLocked || failure.status === 423) {
    return SIGN_IN_MESSAGES.accountLocked;
  }
  return failure.message ?? SIGN_IN_MESSAGES.generic;
}

/** The sentence shown when a stored session could not be restored. */
export function restoreSessionErrorMessage(failure: ApiFailure): string {
  if (isServerUnreachable(failure)) {
    return SIGN_IN_MESSAGES.unreachable;
  }
  return SIGN_IN_MESSAGES.sessionEnded;
}
