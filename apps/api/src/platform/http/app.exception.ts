import { HttpException, HttpStatus } from '@nestjs/common';

import { ErrorCode, MfaChallenge, ValidationIssue } from '@poscalls4u/contracts';

/**
 * A feature error with a stable code from the contract. Throw it from services;
 * the global exception filter turns it into the error envelope with `status`.
 */
export class AppException extends HttpException {
  constructor(
    readonly code: ErrorCode,
    message: string,
    status: HttpStatus,
    readonly details?: ValidationIssue[],
    /** With `MFA_REQUIRED`: the challenge the client completes with `POST auth/mfa/verify`. */
    readonly mfa?: MfaChallenge,
  ) {
    super(message, status);
  }

  static validation(message: string, details?: ValidationIssue[]): AppException {
    return new AppException(ErrorCode.ValidationError, message, HttpStatus.BAD_REQUEST, details);
  }

  static unauthorized(message = 'Authentication is required.'): AppException {
    return new AppException(ErrorCode.Unauthorized, message, HttpStatus.UNAUTHORIZED);
  }

  static forbidden(message = 'You are not allowed to do this.'): AppException {
    return new AppException(ErrorCode.Forbidden, message, HttpStatus.FORBIDDEN);
  }

  /** 403 `MFA_SETUP_REQUIRED`: the policy requires MFA and this user has not set it up. */
  static mfaSetupRequired(message: string): AppException {
    return new AppException(ErrorCode.MfaSetupRequired, message, HttpStatus.FORBIDDEN);
  }

  static notFound(message = 'Not found.'): AppException {
    return new AppException(ErrorCode.NotFound, message, HttpStatus.NOT_FOUND);
  }

  static conflict(message: string): AppException {
    return new AppException(ErrorCode.Conflict, message, HttpStatus.CONFLICT);
  }

  static tooManyRequests(message = 'Too many requests. Try again later.'): AppException {
    return new AppException(ErrorCode.RateLimited, message, HttpStatus.TOO_MANY_REQUESTS);
  }

  static serviceUnavailable(
    message = 'The service is unavailable. Try again later.',
  ): AppException {
    return new AppException(ErrorCode.ServiceUnavailable, message, HttpStatus.SERVICE_UNAVAILABLE);
  }

  /** 503 with `Retry-After`: this instance has more work waiting than it takes on (load shedding). */
  static overloaded(message: string, retryAfterSeconds: number): AppException {
    const exception = AppException.serviceUnavailable(message);
    exception.retryAfterSeconds = retryAfterSeconds;
    return exception;
  }

  /** Seconds the client is told to wait (`Retry-After`), when the error says so. */
  retryAfterSeconds?: number;
}
