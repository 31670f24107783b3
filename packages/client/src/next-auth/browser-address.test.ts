import { describe, expect, it } from 'vitest';
import { browserAddress } from './browser-address.js';

describe('browserAddress', () => {
  it('takes the entry the proxies in front appended, never what the browser wrote on the left', () => {
    expect(browserAddress({ 'x-forwarded-for': '6.6.6.6, 203.0.113.9' }, 1)).toBe('203.0.113.9');
    expect(browserAddress({ 'x-forwarded-for': '6.6.6.6, 203.0.113.9, 10.0.0.2' }, 2)).toBe('203.0.113.9');
    expect(browserAddress({ 'x-forwarded-for': ['6.6.6.6', '2001:db8::7'] }, 1)).toBe('2001:db8::7');
  });

  it('sends nothing without proxies, with too short a chain, or for something that is not an address', () => {
    expect(browserAddress({ 'x-forwarded-for': '203.0.113.9' }, 0)).toBeUndefined();
    expect(browserAddress({ 'x-forwarded-for': '203.0.113.9' }, 2)).toBeUndefined();
    expect(browserAddress({}, 1)).toBeUndefined();
    expect(browserAddress({ 'x-forwarded-for': '6.6.6.6, evil\r\nx: y' }, 1)).toBeUndefined();
  });

  it('asks a function of your own when given one', () => {
    expect(browserAddress({ 'cf-connecting-ip': '198.51.100.4' }, (h) => String(h['cf-connecting-ip']))).toBe('198.51.100.4');
  });
});
