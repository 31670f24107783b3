import { describe, expect, it } from 'vitest';
import type { TokenSet } from './adapters/auth-adapter.js';
import { AuthError } from './errors.js';
import { announce, parseTabMessage, reactToTabMessage } from './tab-message.js';

const tokens = (accessToken: string, expiresAt: number): TokenSet<null> => ({ accessToken, expiresAt, user: null });
const mine = tokens('at-1', 900_000);
const shared = (accessToken: string, expiresAt: number) => ({ accessToken, expiresAt, issuedAt: undefined, user: null });

describe('announce', () => {
  it('tells the other tabs about a new session, without its refresh token', () => {
    const message = announce({ ...mine, issuedAt: 0, refreshToken: 'rt-secret' }, null);
    expect(message).toEqual({ type: 'session', session: { accessToken: 'at-1', expiresAt: 900_000, issuedAt: 0, user: null } });
    expect(JSON.stringify(message)).not.toContain('rt-secret');
  });

  it('tells the other tabs about a sign-out and its reason', () => {
    expect(announce(null, new AuthError('session_revoked'))).toEqual({ type: 'signout', code: 'session_revoked' });
    expect(announce(null, null)).toEqual({ type: 'signout', code: null });
  });
});

describe('parseTabMessage', () => {
  it('reads what announce writes', () => {
    const session = { accessToken: 'at-1', expiresAt: 900_000, issuedAt: 1, user: { id: 'u1', roles: ['a'] } };
    expect(parseTabMessage({ type: 'session', session })).toEqual({ type: 'session', session });
    expect(parseTabMessage({ type: 'signout', code: 'session_revoked' })).toEqual({ type: 'signout', code: 'session_revoked' });
  });

  it('refuses a session message that carries a refresh token, or any field it does not know', () => {
    expect(parseTabMessage({ type: 'session', session: { ...shared('at-1', 1), refreshToken: 'rt-1' } })).toBeNull();
    expect(parseTabMessage({ type: 'session', session: shared('at-1', 1), reply: true })).toBeNull();
    expect(parseTabMessage({ type: 'signout', code: null, session: shared('at-1', 1) })).toBeNull();
  });

  it.each([
    ['not an object', 'session'],
    ['null', null],
    ['an array', [{ type: 'signout', code: null }]],
    ['an unknown type', { type: 'ask' }],
    ['a request with a nonce', { type: 'ask', nonce: 'n-1' }],
    ['a session that is not an object', { type: 'session', session: 'at-1' }],
    ['a token that is not a string', { type: 'session', session: { ...shared('at-1', 1), accessToken: 42 } }],
    ['an expiry that is not a number', { type: 'session', session: { ...shared('at-1', 1), expiresAt: '1' } }],
    ['an infinite expiry', { type: 'session', session: { ...shared('at-1', 1), expiresAt: Infinity } }],
    ['a user that is an array', { type: 'session', session: { ...shared('at-1', 1), user: ['u1'] } }],
    ['a user that is a Date', { type: 'session', session: { ...shared('at-1', 1), user: new Date(0) } }],
    ['a huge token', { type: 'session', session: shared('x'.repeat(1 << 20), 1) }],
    ['a huge user', { type: 'session', session: { ...shared('at-1', 1), user: { id: 'u1', bio: 'x'.repeat(1 << 20) } } }],
    ['a BigInt', { type: 'session', session: { ...shared('at-1', 1), user: { id: 1n } } }],
    ['a code with markup', { type: 'signout', code: '<img src=x>' }],
    ['a code that is an array', { type: 'signout', code: ['session_revoked'] }],
  ])('refuses %s', (_, data) => {
    expect(parseTabMessage(data)).toBeNull();
  });

  it('refuses prototype-pollution keys at any depth, as structured clone delivers them (own properties)', () => {
    const polluted = JSON.parse('{"id":"u1","__proto__":{"admin":true}}') as unknown;
    const deep = JSON.parse('{"id":"u1","profile":{"constructor":{"prototype":{"admin":true}}}}') as unknown;
    expect(parseTabMessage({ type: 'session', session: { ...shared('at-1', 1), user: polluted } })).toBeNull();
    expect(parseTabMessage({ type: 'session', session: { ...shared('at-1', 1), user: deep } })).toBeNull();
    expect(parseTabMessage(JSON.parse('{"type":"signout","code":null,"__proto__":{"admin":true}}'))).toBeNull();
    expect(({} as { admin?: unknown }).admin).toBeUndefined();
  });

  it('refuses a cyclic object without throwing', () => {
    const user: Record<string, unknown> = { id: 'u1' };
    user.self = user;
    expect(parseTabMessage({ type: 'session', session: { ...shared('at-1', 1), user } })).toBeNull();
  });
});

describe('reactToTabMessage', () => {
  it('never answers a request, whatever this tab holds', () => {
    expect(reactToTabMessage({ type: 'ask' }, { ...mine, refreshToken: 'rt-1' }, 'authenticated')).toBeNull();
  });

  it('only checks another tab session with the server, never adopts it from the message', () => {
    const theirs = shared('at-2', 1_800_000);
    expect(reactToTabMessage({ type: 'session', session: theirs }, null, 'loading')).toEqual({ type: 'verify', session: theirs });
    expect(reactToTabMessage({ type: 'session', session: shared('at-2', 900_000) }, mine, 'authenticated')).toMatchObject({
      type: 'verify',
    });
  });

  it('never steps back to an older session', () => {
    expect(reactToTabMessage({ type: 'session', session: shared('at-0', 899_999) }, mine, 'authenticated')).toBeNull();
  });

  it('signs out with the reason another tab gives', () => {
    const reaction = reactToTabMessage({ type: 'signout', code: 'refresh_token_reused' }, mine, 'authenticated');
    expect(reaction).toMatchObject({ type: 'signout', error: { code: 'refresh_token_reused' } });
  });

  it('signs out a still-loading tab without an error when no reason is given', () => {
    expect(reactToTabMessage({ type: 'signout', code: null }, null, 'loading')).toEqual({ type: 'signout', error: null });
  });

  it('ignores a sign-out when already signed out, and anything malformed', () => {
    expect(reactToTabMessage({ type: 'signout', code: 'session_revoked' }, null, 'unauthenticated')).toBeNull();
    expect(reactToTabMessage({ type: 'signout', code: 7 }, mine, 'authenticated')).toBeNull();
  });
});
