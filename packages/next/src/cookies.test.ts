import { describe, expect, it } from 'vitest';
import { applyToCookieHeader, parseSetCookie, readCookie, serializeCookie } from './cookies.js';

describe('cookies', () => {
  it('reads a cookie sent once, and nothing from a planted twin (cookie tossing)', () => {
    expect(readCookie('a=1; tessera_access=x; b=2', 'tessera_access')).toBe('x');
    expect(readCookie('tessera_access=x; tessera_access=y', 'tessera_access')).toBeUndefined();
    expect(readCookie('tessera_access=', 'tessera_access')).toBeUndefined();
    expect(readCookie(null, 'tessera_access')).toBeUndefined();
  });

  it('replaces and removes the changed cookies of a Cookie header and keeps the others in order', () => {
    const header = 'theme=dark; tessera_access=old; refresh_token=r1; tessera_session=1';
    const changes = [
      { name: 'tessera_access', value: 'new', maxAge: 5, httpOnly: true },
      { name: 'refresh_token', value: 'r2', maxAge: 60, httpOnly: true },
      { name: 'tessera_session', value: null, maxAge: 0, httpOnly: false },
    ];
    expect(applyToCookieHeader(header, changes)).toBe('theme=dark; tessera_access=new; refresh_token=r2');
  });

  it('serialises HttpOnly, SameSite=Lax, Path=/ cookies, Secure when asked, and Max-Age=0 to clear', () => {
    const change = { name: 'tessera_access', value: 't', maxAge: 900, httpOnly: true };
    expect(serializeCookie(change, { secureCookies: true })).toBe('tessera_access=t; Path=/; Max-Age=900; HttpOnly; SameSite=Lax; Secure');
    expect(serializeCookie({ ...change, value: null, httpOnly: false }, { secureCookies: false })).toBe(
      'tessera_access=; Path=/; Max-Age=0; SameSite=Lax',
    );
  });

  it("reads the name, value and Max-Age of Tessera's Set-Cookie", () => {
    expect(parseSetCookie('refresh_token=abc; Path=/auth; Max-Age=2592000; HttpOnly; SameSite=Lax; Secure')).toEqual({
      name: 'refresh_token',
      value: 'abc',
      maxAge: 2592000,
    });
    expect(parseSetCookie('garbage')).toBeUndefined();
  });
});
