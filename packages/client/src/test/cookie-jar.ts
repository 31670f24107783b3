// A browser's part of the deal, for Node: keep Set-Cookie (Path, Max-Age), send Cookie back, add the page's Origin.
import type { Fetch } from '../fetch.js';

export interface CookieJar {
  /** fetch as a page on `origin` would make it, cookies included. */
  fetch: Fetch;
  get(name: string): string | undefined;
  set(name: string, value: string, path?: string): void;
  /** Paths requested through this jar, in order. */
  calls: string[];
}

export function createCookieJar(origin: string): CookieJar {
  const cookies = new Map<string, { value: string; path: string }>();
  const jar: CookieJar = {
    calls: [],
    get: (name) => cookies.get(name)?.value,
    set: (name, value, path = '/') => void cookies.set(name, { value, path }),
    async fetch(input, init = {}) {
      const url = new URL(input instanceof Request ? input.url : String(input));
      jar.calls.push(url.pathname);
      const headers = new Headers(init.headers);
      headers.set('origin', origin);
      // RFC 6265 §5.4: send the cookies whose path is a prefix of the request path.
      const sent = [...cookies].filter(
        ([, c]) => url.pathname === c.path || url.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`),
      );
      if (sent.length) headers.set('cookie', sent.map(([name, c]) => `${name}=${c.value}`).join('; '));
      const response = await fetch(input, { ...init, headers });
      for (const line of response.headers.getSetCookie()) {
        const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
        const index = pair.indexOf('=');
        const name = pair.slice(0, index);
        const attribute = (key: string) => attributes.find((a) => a.toLowerCase().startsWith(`${key}=`))?.slice(key.length + 1);
        if (attribute('max-age') === '0' || !pair.slice(index + 1)) cookies.delete(name);
        else cookies.set(name, { value: pair.slice(index + 1), path: attribute('path') ?? '/' });
      }
      return response;
    },
  };
  return jar;
}
