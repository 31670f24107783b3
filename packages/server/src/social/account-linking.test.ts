import { describe, expect, it } from 'vitest';
import { decideExplicitLink, decideLinking } from './account-linking.js';

const verified = { email: 'ada@example.com', emailVerified: true };

describe('decideLinking', () => {
  it('signs a known identity in to its user, whatever the email says', () => {
    expect(
      decideLinking({
        identity: { id: 'i1', user_id: 'u1' },
        userWithEmail: undefined,
        userWithEmailHasProviderIdentity: false,
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
    expect(
      decideLinking({
        identity: undefined,
        userWithEmail: undefined,
        userWithEmailHasProviderIdentity: false,
        claims: verified,
        linkVerifiedEmails: true,
      }),
    ).toEqual({
      action: 'create',
    });
  });

  it('refuses an email the provider did not verify, whether or not an account has it (no takeover, no enumeration)', () => {
    for (const userWithEmail of [undefined, { id: 'u1', email_verified: 1 }, { id: 'u1', email_verified: 0 }]) {
      expect(
        decideLinking({
          identity: undefined,
          userWithEmail,
          userWithEmailHasProviderIdentity: false,
          claims: { ...verified, emailVerified: false },
          linkVerifiedEmails: true,
        }),
      ).toMatchObject({ action: 'refuse', code: 'email_not_verified' });
    }
  });

  it('links a verified email only to an account whose own email is verified, and never touches its password', () => {
    expect(
      decideLinking({
        identity: undefined,
        userWithEmail: { id: 'u1', email_verified: 1 },
        userWithEmailHasProviderIdentity: false,
        claims: verified,
        linkVerifiedEmails: true,
      }),
    ).toEqual({ action: 'link', userId: 'u1' });
  });

  it('refuses a verified email that matches an account whose email was never verified (sign in first, then link)', () => {
    expect(
      decideLinking({
        identity: undefined,
        userWithEmail: { id: 'u1', email_verified: 0 },
        userWithEmailHasProviderIdentity: false,
        claims: verified,
        linkVerifiedEmails: true,
      }),
    ).toMatchObject({ action: 'refuse', code: 'account_exists' });
  });

  it('refuses a verified email that matches an account when linking is off', () => {
    expect(
      decideLinking({
        identity: undefined,
        userWithEmail: { id: 'u1', email_verified: 1 },
        userWithEmailHasProviderIdentity: false,
        claims: verified,
        linkVerifiedEmails: false,
      }),
    ).toMatchObject({ action: 'refuse', code: 'account_exists' });
  });

  it('refuses a new identity without an email', () => {
    expect(
      decideLinking({
        identity: undefined,
        userWithEmail: undefined,
        userWithEmailHasProviderIdentity: false,
        claims: { email: undefined, emailVerified: false },
        linkVerifiedEmails: true,
      }),
    ).toMatchObject({ action: 'refuse', code: 'invalid_id_token' });
  });

  // Issue 12: the provider recycled the address (a leaver's mailbox handed to a successor, a deleted account's address
  // freed): the new sub is someone else, and only the owner, signed in, may make it a second key to the account.
  it('refuses a verified email whose account has another identity from this provider, even when both emails are verified', () => {
    expect(
      decideLinking({
        identity: undefined,
        userWithEmail: { id: 'u1', email_verified: 1 },
        userWithEmailHasProviderIdentity: true,
        claims: verified,
        linkVerifiedEmails: true,
      }),
    ).toMatchObject({ action: 'refuse', code: 'account_exists' });
  });

  it('still signs a known identity in when its account has others from the same provider (linked before the rule)', () => {
    expect(
      decideLinking({
        identity: { id: 'i2', user_id: 'u1' },
        userWithEmail: undefined,
        userWithEmailHasProviderIdentity: true,
        claims: verified,
        linkVerifiedEmails: true,
      }),
    ).toEqual({ action: 'sign_in', userId: 'u1', identityId: 'i2' });
  });
});

describe('decideExplicitLink', () => {
  it('links an identity nobody has to a user without one from that provider', () => {
    expect(decideExplicitLink({ userId: 'u1', identity: undefined, userHasProviderIdentity: false })).toEqual({ action: 'link' });
  });

  it("answers already_linked for the user's own identity, so a retried request is harmless", () => {
    expect(decideExplicitLink({ userId: 'u1', identity: { user_id: 'u1' }, userHasProviderIdentity: true })).toEqual({
      action: 'already_linked',
    });
  });

  it('refuses an identity linked to another account: it keeps opening that account only', () => {
    const decision = decideExplicitLink({ userId: 'u1', identity: { user_id: 'u2' }, userHasProviderIdentity: false });
    expect(decision).toMatchObject({ action: 'refuse', code: 'account_exists' });
    expect(decision.action === 'refuse' && decision.detail).toContain('another account');
  });

  it('refuses a second identity from a provider the user has one from already', () => {
    const decision = decideExplicitLink({ userId: 'u1', identity: undefined, userHasProviderIdentity: true });
    expect(decision).toMatchObject({ action: 'refuse', code: 'account_exists' });
    expect(decision.action === 'refuse' && decision.detail).toContain('unlink it first');
  });
});
