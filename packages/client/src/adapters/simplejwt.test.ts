import { describe, expect, it } from 'vitest';
import { simplejwt, type SimpleJwtUser } from './simplejwt.js';

const jwt = (claims: Record<string, unknown>) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;
const access = jwt({ token_type: 'access', exp: 2_000, iat: 1_700, jti: 'j', user_id: 42, username: 'ada' });

describe('simplejwt adapter', () => {
  it('speaks TokenObtainPairView and TokenRefreshView', () => {
    const adapter = simplejwt();
    expect(adapter.login({ username: 'ada', password: 'pw' })).toEqual({ path: '/api/token/', body: { username: 'ada', password: 'pw' } });
    expect(adapter.refresh('r1')).toEqual({ path: '/api/token/refresh/', body: { refresh: 'r1' } });
    expect(adapter.register).toBeUndefined();
    expect(adapter.logoutAll).toBeUndefined();
  });

  it('cannot refresh or restore without a refresh token in memory', () => {
    expect(simplejwt().refresh(undefined)).toBeNull();
  });

  it('only calls the blacklist endpoint on logout when one is configured', () => {
    expect(simplejwt().logout('r1')).toBeNull();
    expect(simplejwt({ blacklistPath: '/api/token/blacklist/' }).logout('r1')).toEqual({
      path: '/api/token/blacklist/',
      body: { refresh: 'r1' },
    });
  });

  it('reads the lifetime from exp - iat and the user from the claims', () => {
    const tokens = simplejwt().parseTokens({ access, refresh: 'r1' }, 10_000, null);
    expect(tokens).toEqual({
      accessToken: access,
      expiresAt: 10_000 + 300_000,
      issuedAt: 10_000,
      user: { id: '42', user_id: 42, username: 'ada' },
      refreshToken: 'r1',
    });
  });

  it("times a refreshed token by the offset measured at login: its iat is the refresh token's, not the refresh's", () => {
    const adapter = simplejwt();
    // Login at server time 1_700 (device 10_000 ms), 300 s tokens; refresh at server time 2_000 (device 310_000 ms).
    const first = adapter.parseTokens({ access, refresh: 'r1' }, 10_000, null);
    const refreshed = jwt({ token_type: 'access', exp: 2_300, iat: 1_700, jti: 'k', user_id: 42 });
    expect(adapter.parseTokens({ access: refreshed, refresh: 'r2' }, 310_000, first).expiresAt).toBe(610_000);
  });

  it('keeps the user read from userPath across a refresh though its id is a number', () => {
    const adapter = simplejwt({ userPath: '/api/me/' });
    const first = adapter.parseTokens({ access }, 0, null);
    const me = { id: 42, username: 'ada', email: 'ada@example.com' } as unknown as SimpleJwtUser;
    expect(adapter.parseTokens({ access }, 0, { ...first, user: me }).user).toBe(me);
  });

  it('uses exp as is when there is no iat', () => {
    const tokens = simplejwt().parseTokens({ access: jwt({ exp: 2_000, user_id: 1 }) }, 0, null);
    expect(tokens.expiresAt).toBe(2_000_000);
  });

  it('keeps the old refresh token when rotation is off', () => {
    const adapter = simplejwt();
    const first = adapter.parseTokens({ access, refresh: 'r1' }, 0, null);
    expect(adapter.parseTokens({ access }, 0, first).refreshToken).toBe('r1');
    expect(adapter.parseTokens({ access, refresh: 'r2' }, 0, first).refreshToken).toBe('r2');
  });

  it('refuses an access token it cannot decode', () => {
    expect(() => simplejwt().parseTokens({ access: 'opaque' }, 0, null)).toThrow(expect.objectContaining({ code: 'invalid_response' }));
  });

  it('maps DRF errors onto the client codes', () => {
    const adapter = simplejwt();
    expect(adapter.errorCode({ detail: 'Token is blacklisted', code: 'token_not_valid' }, 401)).toBe('invalid_token');
    expect(adapter.errorCode({ detail: 'No active account found with the given credentials' }, 401)).toBe('invalid_credentials');
    expect(adapter.errorCode({ password: ['This field is required.'] }, 400)).toBe('validation_failed');
    expect(adapter.errorCode(null, 503)).toBeUndefined();
  });
});
