import { describe, expect, it } from 'vitest';
import type { TokenSet } from './adapters/auth-adapter.js';
import { AuthError } from './errors.js';
import { announce, reactToTabMessage } from './tab-message.js';

const tokens = (accessToken: string, expiresAt: number): TokenSet<null> => ({ accessToken, expiresAt, user: null });
const mine = tokens('at-1', 900_000);

describe('announce', () => {
  it('tells the other tabs about a new session', () => {
    expect(announce(mine, null)).toEqual({ type: 'session', session: mine });
  });

  it('tells the other tabs about a sign-out and its reason', () => {
    expect(announce(null, new AuthError('session_revoked'))).toEqual({ type: 'signout', code: 'session_revoked' });
    expect(announce(null, null)).toEqual({ type: 'signout', code: null });
  });
});

describe('reactToTabMessage', () => {
  it('answers a new tab that asks with this tab session', () => {
    expect(reactToTabMessage({ type: 'ask' }, mine, 'authenticated')).toEqual({
      type: 'reply',
      message: { type: 'session', session: mine },
    });
  });

  it('ignores an ask when this tab has no session either', () => {
    expect(reactToTabMessage({ type: 'ask' }, null, 'loading')).toEqual({ type: 'ignore' });
  });

  it('adopts another tab session when this tab has none', () => {
    const theirs = tokens('at-2', 1_800_000);
    expect(reactToTabMessage({ type: 'session', session: theirs }, null, 'loading')).toEqual({
      type: 'adopt',
      session: theirs,
      error: null,
    });
  });

  it('adopts another tab session that expires no earlier than this one', () => {
    const theirs = tokens('at-2', 900_000);
    expect(reactToTabMessage({ type: 'session', session: theirs }, mine, 'authenticated')).toMatchObject({
      type: 'adopt',
      session: theirs,
    });
  });

  it('never steps back to an older session', () => {
    const older = tokens('at-0', 899_999);
    expect(reactToTabMessage({ type: 'session', session: older }, mine, 'authenticated')).toEqual({ type: 'ignore' });
  });

  it('signs out with the reason another tab gives', () => {
    const reaction = reactToTabMessage({ type: 'signout', code: 'refresh_token_reused' }, mine, 'authenticated');
    expect(reaction).toMatchObject({ type: 'adopt', session: null, error: { code: 'refresh_token_reused' } });
  });

  it('signs out a still-loading tab without an error when no reason is given', () => {
    expect(reactToTabMessage({ type: 'signout', code: null }, null, 'loading')).toEqual({ type: 'adopt', session: null, error: null });
  });

  it('ignores a sign-out when already signed out', () => {
    expect(reactToTabMessage({ type: 'signout', code: 'session_revoked' }, null, 'unauthenticated')).toEqual({ type: 'ignore' });
  });
});
