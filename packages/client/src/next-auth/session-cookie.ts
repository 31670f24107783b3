// next-auth's session cookie as it sits in the browser: maybe `__Secure-` prefixed, maybe split into `.0`, `.1`...
// chunks when the encrypted JWT outgrows one cookie. Same names, chunk size and attributes as next-auth v4 writes.

/** RFC 6265 §6.1 allows 4096 bytes per cookie; next-auth keeps 163 for the name and attributes. */
export const CHUNK_SIZE = 4096 - 163;

export interface CookieOptions {
  httpOnly: boolean;
  sameSite: 'lax';
  path: string;
  secure: boolean;
  expires?: Date;
  maxAge?: number;
}

export interface SessionCookie {
  name: string;
  value: string;
  options: CookieOptions;
}

/** The read side of Next's `cookies()`, `NextRequest.cookies` and `ResponseCookies`. */
export interface CookieReader {
  getAll(): Array<{ name: string; value: string }>;
}

/** The cookie next-auth v4 names by default: `__Secure-` once the site runs on https (RFC 6265bis §4.1.3.1). */
export function sessionCookieName(secure: boolean): string {
  return `${secure ? '__Secure-' : ''}next-auth.session-token`;
}

const isChunkOf = (cookie: string, name: string) =>
  cookie === name || (cookie.startsWith(`${name}.`) && /^\d+$/.test(cookie.slice(name.length + 1)));
const chunkIndex = (cookie: string, name: string) => (cookie === name ? -1 : Number(cookie.slice(name.length + 1)));

/** The session cookie's chunks, in order, and their joined value (undefined when absent). */
export function readSessionCookie(cookies: CookieReader, name: string): { value: string | undefined; names: string[] } {
  const chunks = cookies
    .getAll()
    .filter((cookie) => isChunkOf(cookie.name, name))
    .sort((a, b) => chunkIndex(a.name, name) - chunkIndex(b.name, name));
  const value = chunks.map((cookie) => cookie.value).join('');
  return { value: value || undefined, names: chunks.map((cookie) => cookie.name) };
}

/**
 * The cookies to send for a new session value: its chunks, plus an expired cookie for every old chunk it no longer
 * needs (a session that shrank from two chunks to one must not leave `.1` behind to be joined to the new value).
 */
export function writeSessionCookie(name: string, value: string, previous: string[], options: CookieOptions): SessionCookie[] {
  const count = Math.max(1, Math.ceil(value.length / CHUNK_SIZE));
  const chunks: SessionCookie[] = Array.from({ length: count }, (_, i) => ({
    name: count === 1 ? name : `${name}.${i}`,
    value: value.slice(i * CHUNK_SIZE, (i + 1) * CHUNK_SIZE),
    options,
  }));
  const kept = new Set(chunks.map((chunk) => chunk.name));
  return [...previous.filter((old) => !kept.has(old)).map((old) => expiredCookie(old, options)), ...chunks];
}

/** Expired cookies for every chunk: what signing out sends. */
export function clearSessionCookie(previous: string[], options: CookieOptions): SessionCookie[] {
  return previous.map((name) => expiredCookie(name, options));
}

function expiredCookie(name: string, options: CookieOptions): SessionCookie {
  const { expires: _expires, ...rest } = options;
  return { name, value: '', options: { ...rest, maxAge: 0 } };
}
