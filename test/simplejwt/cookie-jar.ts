// A cookie jar for Node's fetch, which keeps none: enough of RFC 6265 for one origin's HttpOnly refresh cookie.
import type { Fetch } from '../../packages/client/src/fetch.js';

export interface CookieJar {
  /** fetch that sends the jar's cookies and stores what Set-Cookie answers (a deletion included). */
  fetch: Fetch;
  /** name → value, as the jar holds them now. */
  cookies(): Record<string, string>;
  /** Each Set-Cookie header received, in order, for asserting its attributes (HttpOnly, SameSite). */
  received: string[];
}

/**
 * One jar per simulated browser profile; share it between clients to play several tabs or a reload.
 * Ignores Domain and Path (the tests talk to one origin, the cookie's Path is `/`).
 */
export function createCookieJar(inner: Fetch = (input, init) => fetch(input, init)): CookieJar {
  const jar = new Map<string, string>();
  const received: string[] = [];
  return {
    received,
    cookies: () => Object.fromEntries(jar),
    async fetch(input, init = {}) {
      const headers = new Headers(init.headers);
      if (jar.size) headers.set('cookie', [...jar].map(([name, value]) => `${name}=${value}`).join('; '));
      const response = await inner(input, { ...init, headers });
      for (const header of response.headers.getSetCookie()) {
        received.push(header);
        const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
        const name = pair.slice(0, pair.indexOf('='));
        const value = pair.slice(pair.indexOf('=') + 1).replace(/^"(.*)"$/, '$1');
        // RFC 6265 §5.2.2: Max-Age wins over Expires; a Max-Age of 0 or less (and a past Expires) deletes the cookie.
        const maxAge = attributes.find((a) => /^max-age=/i.test(a))?.split('=')[1];
        const expires = attributes.find((a) => /^expires=/i.test(a))?.slice(8);
        const gone = maxAge !== undefined ? Number(maxAge) <= 0 : expires !== undefined && Date.parse(expires) <= Date.now();
        if (gone) jar.delete(name);
        else jar.set(name, value);
      }
      return response;
    },
  };
}
