import { describe, expect, it } from 'vitest';
import { canonicalIp, clientAddress, parseTrustedProxies, type ProxyTrust } from './client-address.js';

const list = (...entries: string[]): ProxyTrust => {
  const proxies = parseTrustedProxies(entries);
  if ('invalid' in proxies) throw new Error(proxies.invalid);
  return { kind: 'list', proxies };
};

describe('clientAddress', () => {
  it('ignores X-Forwarded-For unless proxies are trusted', () => {
    expect(clientAddress('203.0.113.7', '1.2.3.4', { kind: 'none' })).toBe('203.0.113.7');
  });

  it('takes the entry the outermost trusted hop appended, not the leftmost one the client wrote', () => {
    expect(clientAddress('10.0.0.2', '1.2.3.4, 203.0.113.7', { kind: 'hops', hops: 1 })).toBe('203.0.113.7');
    expect(clientAddress('10.0.0.2', '1.2.3.4, 203.0.113.7, 10.0.0.9', { kind: 'hops', hops: 2 })).toBe('203.0.113.7');
    // A chain shorter than the proxies configured: the leftmost entry is the best there is.
    expect(clientAddress('10.0.0.2', '203.0.113.7', { kind: 'hops', hops: 3 })).toBe('203.0.113.7');
    expect(clientAddress('10.0.0.2', 'not-an-ip', { kind: 'hops', hops: 1 })).toBe('10.0.0.2');
  });

  it('walks past trusted proxies from the right, and only when the peer is one of them', () => {
    const trust = list('10.0.0.0/8', '2001:db8::/32');
    expect(clientAddress('10.0.0.2', '1.2.3.4, 203.0.113.7, 10.1.1.1', trust)).toBe('203.0.113.7');
    expect(clientAddress('::ffff:10.0.0.2', '1.2.3.4, 203.0.113.7', trust)).toBe('203.0.113.7');
    expect(clientAddress('2001:db8::5', '[2001:DB8:1::9]:443', trust)).toBe('2001:db8:1::9');
    // A peer outside the list wrote the header itself.
    expect(clientAddress('198.51.100.1', '1.2.3.4', trust)).toBe('198.51.100.1');
    // Garbage where a proxy's entry should be: stop at the last proxy rather than key on the garbage.
    expect(clientAddress('10.0.0.2', '1.2.3.4, junk, 10.0.0.3', trust)).toBe('10.0.0.3');
    // Only proxies: the leftmost of them.
    expect(clientAddress('10.0.0.2', '10.0.0.4, 10.0.0.3', trust)).toBe('10.0.0.4');
  });

  it('spells each address one way', () => {
    expect(canonicalIp('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(canonicalIp('1.2.3.4:8080')).toBe('1.2.3.4');
    expect(canonicalIp('2001:DB8::1')).toBe('2001:db8::1');
    expect(canonicalIp('1.2.3.4 or so')).toBeUndefined();
  });
});
