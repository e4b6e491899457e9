import { PageQuery } from '@poscalls4u/contracts';

import { AppException } from './app.exception';
import { pageWindow } from './page-query.dto';

/**
 * An opaque cursor: base64url of `[list, page, ...position]`, the position being the sort key of
 * the last item read. The list name stops a cursor of one list from being used on another; the
 * page number is the page the cursor reads, so the answer can still say which page it is.
 */
interface CursorPosition {
  page: number;
  values: string[];
}

function encodeCursor(list: string, position: CursorPosition): string {
  return Buffer.from(JSON.stringify([list, position.page, ...position.values])).toString(
    'base64url',
  );
}

/**
 * Reads a cursor written by `encodeCursor` for `list`, with `arity` position values each
 * accepted by `valid`; anything else is a 400 VALIDATION_ERROR on `cursor`.
 */
function decodeCursor(
  list: string,
  cursor: string,
  arity: number,
  valid: (value: string, index: number) => boolean,
): CursorPosition {
  const invalid = () =>
    AppException.validation('The request is invalid.', [
      { field: 'cursor', messages: ['cursor is not a cursor of this list'] },
    ]);
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(decoded) || decoded.length !== arity + 2 || decoded[0] !== list) {
    throw invalid();
  }
  const [, page, ...values] = decoded as unknown[];
  if (typeof page !== 'number' || !Number.isSafeInteger(page) || page < 2) throw invalid();
  if (!values.every((value, index) => typeof value === 'string' && valid(value, index))) {
    throw invalid();
  }
  return { page, values: values as string[] };
}

/** A timestamp with microseconds, as the repositories write it for a cursor (UTC, `Z`). */
function isExactTimestamp(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(value)) return false;
  const date = new Date(value);
  // A day that does not exist (02-30) parses as another one: refuse it rather than let SQL fail.
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 19) === value.slice(0, 19);
}

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

/** Where a page of a list ordered by (time, id) starts: a page number, and after a cursor its position. */
export interface TimeIdWindow {
  page: number;
  pageSize: number;
  offset: number;
  /** The (time, id) of the last item before this page, from the cursor. */
  after?: { time: string; id: string };
}

/**
 * The page a request reads from a list ordered by (time, id), newest first: by `page`, or by
 * `cursor` (then `page` is the cursor's). The repository reads `pageSize + 1` rows from there.
 */
export function timeIdWindow(list: string, query: PageQuery & { cursor?: string }): TimeIdWindow {
  const window = pageWindow(query);
  if (!query.cursor) return window;
  const cursor = decodeCursor(list, query.cursor, 2, (value, index) =>
    index === 0 ? isExactTimestamp(value) : isUuid(value),
  );
  return {
    ...window,
    page: cursor.page,
    after: { time: cursor.values[0] ?? '', id: cursor.values[1] ?? '' },
  };
}

/**
 * The page out of the `pageSize + 1` rows read at `window`, with the cursor of the next page
 * (null on the last one); `positionOf` gives a row's exact (time, id).
 */
export function timeIdPage<T>(
  list: string,
  window: TimeIdWindow,
  rows: T[],
  total: number,
  positionOf: (row: T) => [time: string, id: string],
): { items: T[]; total: number; page: number; pageSize: number; nextCursor: string | null } {
  const { page, pageSize } = window;
  const items = rows.slice(0, pageSize);
  const last = items[items.length - 1];
  const nextCursor =
    rows.length > pageSize && last !== undefined
      ? encodeCursor(list, { page: page + 1, values: positionOf(last) })
      : null;
  return { items, total, page, pageSize, nextCursor };
}
