import { describe, expect, it } from 'vitest';
import { decideLinking } from './account-linking.js';

const verified = { email: 'ada@example.com', emailVerified: true };

describe('decideLinking', () => {
  it('signs a known identity in to its user, whatever the email says', () => {
    expect(
      decideLinking({
        identity: { id: 'i1', user_id: 'u1' },
        userWithEmail: undefined,
        claims: { email: undefined, emailVerified: false },
        linkVerifiedEmails: false,
      }),
    ).toEqual({
      action: 'sign_in',
      userId: 'u1',
      identityId: 'i1',
    });
  });

  it('creates a user when no account has the verified email', () => {
    expect(decideLinking({ identity: undefined, userWithEmail: undefined, claims: verified, linkVerifiedEmails: true })).toEqual({
      action: 'create',
    });
  });

  it('refuses an email the provider did not verify, whether or not an account has it (no takeover, no enumeration)', () => {
    for (const userWithEmail of [undefined, { id: 'u1', email_verified: 1 }, { id: 'u1', email_verified: 0 }]) {
      expect(
        decideLinking({ identity: undefined, userWithEmail, claims: { ...verified, emailVerified: false }, linkVerifiedEmails: true }),
      ).toMatchObject({ action: 'refuse', code: 'email_not_verified' });
    }
  });

  it('links a verified email only to an account whose own email is verified, and never touches its password', () => {
    expect(
      decideLinking({ identity: undefined, userWithEmail: { id: 'u1', email_verified: 1 }, claims: verified, linkVerifiedEmails: true }),
    ).toEqual({ action: 'link', userId: 'u1' });
  });

  it('refuses a verified email that matches an account whose email was never verified (sign in first, then link)', () => {
    expect(
      decideLinking({ identity: undefined, userWithEmail: { id: 'u1', email_verified: 0 }, claims: verified, linkVerifiedEmails: true }),
    ).toMatchObject({ action: 'refuse', code: 'account_exists' });
  });

  it('refuses a verified email that matches an account when linking is off', () => {
    expect(
      decideLinking({ identity: undefined, userWithEmail: { id: 'u1', email_verified: 1 }, claims: verified, linkVerifiedEmails: false }),
    ).toMatchObject({ action: 'refuse', code: 'account_exists' });
  });

  it('refuses a new identity without an email', () => {
    expect(
      decideLinking({
        identity: undefined,
        userWithEmail: undefined,
        claims: { email: undefined, emailVerified: false },
        linkVerifiedEmails: true,
      }),
    ).toMatchObject({ action: 'refuse', code: 'invalid_id_token' });
  });
});
