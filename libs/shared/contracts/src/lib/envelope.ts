import { MfaChallenge } from './auth';
import { ErrorCode } from './error-codes';

/** Every successful API response: `{ "success": true, "data": ... }`. */
export interface SuccessEnvelope<T> {
  success: true;
  data: T;
}

/** One problem with one input field, as listed in `error.details`. */
export interface ValidationIssue {
  /** Dotted path of the offending field (`email`, `members.0.userId`), or `body` for the whole body. */
  field: string;
  /** Human-readable reasons, one per failed rule. */
  messages: string[];
}

export interface ApiError {
  code: ErrorCode;
  message: string;
  details?: ValidationIssue[];
  /** The request id of the failed request, to quote when reporting a problem. */
  requestId?: string;
  /** With `MFA_REQUIRED`: the challenge to complete with `POST /api/auth/mfa/verify`. */
  mfa?: MfaChallenge;
}

/** Every failed API response: `{ "success": false, "error": { code, message, details? } }`. */
export interface ErrorEnvelope {
  success: false;
  error: ApiError;
}

export type Envelope<T> = SuccessEnvelope<T> | ErrorEnvelope;
