// The user agent a session is named after. A server that calls Tessera for a browser (the next-auth integration)
// keeps its own User-Agent and passes the browser's in X-Forwarded-User-Agent; it is believed only from a server
// Tessera trusts, so a header a client wrote never replaces what its own User-Agent says.
import { isTrustedPeer, type ProxyTrust } from './client-address.js';

/** The header a trusted server (a TRUSTED_PROXIES peer) names the browser it calls for in. */
export const FORWARDED_USER_AGENT = 'x-forwarded-user-agent';

/**
 * The forwarded user agent when the socket peer is a trusted proxy and sent one, else the request's own User-Agent.
 * @example userAgent('10.0.0.5', 'node', 'Mozilla/5.0 …', trust) // 'Mozilla/5.0 …' when 10.0.0.5 is trusted
 */
export function userAgent(
  peer: string | undefined,
  own: string | undefined,
  forwarded: string | undefined,
  trust: ProxyTrust,
): string | null {
  const browser = forwarded?.trim();
  if (browser && isTrustedPeer(peer, trust)) return browser;
  return own ?? null;
}
