import { describe, expect, it } from 'vitest';
import { codeForReason, codeForSignInError } from '../next-auth/reason';
import { messageFor } from './auth-messages';

describe('messageFor', () => {
  it('says what went wrong for each code a visitor can meet', () => {
    expect(messageFor('invalid_credentials')).toBe('Wrong email or password.');
    expect(messageFor('email_taken')).toContain('already exists');
    expect(messageFor('session_revoked')).toContain('revoked');
  });

  it('tells a rate-limited visitor how long to wait', () => {
    expect(messageFor('rate_limited', 42)).toBe('Too many failed sign-ins. Try again in 42 s.');
    expect(messageFor('rate_limited', 900)).toBe('Too many failed sign-ins. Try again in 15 min.');
  });

  it('names an unknown code rather than hiding it', () => {
    expect(messageFor('teapot')).toBe('Something went wrong (teapot).');
  });
});

describe('next-auth error mapping', () => {
  it("maps next-auth's CredentialsSignin to invalid_credentials and passes Tessera's codes through", () => {
    expect(codeForSignInError('CredentialsSignin')).toBe('invalid_credentials');
    expect(codeForSignInError('rate_limited')).toBe('rate_limited');
    expect(codeForSignInError('account_exists')).toBe('account_exists');
    expect(codeForSignInError('OAuthCallback')).toBe('oauth_failed');
  });

  it("maps the integration's refresh failure reasons to the API's codes", () => {
    expect(codeForReason('revoked')).toBe('session_revoked');
    expect(codeForReason('reused')).toBe('refresh_token_reused');
    expect(codeForReason(null)).toBeNull();
  });
});
