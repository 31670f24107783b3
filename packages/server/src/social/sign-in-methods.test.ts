import { describe, expect, it } from 'vitest';
import { isLastSignInMethod } from './sign-in-methods.js';

const none = { hasPassword: false, otherIdentities: 0, emailVerified: false, emailSignIn: false };

describe('isLastSignInMethod', () => {
  it('is the last method when nothing else opens the account', () => {
    expect(isLastSignInMethod(none)).toBe(true);
  });

  it('leaves a password, or an identity at another provider', () => {
    expect(isLastSignInMethod({ ...none, hasPassword: true })).toBe(false);
    expect(isLastSignInMethod({ ...none, otherIdentities: 1 })).toBe(false);
  });

  it('leaves a passkey', () => {
    expect(isLastSignInMethod({ ...none, passkeys: 1 })).toBe(false);
    expect(isLastSignInMethod({ ...none, passkeys: 0 })).toBe(true);
  });

  it('counts a verified email while passwordless email sign-in is on (ACCOUNT_EMAILS)', () => {
    expect(isLastSignInMethod({ ...none, emailVerified: true, emailSignIn: true })).toBe(false);
  });

  it('does not count an unverified email, nor a verified one with ACCOUNT_EMAILS off', () => {
    expect(isLastSignInMethod({ ...none, emailVerified: false, emailSignIn: true })).toBe(true);
    expect(isLastSignInMethod({ ...none, emailVerified: true, emailSignIn: false })).toBe(true);
  });
});
