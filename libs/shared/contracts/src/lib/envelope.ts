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

/** Pages of every list hold 25 items unless asked otherwise. */
export const DEFAULT_PAGE_SIZE = 25;
/** Largest page a client may ask for, so one request cannot read a whole table. */
export const MAX_PAGE_SIZE = 100;

/** `page` (1-based, default 1) and `pageSize` (default 25, at most 100): accepted by every list. */
export interface PageQuery {
  page?: number;
  pageSize?: number;
}

/**
 * Every list answers `data: { items, total, page, pageSize }`: the items of the page asked for,
 * how many match on all pages, and the page and page size used.
 */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/**
 * The huge lists (`GET /api/calls`, `GET /api/audit`) also page by cursor: pass the previous
 * answer's `nextCursor` as `cursor` to read the next page (`page` is then ignored). A cursor is
 * opaque: keep it as it came; a cursor the API did not write is refused with 400 VALIDATION_ERROR.
 */
export interface CursorPageQuery extends PageQuery {
  cursor?: string;
}

/** A page of a cursor-paged list: `nextCursor` reads the next page, null on the last one. */
export interface CursorPage<T> extends Page<T> {
  nextCursor: string | null;
}
