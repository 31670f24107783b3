// The HttpOnly refresh cookie: scoped to the auth base path, Max-Age the refresh token's remaining lifetime.
import type { ResolvedConfig } from '../config/index.js';

type CookieConfig = Pick<ResolvedConfig, 'cookie'>;

function attributes(config: CookieConfig, maxAge: number): string {
  const { cookie } = config;
  const parts = [
    `Path=${cookie.path}`,
    `Max-Age=${maxAge}`,
    'HttpOnly',
    `SameSite=${cookie.sameSite[0]!.toUpperCase()}${cookie.sameSite.slice(1)}`,
  ];
  if (cookie.secure) parts.push('Secure');
  if (cookie.domain) parts.push(`Domain=${cookie.domain}`);
  return parts.join('; ');
}

export function refreshCookie(config: CookieConfig, token: string, expiresAt: number, now: number): string {
  return `${config.cookie.name}=${token}; ${attributes(config, Math.max(0, Math.floor((expiresAt - now) / 1000)))}`;
}

export function clearedRefreshCookie(config: CookieConfig): string {
  return `${config.cookie.name}=; ${attributes(config, 0)}`;
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
