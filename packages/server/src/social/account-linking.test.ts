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

  it('creates a user when no account has the email', () => {
    expect(decideLinking({ identity: undefined, userWithEmail: undefined, claims: verified, linkVerifiedEmails: true })).toEqual({
      action: 'create',
    });
    expect(
      decideLinking({
        identity: undefined,
        userWithEmail: undefined,
        claims: { ...verified, emailVerified: false },
        linkVerifiedEmails: true,
      }),
    ).toEqual({ action: 'create' });
  });

  it('links a verified email, distrusting the password of an account whose email was never verified', () => {
    expect(
      decideLinking({ identity: undefined, userWithEmail: { id: 'u1', email_verified: 1 }, claims: verified, linkVerifiedEmails: true }),
    ).toEqual({ action: 'link', userId: 'u1', distrustPassword: false });
    expect(
      decideLinking({ identity: undefined, userWithEmail: { id: 'u1', email_verified: 0 }, claims: verified, linkVerifiedEmails: true }),
    ).toEqual({ action: 'link', userId: 'u1', distrustPassword: true });
  });

  it('refuses an unverified email that matches an account, even with linking on', () => {
    expect(
      decideLinking({
        identity: undefined,
        userWithEmail: { id: 'u1', email_verified: 1 },
        claims: { ...verified, emailVerified: false },
        linkVerifiedEmails: true,
      }),
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
