import { HttpErrorResponse } from '@angular/common/http';

import { ErrorCode, ErrorEnvelope, MfaChallenge, ValidationIssue } from '@poscalls4u/contracts';

/** A failed API call reduced to what the UI decides on: the HTTP status and the stable code. */
export interface ApiFailure {
  /** HTTP status; 0 when the request never got an answer (offline, DNS, refused). */
  status: number;
  /** The envelope's error code, or null when the answer was not a PosCalls4U envelope. */
  code: ErrorCode | null;
  /** The envelope's message, or null when there is none. */
  message: string | null;
  /** With `MFA_REQUIRED`: the challenge to complete. */
  mfa?: MfaChallenge;
  /** With `VALIDATION_ERROR`: the problems, field by field. */
  details?: ValidationIssue[];
  /** With `RATE_LIMITED`: seconds to wait, from the `Retry-After` header. */
  retryAfterSeconds?: number;
}

function isErrorEnvelope(body: unknown): body is ErrorEnvelope {
  if (typeof body !== 'object' || body === null) {
    return false;
  }
  const candidate = body as Partial<ErrorEnvelope>;
  return (
    candidate.success === false &&
    typeof candidate.error === 'object' &&
    candidate.error !== null &&
    typeof candidate.error.code === 'string' &&
    typeof candidate.error.message === 'string'
  );
}

/** Reads the status and the error envelope (when there is one) out of any HttpClient error. */
export function toApiFailure(error: unknown): ApiFailure {
  if (!(error instanceof HttpErrorResponse)) {
    return { status: 0, code: null, message: null };
  }
  if (isErrorEnvelope(error.error)) {
    const failure: ApiFailure = {
      status: error.status,
      code: error.error.error.code,
      message: error.error.error.message,
    };
    const { mfa, details } = error.error.error;
    if (mfa !== undefined) {
      failure.mfa = mfa;
    }
    if (details !== undefined) {
      failure.details = details;
    }
    const retryAfter = Number(error.headers?.get('Retry-After'));
    if (Number.isFinite(retryAfter) && retryAfter > 0) {
      failure.retryAfterSeconds = Math.ceil(retryAfter);
    }
    return failure;
  }
  return { status: error.status, code: null, message: null };
}

/**
 * True when the PosCalls4U server could not be reached. A 5xx without an envelope comes from
 * something between us and the API (a dev proxy, a load balancer), because the API itself always
 * answers with an envelope.
 */
export function isServerUnreachable(failure: ApiFailure): boolean {
  if (
    failure.status === 0 ||
    failure.status === 502 ||
    failure.status === 503 ||
    failure.status === 504
  ) {
    return true;
  }
  return failure.status >= 500 && failure.code === null;
}
