// Which database errors mean "the database cannot be reached right now" (answered 503, retried by the client)
// rather than "this query is wrong" (a bug, answered 500).
import { TesseraError } from '../errors.js';

/** Seconds a client is told to wait before trying again while the database is unreachable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

// Socket errors from node:net, under pg's connect and query calls.
const NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

// PostgreSQL SQLSTATE codes (PostgreSQL manual, Appendix A): class 08 is "connection exception"; 57P01 is
// pg_terminate_backend or a fast shutdown, 57P02 a crash shutdown, 57P03 a server still starting or in
// recovery; 53300 is max_connections reached.
const POSTGRES_UNAVAILABLE = /^(08...|57P0[123]|53300)$/;

// pg raises its own connection failures as plain Errors without a code, so their text is all there is to go on.
// Kept to the messages pg 8 writes: lost connection, connect timeout, pool checkout timeout, query_timeout, and
// the refusals of a client whose connection already broke.
const PG_MESSAGES = ['Connection terminated', 'timeout exceeded when trying to connect', 'Query read timeout', 'is not queryable'];

/**
 * True when `error` (or an error it wraps) says the database is unreachable, overloaded or restarting, so the
 * request may succeed later unchanged: answer 503 with Retry-After, not 500.
 * @example if (isDatabaseUnavailable(error)) throw databaseUnavailable(error);
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  return matches(error, 0);
}

function matches(error: unknown, depth: number): boolean {
  if (typeof error !== 'object' || error === null || depth > 4) return false;
  const { code, message, cause, errors } = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code) || POSTGRES_UNAVAILABLE.test(code)) return true;
    // better-sqlite3: still locked by another writer after busy_timeout (SQLITE_BUSY and its extended codes).
    if (code.startsWith('SQLITE_BUSY')) return true;
  }
  if (typeof message === 'string' && PG_MESSAGES.some((text) => message.includes(text))) return true;
  // node:net reports a failed connect to several addresses as an AggregateError of each attempt's error.
  if (Array.isArray(errors) && errors.some((inner) => matches(inner, depth + 1))) return true;
  return matches(cause, depth + 1);
}

/** The 503 answered while the database is unreachable; the driver's message stays in the log, not the response. */
export function databaseUnavailable(cause?: unknown): TesseraError {
  return new TesseraError('service_unavailable', 'The database cannot be reached; try again shortly', {
    headers: { 'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS) },
    cause,
  });
}
