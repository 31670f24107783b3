// The browser's address as this Next server can vouch for it, sent to Tessera as the only X-Forwarded-For entry: the
// same mechanism as @tessera/client/next-auth (browser-address.ts). The browser's own X-Forwarded-For is never passed
// on, since its left part is whatever the browser wrote; only entries appended by the proxies in front of this server
// are believed, counted from the right. Tessera believes the result because this server is in its TRUSTED_PROXIES.
import type { ClientAddressOption } from './options.js';

// Digits, hex, dots and colons only: an address, never a list or anything a header could smuggle.
const ADDRESS = /^(?:[0-9]{1,3}(?:\.[0-9]{1,3}){3}|[0-9a-fA-F:.]{2,45})$/;

/**
 * @example vouchedAddress(new Headers({ 'x-forwarded-for': '6.6.6.6, 203.0.113.9' }), 1) // '203.0.113.9'
 */
function vouchedAddress(headers: Headers, option: ClientAddressOption): string | undefined {
  const found = typeof option === 'function' ? option(headers) : fromForwardedFor(headers.get('x-forwarded-for'), option);
  const address = found?.trim();
  return address && ADDRESS.test(address) ? address : undefined;
}

function fromForwardedFor(header: string | null, proxyHops: number): string | undefined {
  if (proxyHops < 1 || !header) return undefined;
  const entries = header.split(',').map((entry) => entry.trim());
  // Fewer entries than proxies: the request did not come through all of them, and nothing here can be believed.
  return entries.length >= proxyHops ? entries[entries.length - proxyHops] : undefined;
}

/** The headers that tell Tessera who the browser is: its User-Agent and, when configured, its vouched address. */
export function clientHeaders(incoming: Headers, option: ClientAddressOption): Record<string, string> {
  const headers: Record<string, string> = {};
  const userAgent = incoming.get('user-agent');
  if (userAgent) headers['user-agent'] = userAgent;
  const address = vouchedAddress(incoming, option);
  if (address) headers['x-forwarded-for'] = address;
  return headers;
}
