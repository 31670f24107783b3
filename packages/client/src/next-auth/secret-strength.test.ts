// Issue 10 item 12: the next-auth integration refuses a NEXTAUTH_SECRET that can be guessed offline.
import { randomBytes } from 'node:crypto';
import { decode, encode } from 'next-auth/jwt';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { secretWeakness } from './secret-strength.js';
import { createTesseraAuth } from './tessera-auth.js';

/** What an offline guesser tries first: tutorial values, short words, a word repeated to pass a length check. */
const DICTIONARY = [
  'changeme',
  'secret',
  'your-secret',
  'supersecret',
  'nextauth-secret',
  'password',
  'development',
  'changemechangemechangemechangeme',
  'a'.repeat(32),
  'your-secret-key-here-at-least-32-characters',
  'REPLACE_ME_WITH_A_REAL_SECRET_0123456789',
];

afterEach(() => void vi.unstubAllEnvs());

describe('secretWeakness', () => {
  it('refuses well-known values whatever their case and punctuation', () => {
    expect(secretWeakness('changeme')).toBe('a well-known value');
    expect(secretWeakness('Your_Secret')).toBe('a well-known value');
    expect(secretWeakness('your-secret-key-here-at-least-32-characters-long')).toBe('a well-known value');
  });

  it('refuses secrets shorter than 32 characters', () => {
    expect(secretWeakness(randomBytes(23).toString('base64').slice(0, 31))).toBe('shorter than 32 characters');
  });

  it('refuses long but predictable secrets: one character, or a word repeated', () => {
    expect(secretWeakness('x'.repeat(64))).toBe('too predictable');
    expect(secretWeakness('tessera!'.repeat(5))).toBe('too predictable');
    expect(secretWeakness(`${'ab'.repeat(20)}c`)).toBe('too predictable');
  });

  it('accepts what the docs tell you to run, and random hex of 128 bits', () => {
    for (let i = 0; i < 200; i++) {
      expect(secretWeakness(randomBytes(32).toString('base64'))).toBeNull();
      expect(secretWeakness(randomBytes(16).toString('hex'))).toBeNull();
    }
  });
});

describe('createTesseraAuth', () => {
  it('refuses to start with NEXTAUTH_SECRET=changeme, saying how to make one, without echoing it', () => {
    vi.stubEnv('NEXTAUTH_SECRET', 'changeme');
    expect(() => createTesseraAuth({ baseUrl: 'http://tessera.test' })).toThrow(/NEXTAUTH_SECRET.*openssl rand -base64 32/s);
    expect(() => createTesseraAuth({ baseUrl: 'http://tessera.test' })).not.toThrow(/changeme/);
  });

  it('refuses a weak `secret` option and a weak AUTH_SECRET too', () => {
    expect(() => createTesseraAuth({ baseUrl: 'http://tessera.test', secret: 'short-secret' })).toThrow(/`secret` is shorter than 32/);
    vi.stubEnv('NEXTAUTH_SECRET', undefined);
    vi.stubEnv('AUTH_SECRET', 'secret');
    expect(() => createTesseraAuth({ baseUrl: 'http://tessera.test' })).toThrow(/AUTH_SECRET is a well-known value/);
  });

  it('starts without a secret (next build runs without one): it is required at first use', () => {
    vi.stubEnv('NEXTAUTH_SECRET', undefined);
    vi.stubEnv('AUTH_SECRET', undefined);
    expect(() => createTesseraAuth({ baseUrl: 'http://tessera.test' })).not.toThrow();
  });

  it('leaves an offline guesser nothing: the dictionary that opens a cookie sealed with changeme names no secret it accepts', async () => {
    // The attack: a session cookie (refresh token inside) copied from a log, opened by trying the dictionary.
    const cookie = await encode({ token: { refreshToken: 'rt-victim' }, secret: 'changeme' });
    let opened: unknown = null;
    for (const guess of DICTIONARY) opened ??= await decode({ token: cookie, secret: guess }).catch(() => null);
    expect(opened).toMatchObject({ refreshToken: 'rt-victim' });
    // The control: the integration never runs with any of those secrets, so no cookie of ours is sealed with one.
    for (const guess of DICTIONARY) {
      expect(() => createTesseraAuth({ baseUrl: 'http://tessera.test', secret: guess }), guess).toThrow(/openssl rand -base64 32/);
    }
    expect(() => createTesseraAuth({ baseUrl: 'http://tessera.test', secret: randomBytes(32).toString('base64') })).not.toThrow();
  });
});
