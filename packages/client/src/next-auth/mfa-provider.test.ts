// The MFA step's form and the challenge's trip through next-auth's error string, without a server.
import { describe, expect, it } from 'vitest';
import type { MfaChallenge } from '../mfa-challenge.js';
import { mfaProof } from './mfa-provider.js';
import { mfaChallengeOf, mfaRequiredError } from './mfa-required-error.js';

describe('mfaChallengeOf', () => {
  it('reads back the challenge the credentials provider threw, options included, as next-auth hands it over', () => {
    const challenge: MfaChallenge = {
      mfaRequired: true,
      mfaToken: 'tok_-123',
      methods: ['totp', 'webauthn', 'recovery_code'],
      webauthnOptions: { challenge: 'AQID', rpId: 'app.test', allowCredentials: [{ id: 'BAU', type: 'public-key' }] },
    };
    const { message } = mfaRequiredError(challenge);
    expect(message).toMatch(/^mfa_required:[A-Za-z0-9_-]+$/);
    // next-auth v4: `error=${encodeURIComponent(message)}`, then `searchParams.get('error')` in signIn().
    const error = new URL(`http://app.test/api/auth/error?error=${encodeURIComponent(message)}`).searchParams.get('error');
    expect(mfaChallengeOf(error)).toEqual(challenge);
  });

  it('is null for every other error, and for a forged or broken one', () => {
    expect(mfaChallengeOf(undefined)).toBeNull();
    expect(mfaChallengeOf('CredentialsSignin')).toBeNull();
    expect(mfaChallengeOf('mfa_required')).toBeNull();
    expect(mfaChallengeOf('mfa_required:!!!')).toBeNull();
    expect(mfaChallengeOf(`mfa_required:${Buffer.from('{"mfaRequired":true}').toString('base64url')}`)).toBeNull();
  });
});

describe('mfaProof', () => {
  it('takes a code for totp and recovery_code, an assertion for webauthn, and nothing half-filled', () => {
    expect(mfaProof({ mfa_token: 't', method: 'totp', code: '123456', response: '' })).toEqual({
      mfaToken: 't',
      method: 'totp',
      code: '123456',
    });
    expect(mfaProof({ mfa_token: 't', method: 'recovery_code', code: 'abcd-efgh' })).toEqual({
      mfaToken: 't',
      method: 'recovery_code',
      code: 'abcd-efgh',
    });
    expect(mfaProof({ mfa_token: 't', method: 'webauthn', response: '{"id":"x"}' })).toEqual({
      mfaToken: 't',
      method: 'webauthn',
      response: { id: 'x' },
    });
    expect(mfaProof({ mfa_token: 't', method: 'webauthn', response: 'not json' })).toBeUndefined();
    expect(mfaProof({ mfa_token: 't', method: 'totp' })).toBeUndefined();
    expect(mfaProof({ method: 'totp', code: '123456' })).toBeUndefined();
    expect(mfaProof({ mfa_token: 't', method: 'sms', code: '123456' })).toBeUndefined();
    expect(mfaProof(undefined)).toBeUndefined();
  });
});
