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
  wrongMfaCode:
    'That code is not right, or this sign-in step has expired. Enter a new code, or start over.',
  mfaRequiredByPolicy: 'Your account needs two-step verification. Sign in again to continue.',
  forbidden: 'You do not have permission to do this.',
  notFound: 'This item no longer exists. Reload the page.',
  conflict: 'This conflicts with existing data.',
  serverError: 'Something went wrong on the server. Try again in a moment.',
} as const;

/** Wording a caller can put in place of the default for one code. */
export type ErrorMessageOverrides = Partial<Record<ErrorCode, string>>;

function rateLimitedMessage(failure: ApiFailure): string {
  if (failure.retryAfterSeconds === undefined) {
    return SIGN_IN_MESSAGES.rateLimited;
  }
  const seconds = failure.retryAfterSeconds;
  const wait =
    seconds >= 120
      ? `${Math.ceil(seconds / 60)} minutes`
      : `${seconds} second${seconds === 1 ? '' : 's'}`;
  return `Too many attempts. Wait ${wait} and try again.`;
}

function validationMessage(failure: ApiFailure): string | null {
  const messages = failure.details?.flatMap((issue) => issue.messages) ?? [];
  return messages.length > 0 ? messages.join(' ') : failure.message;
}

/**
 * The sentence a person sees for any failed API call, decided on codes and statuses, never on API
 * wording (except validation details, which say what to fix). `overrides` words a code for the
 * action at hand, e.g. UNAUTHORIZED on "change password" means a wrong current password.
 */
export function apiErrorMessage(
  failure: ApiFailure,
  overrides: ErrorMessageOverrides = {},
  fallback: string = SIGN_IN_MESSAGES.generic,
): string {
  if (isServerUnreachable(failure)) {
    return SIGN_IN_MESSAGES.unreachable;
  }
  const code =
    failure.code ??
    (
      {
        401: ErrorCode.Unauthorized,
        403: ErrorCode.Forbidden,
        404: ErrorCode.NotFound,
        409: ErrorCode.Conflict,
        423: ErrorCode.AccountLocked,
        429: ErrorCode.RateLimited,
      } as Record<number, ErrorCode>
    )[failure.status] ??
    null;
  if (code !== null && overrides[code] !== undefined) {
    return overrides[code];
  }
  switch (code) {
    case ErrorCode.Unauthorized:
      return SIGN_IN_MESSAGES.sessionEnded;
    case ErrorCode.EmailNotVerified:
      return SIGN_IN_MESSAGES.emailNotVerified;
    case ErrorCode.RateLimited:
      return rateLimitedMessage(failure);
    case ErrorCode.AccountLocked:
      return SIGN_IN_MESSAGES.accountLocked;
    case ErrorCode.MfaRequired:
      return SIGN_IN_MESSAGES.mfaRequiredByPolicy;
    case ErrorCode.MfaSetupRequired:
      // The consoles take the user to the set-up; the API's words say why they are there.
      return failure.message ?? 'Set up two-step verification on your profile to continue.';
    case ErrorCode.Forbidden:
      // The API says which rule refused (a role, the MFA policy); that is the useful part.
      return failure.message ?? SIGN_IN_MESSAGES.forbidden;
    case ErrorCode.NotFound:
      return SIGN_IN_MESSAGES.notFound;
    case ErrorCode.Conflict:
      return failure.message ?? SIGN_IN_MESSAGES.conflict;
    case ErrorCode.ValidationError:
      return validationMessage(failure) ?? fallback;
    case ErrorCode.InternalError:
    case ErrorCode.ServiceUnavailable:
      return SIGN_IN_MESSAGES.serverError;
    case ErrorCode.PayloadTooLarge:
    case ErrorCode.UnsupportedMediaType:
    case ErrorCode.MethodNotAllowed:
    case ErrorCode.TeamFull:
    case ErrorCode.ConferenceFull:
    case ErrorCode.InvalidState:
    case ErrorCode.AgentUnavailable:
    case null:
      return failure.message ?? fallback;
  }
  // A code newer than this console: the API's own words.
  return failure.message ?? fallback;
}

/** The sentence a person sees when signing in fails. */
export function signInErrorMessage(failure: ApiFailure): string {
  return apiErrorMessage(failure, { [ErrorCode.Unauthorized]: SIGN_IN_MESSAGES.wrongCredentials });
}

/** The sentence a person sees when the second sign-in step (a TOTP or recovery code) fails. */
export function mfaErrorMessage(failure: ApiFailure): string {
  return apiErrorMessage(failure, { [ErrorCode.Unauthorized]: SIGN_IN_MESSAGES.wrongMfaCode });
}

/**
 * The sentence shown when the session could not be restored on start, or null when there simply
 * was no session to restore (no refresh cookie, or an ended session).
 */
export function restoreSessionErrorMessage(failure: ApiFailure): string | null {
  if (isServerUnreachable(failure)) {
    return SIGN_IN_MESSAGES.unreachable;
  }
  return null;
}
