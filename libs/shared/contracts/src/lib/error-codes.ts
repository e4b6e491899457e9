/**
 * Stable error codes of the API. Clients branch on these, never on messages,
 * so a code once published is never renamed or reused for another meaning.
 */
export const ErrorCode = {
  ValidationError: 'VALIDATION_ERROR',
  Unauthorized: 'UNAUTHORIZED',
  Forbidden: 'FORBIDDEN',
  NotFound: 'NOT_FOUND',
  Conflict: 'CONFLICT',
  PayloadTooLarge: 'PAYLOAD_TOO_LARGE',
  UnsupportedMediaType: 'UNSUPPORTED_MEDIA_TYPE',
  MethodNotAllowed: 'METHOD_NOT_ALLOWED',
  AccountLocked: 'ACCOUNT_LOCKED',
  EmailNotVerified: 'EMAIL_NOT_VERIFIED',
  RateLimited: 'RATE_LIMITED',
  MfaRequired: 'MFA_REQUIRED',
  /**
   * 403: the organisation requires two-factor authentication of supervisors and admins and this
   * one has not set it up; the consoles take the user to the enrolment on their profile.
   */
  MfaSetupRequired: 'MFA_SETUP_REQUIRED',
  TeamFull: 'TEAM_FULL',
  InvalidState: 'INVALID_STATE',
  /** 409: a transfer named an agent who is not available and free (on a call, on a break...). */
  AgentUnavailable: 'AGENT_UNAVAILABLE',
  /** 409: a conference has MAX_CONFERENCE_PARTIES parties already (the caller included). */
  ConferenceFull: 'CONFERENCE_FULL',
  ServiceUnavailable: 'SERVICE_UNAVAILABLE',
  InternalError: 'INTERNAL_ERROR',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
