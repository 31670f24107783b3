// Where the access cookie is read: Next's request cookies (App Router, via next/headers), a web Request (route
// handlers, proxy.ts), or a Node request (Pages Router: getServerSideProps' `req`, API routes).
import { readCookie } from './cookies.js';

/** A Pages Router request: `req` of getServerSideProps or an API route. */
export interface NodeRequestLike {
  headers: Record<string, string | string[] | undefined>;
}

/** Omitted in Server Components, server actions and App Router route handlers (read through next/headers). */
export type SessionSource = Request | NodeRequestLike | undefined;

/** The named cookie of `source`; without a source, of the current App Router request. */
export async function cookieOf(source: SessionSource, name: string): Promise<string | undefined> {
  if (source === undefined) {
    const { cookies } = await import('next/headers.js');
    // next/headers already parsed the header; a twin cookie shows as its first value, so read the raw header instead.
    const header = (await cookies())
      .getAll()
      .map(({ name: cookieName, value }) => `${cookieName}=${value}`)
      .join('; ');
    return readCookie(header, name);
  }
  if (source instanceof Request) return readCookie(source.headers.get('cookie'), name);
  const header = source.headers.cookie;
  return readCookie(Array.isArray(header) ? header.join('; ') : header, name);
}
