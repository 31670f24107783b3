// The browser's address as the Next.js server can vouch for it, for Tessera's per-address login limits. The Next
// server calls Tessera itself, so without this every sign-in shares its address. The raw X-Forwarded-For is not
// passed on: its left part is whatever the browser wrote. Only the entries appended by the proxies in front of
// this server are believed, counted from the right; Tessera believes the result because this server is in its
// TRUSTED_PROXIES.

/** How the browser's address is found: a number of proxies in front of this server, or a function of your own. */
export type ClientAddressOption = number | ((headers: Record<string, unknown>) => string | undefined);

// Digits, hex, dots and colons only: an address, never a list or anything a header could smuggle.
const ADDRESS = /^(?:[0-9]{1,3}(?:\.[0-9]{1,3}){3}|[0-9a-fA-F:.]{2,45})$/;

/**
 * The `proxyHops`-th X-Forwarded-For entry from the right: each proxy in front of this server appended the address
 * it saw (or, like Vercel, set the header to it). 0, or no such entry, gives undefined: nothing is sent.
 * @example browserAddress({ 'x-forwarded-for': '6.6.6.6, 203.0.113.9' }, 1) // '203.0.113.9'
 */
export function browserAddress(headers: Record<string, unknown> | undefined, option: ClientAddressOption): string | undefined {
  const found = typeof option === 'function' ? option(headers ?? {}) : fromForwardedFor(headers?.['x-forwarded-for'], option);
  const address = found?.trim();
  return address && ADDRESS.test(address) ? address : undefined;
}

function fromForwardedFor(header: unknown, proxyHops: number): string | undefined {
  if (proxyHops < 1) return undefined;
  // node:http joins repeated headers with ', '; an array comes from other request shapes.
  const value = Array.isArray(header) ? header.join(',') : header;
  if (typeof value !== 'string') return undefined;
  const entries = value.split(',').map((entry) => entry.trim());
  // Fewer entries than proxies: the request did not come through all of them, and nothing here can be believed.
  return entries.length >= proxyHops ? entries[entries.length - proxyHops] : undefined;
}

/** Headers that carry a client address: never passed on as they came (see `clientAddress`). */
export const ADDRESS_HEADERS: ReadonlySet<string> = new Set(['x-forwarded-for', 'forwarded', 'x-real-ip']);
