// Issue 13: the demo answers on http://localhost:<port>, the address `npm start` prints. A page opened at
// 127.0.0.1 (the address Next.js itself used to print) is another site to the browser: the refresh cookie the API
// sets for localhost would not come back, and Google's redirect URI would not match. So before anything else happens
// such a request is sent to the same port and path on localhost.

const LOOPBACK_IPS = new Set(['127.0.0.1', '[::1]']);

/**
 * The localhost URL to send this request to, or null when its Host is not a loopback IP address.
 * @example localhostRedirect('http://127.0.0.1:3000/direct/posts?x=1', '127.0.0.1:3000') // 'http://localhost:3000/direct/posts?x=1'
 */
export function localhostRedirect(requestUrl: string, host: string | null): string | null {
  if (!host) return null;
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(host.trim().toLowerCase());
  if (!match || !LOOPBACK_IPS.has(match[1]!)) return null;
  const url = new URL(requestUrl);
  const target = new URL(url.pathname + url.search, `${url.protocol}//localhost${match[2] ? `:${match[2]}` : ''}`);
  return target.href;
}
