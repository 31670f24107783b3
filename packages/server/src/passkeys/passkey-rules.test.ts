// The plain rules of passkeys, without HTTP or a database.
import { describe, expect, it } from 'vitest';
import { challengeOf } from './client-data.js';
import { passkeyAmr } from './passkey-amr.js';
import { isCounterAccepted } from './signature-counter.js';

describe('isCounterAccepted', () => {
  it('accepts an increase, or no counter at all (both zero)', () => {
    expect(isCounterAccepted(0, 0)).toBe(true);
    expect(isCounterAccepted(0, 1)).toBe(true);
    expect(isCounterAccepted(41, 42)).toBe(true);
  });

  it('refuses a counter that did not increase: a clone', () => {
    expect(isCounterAccepted(5, 5)).toBe(false);
    expect(isCounterAccepted(5, 4)).toBe(false);
    expect(isCounterAccepted(5, 0)).toBe(false);
  });
});

describe('passkeyAmr', () => {
  it('says swk for a synced key, hwk for a device-bound one, and user plus mfa with user verification', () => {
    expect(passkeyAmr({ multiDevice: true, userVerified: true })).toEqual(['swk', 'user', 'mfa']);
    expect(passkeyAmr({ multiDevice: false, userVerified: true })).toEqual(['hwk', 'user', 'mfa']);
    expect(passkeyAmr({ multiDevice: false, userVerified: false })).toEqual(['hwk']);
  });
});

describe('challengeOf', () => {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  it('reads the challenge of client data and nothing else', () => {
    expect(challengeOf(encode({ type: 'webauthn.get', challenge: 'abc' }))).toBe('abc');
    expect(challengeOf(encode({ challenge: 7 }))).toBeUndefined();
    expect(challengeOf(encode(null))).toBeUndefined();
    expect(challengeOf('not base64url json')).toBeUndefined();
  });
});
