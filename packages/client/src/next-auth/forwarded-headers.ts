// What a call this server makes for a browser tells the backend about that browser: its user agent in
// X-Forwarded-User-Agent (this server keeps its own User-Agent), its address in X-Forwarded-For, and the headers
// listed in `forwardHeaders`. Tessera believes the first two only from a server in its TRUSTED_PROXIES.
import { browserAddress, type ClientAddressOption } from './browser-address.js';

/** The header the browser's user agent travels in; Tessera reads it from trusted proxies only (docs/next-auth.md). */
export const FORWARDED_USER_AGENT = 'x-forwarded-user-agent';

// Tessera keeps 512 characters; printable text only, so a header fetch would refuse never fails the call.
const MAX_AGENT = 512;
const PRINTABLE = /^[\t\x20-\x7e\x80-\xff]+$/;

/**
 * The headers that make the backend see the browser behind `incoming` (the browser request's headers) rather than
 * this server, on every call made for it: sign-in with each provider, refresh, reauthentication, sign-out.
 * @example forwardedHeaders(context, { 'user-agent': 'Mozilla/5.0 …' }) // { 'x-forwarded-user-agent': 'Mozilla/5.0 …' }
 */
export function forwardedHeaders(
  // The resolved options' fields (options.ts), typed here so that options.ts can import this file.
  { forwardHeaders, clientAddress }: { forwardHeaders: readonly string[]; clientAddress: ClientAddressOption },
  incoming: Record<string, unknown> | undefined,
): Record<string, string> {
  const headers: Record<string, string> = {};
  if (!incoming) return headers;
  for (const name of forwardHeaders) {
    const value = incoming[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const agent = incoming['user-agent'];
  const trimmed = typeof agent === 'string' ? agent.trim().slice(0, MAX_AGENT) : '';
  if (PRINTABLE.test(trimmed)) headers[FORWARDED_USER_AGENT] = trimmed;
  // One address, worked out from what this server's own proxies appended; never the header as the browser sent it.
  const address = browserAddress(incoming, clientAddress);
  if (address) headers['x-forwarded-for'] = address;
  return headers;
}
