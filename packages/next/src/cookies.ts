// The cookies this package keeps on the app's origin (RFC 6265): the access token, Tessera's refresh cookie and its
// session hint, all Path=/ and SameSite=Lax, the first two HttpOnly. Plain functions over strings, edge-safe.
import type { ResolvedOptions } from './options.js';

/** One cookie to set (a null value clears it). `maxAge` in seconds. */
export interface CookieChange {
  name: string;
  value: string | null;
  maxAge: number;
  httpOnly: boolean;
}

/** Every value of the named cookie in a Cookie header, in the order sent (RFC 6265 §5.4). */
export function readCookies(header: string | null | undefined, name: string): string[] {
  if (!header) return [];
  const values: string[] = [];
  for (const pair of header.split(';')) {
    const index = pair.indexOf('=');
    if (index > 0 && pair.slice(0, index).trim() === name) values.push(pair.slice(index + 1).trim());
  }
  return values;
}

/** The named cookie, or undefined when absent, empty, or sent more than once (a planted twin cannot be told apart). */
export function readCookie(header: string | null | undefined, name: string): string | undefined {
  const values = readCookies(header, name);
  return values.length === 1 && values[0] ? values[0] : undefined;
}

/** A Cookie header with `changes` applied: changed cookies replaced or removed, the others kept in order. */
export function applyToCookieHeader(header: string | null, changes: readonly CookieChange[]): string {
  const changed = new Set(changes.map((change) => change.name));
  const kept = (header ?? '')
    .split(';')
    .map((pair) => pair.trim())
    .filter((pair) => pair && !changed.has(pair.slice(0, Math.max(0, pair.indexOf('='))).trim()));
  for (const change of changes) if (change.value) kept.push(`${change.name}=${change.value}`);
  return kept.join('; ');
}

/**
 * The Set-Cookie value of `change` for this app. Path=/ for all three: the proxy helper must see the refresh cookie on
 * page requests, not only under the auth base path (docs/next-server.md, "Cookies"). SameSite=Lax: sent on top-level
 * navigations from other sites (links into the app), not on their subresource or form POSTs.
 */
export function serializeCookie(change: CookieChange, options: Pick<ResolvedOptions, 'secureCookies'>): string {
  const parts = [`${change.name}=${change.value ?? ''}`, 'Path=/', `Max-Age=${change.value ? Math.max(0, change.maxAge) : 0}`];
  if (change.httpOnly) parts.push('HttpOnly');
  parts.push('SameSite=Lax');
  if (options.secureCookies) parts.push('Secure');
  return parts.join('; ');
}

/** Name, value and Max-Age of a Set-Cookie value (RFC 6265 §5.2); Max-Age 0 when only Expires in the past is given. */
export function parseSetCookie(line: string): { name: string; value: string; maxAge: number | undefined } | undefined {
  const [pair = '', ...attributes] = line.split(';');
  const index = pair.indexOf('=');
  if (index <= 0) return undefined;
  let maxAge: number | undefined;
  for (const attribute of attributes) {
    const [key = '', value = ''] = attribute.split('=').map((part) => part.trim());
    if (key.toLowerCase() === 'max-age' && /^-?\d+$/.test(value)) maxAge = Number(value);
  }
  return { name: pair.slice(0, index).trim(), value: pair.slice(index + 1).trim(), maxAge };
}
