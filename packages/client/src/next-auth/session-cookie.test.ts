import { describe, expect, it } from 'vitest';
import {
  CHUNK_SIZE,
  clearSessionCookie,
  readSessionCookie,
  sessionCookieName,
  writeSessionCookie,
  type CookieOptions,
} from './session-cookie.js';

const NAME = 'next-auth.session-token';
const OPTIONS: CookieOptions = { httpOnly: true, sameSite: 'lax', path: '/', secure: false };
const reader = (cookies: Record<string, string>) => ({ getAll: () => Object.entries(cookies).map(([name, value]) => ({ name, value })) });

describe('session cookie', () => {
  it('is named like next-auth names it, __Secure- on https', () => {
    expect(sessionCookieName(false)).toBe(NAME);
    expect(sessionCookieName(true)).toBe(`__Secure-${NAME}`);
  });

  it('joins chunks in numeric order and ignores look-alike names', () => {
    const cookies = reader({
      [`${NAME}.10`]: 'K',
      [`${NAME}.2`]: 'C',
      [`${NAME}.0`]: 'A',
      [`${NAME}.1`]: 'B',
      [`${NAME}-legacy`]: 'X',
      'next-auth.csrf-token': 'Y',
    });
    expect(readSessionCookie(cookies, NAME)).toEqual({ value: 'ABCK', names: [`${NAME}.0`, `${NAME}.1`, `${NAME}.2`, `${NAME}.10`] });
    expect(readSessionCookie(reader({}), NAME)).toEqual({ value: undefined, names: [] });
  });

  it('writes one cookie when the value fits, expiring old chunks', () => {
    const cookies = writeSessionCookie(NAME, 'small', [`${NAME}.0`, `${NAME}.1`], OPTIONS);
    expect(cookies.map((c) => [c.name, c.value, c.options.maxAge])).toEqual([
      [`${NAME}.0`, '', 0],
      [`${NAME}.1`, '', 0],
      [NAME, 'small', undefined],
    ]);
  });

  it('splits a value over CHUNK_SIZE into .0, .1 ... and expires the unchunked cookie', () => {
    const value = 'a'.repeat(CHUNK_SIZE) + 'b'.repeat(CHUNK_SIZE) + 'c';
    const cookies = writeSessionCookie(NAME, value, [NAME], OPTIONS);
    expect(cookies.map((c) => [c.name, c.value.length])).toEqual([
      [NAME, 0],
      [`${NAME}.0`, CHUNK_SIZE],
      [`${NAME}.1`, CHUNK_SIZE],
      [`${NAME}.2`, 1],
    ]);
    const back = reader(Object.fromEntries(cookies.filter((c) => c.value).map((c) => [c.name, c.value])));
    expect(readSessionCookie(back, NAME).value).toBe(value);
  });

  it('clears every chunk without an expiry date that would contradict Max-Age=0', () => {
    const cleared = clearSessionCookie([NAME], { ...OPTIONS, expires: new Date(0) });
    expect(cleared).toEqual([{ name: NAME, value: '', options: { ...OPTIONS, maxAge: 0 } }]);
  });
});
