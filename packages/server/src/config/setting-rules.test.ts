import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cookieDomainProblem, cookieNameProblem, isHostCookie, userFieldNameProblem, weakSecretProblem } from './setting-rules.js';

describe('setting rules', () => {
  it('accepts host names as cookie domains and nothing else', () => {
    expect(cookieDomainProblem('example.com')).toBeUndefined();
    expect(cookieDomainProblem('.a-b.example.co.uk')).toBeUndefined();
    expect(cookieDomainProblem('localhost')).toBeUndefined();
    for (const bad of ['', '.', 'a..b', 'a.-b', 'a_b.example', `${'a'.repeat(64)}.com`, 'x; SameSite=None', 'x\r\nSet-Cookie: a=b']) {
      expect(cookieDomainProblem(bad), bad).toBeDefined();
    }
  });

  it('holds cookie prefixes to what browsers require of them', () => {
    expect(cookieNameProblem('refresh_token', { secure: false, domain: 'example.com' })).toBeUndefined();
    expect(cookieNameProblem('__Host-r', { secure: true, domain: undefined })).toBeUndefined();
    expect(cookieNameProblem('__Host-r', { secure: true, domain: 'example.com' })).toMatch(/JWT_COOKIE_DOMAIN/);
    expect(cookieNameProblem('__HOST-r', { secure: false, domain: undefined })).toMatch(/JWT_COOKIE_SECURE/);
    expect(cookieNameProblem('__Secure-r', { secure: false, domain: undefined })).toMatch(/JWT_COOKIE_SECURE/);
    expect(cookieNameProblem('__Secure-r', { secure: true, domain: 'example.com' })).toBeUndefined();
    expect(cookieNameProblem('a b', { secure: true, domain: undefined })).toBeDefined();
    expect(isHostCookie('__host-x')).toBe(true);
    expect(isHostCookie('refresh_token')).toBe(false);
  });

  it('keeps custom field names off built-ins and Object.prototype', () => {
    expect(userFieldNameProblem('company')).toBeUndefined();
    expect(userFieldNameProblem('constructor')).toMatch(/JavaScript object/);
    expect(userFieldNameProblem('email')).toMatch(/built-in/);
    expect(userFieldNameProblem('__proto__')).toMatch(/identifier/);
  });

  it('accepts random secrets of 32 bytes in hex and base64, and refuses short or patterned ones', () => {
    for (let i = 0; i < 200; i++) {
      expect(weakSecretProblem(randomBytes(32).toString('base64'))).toBeUndefined();
      expect(weakSecretProblem(randomBytes(32).toString('hex'))).toBeUndefined();
    }
    expect(weakSecretProblem('short')).toMatch(/32 bytes/);
    expect(weakSecretProblem('a'.repeat(32))).toMatch(/distinct/);
    expect(weakSecretProblem('0123456789'.repeat(4))).toMatch(/pattern/);
    expect(weakSecretProblem('ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`')).toMatch(/sequence/);
  });
});
