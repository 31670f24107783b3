// The HttpOnly refresh cookie (scoped to the auth base path, Max-Age the refresh token's remaining lifetime) and its
// session hint: a readable `<hint>=1` cookie on Path=/ that tells the front end a session may exist, so a signed-out
// page load skips the restore call (and its 401). The hint carries no secret; both are set and cleared together here.
import type { Context } from 'hono';
import type { ResolvedConfig } from '../config/index.js';

type CookieConfig = Pick<ResolvedConfig, 'cookie'>;

function attributes(config: CookieConfig, maxAge: number, hint: boolean): string {
  const { cookie } = config;
  const parts = [
    // The hint must be readable by the app's pages (any path; on localhost any port), the token only by the auth routes.
    `Path=${hint ? '/' : cookie.path}`,
    `Max-Age=${maxAge}`,
    ...(hint ? [] : ['HttpOnly']),
    `SameSite=${cookie.sameSite[0]!.toUpperCase()}${cookie.sameSite.slice(1)}`,
  ];
  if (cookie.secure) parts.push('Secure');
  if (cookie.domain) parts.push(`Domain=${cookie.domain}`);
  return parts.join('; ');
}

/** The Set-Cookie values that store `token` (or, without one, clear the refresh cookie) and the hint alongside. */
function refreshCookies(config: CookieConfig, token: string | null, expiresAt = 0, now = 0): string[] {
  const maxAge = token ? Math.max(0, Math.floor((expiresAt - now) / 1000)) : 0;
  return [
    `${config.cookie.name}=${token ?? ''}; ${attributes(config, maxAge, false)}`,
    `${config.cookie.hintName}=${token ? '1' : ''}; ${attributes(config, maxAge, true)}`,
  ];
}

/** Adds the refresh cookie and its hint to the answer of `c` (a null token clears both). */
export function setRefreshCookies(c: Context, config: CookieConfig, token: string | null, expiresAt?: number, now?: number): void {
  for (const value of refreshCookies(config, token, expiresAt, now)) c.header('Set-Cookie', value, { append: true });
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

/** The named cookie from a Cookie header (the first, when sent twice), or undefined. */
export function readCookie(header: string | null | undefined, name: string): string | undefined {
  return readCookies(header, name)[0] || undefined;
}
