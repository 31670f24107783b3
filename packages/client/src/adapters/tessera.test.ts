import { describe, expect, it } from 'vitest';
import { tessera } from './tessera.js';

const user = { id: 'u1', email: 'a@b.c', name: null, email_verified: false, created_at: '2025-01-01T00:00:00Z' };

describe('tessera adapter', () => {
  it('refreshes and logs out through the cookie with a JSON body, as the CSRF rule requires', () => {
    const adapter = tessera();
    expect(adapter.refresh(undefined)).toEqual({ path: '/auth/refresh', body: {} });
    expect(adapter.logout(undefined)).toEqual({ path: '/auth/logout', body: {} });
    expect(adapter.login({ email: 'a@b.c', password: 'pw' })).toEqual({
      path: '/auth/login',
      body: { email: 'a@b.c', password: 'pw' },
      headers: undefined,
    });
  });

  it('names the session hint cookie for the cookie transport only (body transport has no cookie to hint at)', () => {
    expect(tessera().sessionHint).toBe('tessera_session');
    expect(tessera({ sessionHint: 'shop_session' }).sessionHint).toBe('shop_session');
    expect(tessera({ sessionHint: false }).sessionHint).toBeUndefined();
    expect(tessera({ transport: 'body' }).sessionHint).toBeUndefined();
  });

  it('asks for the refresh token in the body with the body transport and sends it back', () => {
    const adapter = tessera({ transport: 'body', basePath: '/v1/auth' });
    expect(adapter.login({ email: 'a@b.c', password: 'pw' }).headers).toEqual({ 'x-token-transport': 'body' });
    expect(adapter.register?.({ email: 'a@b.c', password: 'pw', name: 'A' }).path).toBe('/v1/auth/register');
    expect(adapter.refresh('rt')).toEqual({ path: '/v1/auth/refresh', body: { refresh_token: 'rt' } });
    expect(adapter.refresh(undefined)).toBeNull();
    expect(adapter.logout(undefined)).toBeNull();
  });

  it('reads expiry from expires_in on the local clock, falling back to expires_at', () => {
    const adapter = tessera();
    const body = { access_token: 'at', token_type: 'Bearer', expires_in: 900, expires_at: 5_000_000, user };
    expect(adapter.parseTokens(body, 1_000, null)).toEqual({
      accessToken: 'at',
      expiresAt: 901_000,
      issuedAt: 1_000,
      user,
      refreshToken: undefined,
    });
    const { expires_in: _, ...withoutIn } = body;
    expect(adapter.parseTokens(withoutIn, 1_000, null).expiresAt).toBe(5_000_000);
  });

  it('keeps the body-transport refresh token and refuses a response without a token', () => {
    const adapter = tessera({ transport: 'body' });
    const body = { access_token: 'at', expires_in: 900, expires_at: 1, user, refresh_token: 'rt2', refresh_expires_at: 9 };
    expect(adapter.parseTokens(body, 0, null).refreshToken).toBe('rt2');
    expect(() => adapter.parseTokens({ detail: 'nope' }, 0, null)).toThrow(expect.objectContaining({ code: 'invalid_response' }));
  });

  it('takes error codes from problem+json', () => {
    const adapter = tessera();
    expect(adapter.errorCode({ code: 'refresh_token_reused', status: 401 }, 401)).toBe('refresh_token_reused');
    expect(adapter.errorCode('<html>', 502)).toBeUndefined();
  });

  it('reads the MFA step of a sign-in as a challenge, a token response as none, and builds its verification', () => {
    const adapter = tessera({ transport: 'body', basePath: '/v1/auth' });
    const options = { challenge: 'AQID', allowCredentials: [] };
    expect(adapter.challenge?.({ mfa_required: true, mfa_token: 'mt', methods: ['webauthn'], webauthn_options: options })).toEqual({
      mfaRequired: true,
      mfaToken: 'mt',
      methods: ['webauthn'],
      webauthnOptions: options,
    });
    expect(adapter.challenge?.({ access_token: 'at', expires_at: 1, user })).toBeUndefined();
    expect(adapter.challenge?.({ mfa_required: true })).toBeUndefined();
    expect(adapter.challenge?.(null)).toBeUndefined();
    expect(adapter.verifyMfa?.({ mfaToken: 'mt', method: 'totp', code: '123456' })).toEqual({
      path: '/v1/auth/mfa/verify',
      body: { mfa_token: 'mt', method: 'totp', code: '123456' },
      headers: { 'x-token-transport': 'body' },
    });
  });
});
