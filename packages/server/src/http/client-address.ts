// The client address behind proxies, taken from the right of X-Forwarded-For: entries on the left are whatever the
// client sent, and only those appended by proxies we run can be believed (RFC 7239 §7.4 on the same problem).
import { BlockList, isIP } from 'node:net';

/** How far X-Forwarded-For is believed: not at all, a fixed number of appending proxies, or a list of proxies. */
export type ProxyTrust = { kind: 'none' } | { kind: 'hops'; hops: number } | { kind: 'list'; proxies: BlockList };

/**
 * The address limits and sessions are keyed on.
 * - `hops` (TRUST_PROXY=n): each of the n proxies appended the address it saw, so the client is the n-th entry from
 *   the right. Sound only when nothing reaches the server but through those proxies.
 * - `list` (TRUSTED_PROXIES): only when the socket peer is a trusted proxy, walk from the right past trusted
 *   entries; the first other one is the client. An entry that is not an address stops the walk at the last proxy.
 * @example clientAddress('10.0.0.2', '1.2.3.4, 203.0.113.7', { kind: 'hops', hops: 1 }) // '203.0.113.7'
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | undefined, trust: ProxyTrust): string {
  const socket = (peer && canonicalIp(peer)) ?? 'unknown';
  const entries = forwardedFor ? forwardedFor.split(',').map((entry) => entry.trim()) : [];
  if (trust.kind === 'none' || entries.length === 0) return socket;
  if (trust.kind === 'hops') {
    // Fewer entries than proxies: the request skipped the outer ones; the leftmost is then the best there is.
    const entry = entries[Math.max(0, entries.length - trust.hops)]!;
    return canonicalIp(entry) ?? socket;
  }
  if (socket === 'unknown' || !isTrusted(trust.proxies, socket)) return socket;
  let last = socket;
  for (let i = entries.length - 1; i >= 0; i--) {
    const address = canonicalIp(entries[i]!);
    if (!address) return last;
    if (!isTrusted(trust.proxies, address)) return address;
    last = address;
  }
  return last;
}

/** The addresses and CIDR ranges of TRUSTED_PROXIES, or the first entry that is neither. */
export function parseTrustedProxies(entries: readonly string[]): BlockList | { invalid: string } {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', bits, extra] = entry.split('/');
    const ip = canonicalIp(address);
    const family = ip ? (isIP(ip) === 4 ? 'ipv4' : 'ipv6') : undefined;
    if (!ip || !family || extra !== undefined) return { invalid: entry };
    if (bits === undefined) list.addAddress(ip, family);
    else {
      const prefix = Number(bits);
      if (!/^\d+$/.test(bits) || prefix > (family === 'ipv4' ? 32 : 128)) return { invalid: entry };
      list.addSubnet(ip, prefix, family);
    }
  }
  return list;
}

/**
 * Whether the socket peer itself is one of TRUSTED_PROXIES: the one test that says a header was written by a server
 * you run rather than by the client. Never under TRUST_PROXY, which counts appending proxies: those pass any other
 * header on as the client wrote it.
 */
export function isTrustedPeer(peer: string | undefined, trust: ProxyTrust): boolean {
  const address = peer && canonicalIp(peer);
  return trust.kind === 'list' && !!address && isTrusted(trust.proxies, address);
}

function isTrusted(proxies: BlockList, address: string): boolean {
  return proxies.check(address, isIP(address) === 4 ? 'ipv4' : 'ipv6');
}

/**
 * One spelling per address, or undefined for anything else: IPv4-mapped IPv6 (`::ffff:1.2.3.4`, how a dual-stack
 * socket reports IPv4 peers) as IPv4, brackets and ports (`[2001:db8::1]:443`, `1.2.3.4:80`, which some proxies
 * append) dropped, IPv6 lower-cased.
 */
export function canonicalIp(raw: string): string | undefined {
  let value = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) value = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(':'));
  const mapped = /^::ffff:([\d.]+)$/i.exec(value);
  if (mapped) value = mapped[1]!;
  const family = isIP(value);
  if (family === 4) return value;
  if (family === 6) return value.toLowerCase();
  return undefined;
}
