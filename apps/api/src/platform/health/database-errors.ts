/** Socket errors of a server that is down, unreachable or went away mid-query. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * PostgreSQL SQLSTATEs that say "not now" rather than "wrong request": connection exceptions
 * (class 08), shutting down or starting up (57P01-57P03), too many connections (53300), and a
 * statement cancelled by `statement_timeout` (57014).
 */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300|57014)$/;

/** Messages of node-postgres (pg, pg-pool) for the same situations; they carry no code. */
const DRIVER_MESSAGES = [
  'timeout exceeded when trying to connect',
  'Connection terminated',
  'Query read timeout',
  'is not queryable',
  'Cannot use a pool after calling end',
];

/**
 * Whether an error means the database could not answer (down, frozen, overloaded) rather than a
 * bug or bad input. Drizzle wraps driver errors (`cause`), and a refused connection to a host
 * with several addresses is an AggregateError (`errors`): both are looked into. Errors are read by
 * their fields, not `instanceof`: the socket's errors may come from another realm (Jest's VM).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && isObject(current); depth++) {
    if (saysUnavailable(current)) return true;
    const inner = current['errors'];
    if (Array.isArray(inner) && inner.some((item) => isObject(item) && saysUnavailable(item)))
      return true;
    current = current['cause'];
  }
  return false;
}

function saysUnavailable(error: Record<string, unknown>): boolean {
  const code = error['code'];
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code)))
    return true;
  const message = error['message'];
  return typeof message === 'string' && DRIVER_MESSAGES.some((known) => message.includes(known));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
