import { describe, expect, it } from 'vitest';
import { parseExpiry } from './parse-expiry.js';
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

describe('simplejwt adapter: field names and expiry formats', () => {
  it('parses an expiry as epoch ms, epoch seconds or an ISO date, and nothing else', () => {
    expect(parseExpiry(1_796_195_700_123, 'ms')).toBe(1_796_195_700_123);
    expect(parseExpiry(1_796_195_700, 's')).toBe(1_796_195_700_000);
    expect(parseExpiry('2026-12-02T07:15:00.123Z', 'iso')).toBe(1_796_195_700_123);
    // Python's isoformat(): microseconds and an explicit offset.
    expect(parseExpiry('2026-12-02T08:15:00.123456+01:00', 'iso')).toBe(1_796_195_700_123);
    for (const [value, format] of [
      ['1796195700', 's'],
      [1_796_195_700, 'iso'],
      ['tomorrow', 'iso'],
      [null, 'ms'],
      [undefined, 's'],
    ] as const) {
      expect(parseExpiry(value, format)).toBeNaN();
    }
  });

  it('reads configured field names and times the token by the expiry field', () => {
    const adapter = simplejwt({
      fields: { access: 'access_token', refresh: 'refresh_token', expiry: 'access_token_expiry' },
      expiryFormat: 's',
    });
    // iat 1_700 s is "now" on the server: the device (10 s) runs 1_690 s behind, and the expiry field says 1_900 s.
    const tokens = adapter.parseTokens({ access_token: access, refresh_token: 'r1', access_token_expiry: 1_900 }, 10_000, null);
    expect(tokens).toMatchObject({ accessToken: access, expiresAt: 10_000 + 200_000, refreshToken: 'r1', user: { id: '42' } });
    // The refresh token goes back under the same name.
    expect(simplejwt({ fields: { refresh: 'refresh_token' }, blacklistPath: '/out/' }).refresh('r1')).toEqual({
      path: '/api/token/refresh/',
      body: { refresh_token: 'r1' },
    });
    expect(simplejwt({ fields: { refresh: 'refresh_token' }, blacklistPath: '/out/' }).logout('r1')).toEqual({
      path: '/out/',
      body: { refresh_token: 'r1' },
    });
  });

  it('refuses an answer under the default names when other names are configured, and one without its expiry field', () => {
    const adapter = simplejwt({ fields: { access: 'access_token', expiry: 'access_token_expiry' } });
    const invalid = expect.objectContaining({ code: 'invalid_response' });
    expect(() => adapter.parseTokens({ access, refresh: 'r1' }, 0, null)).toThrow(invalid);
    expect(() => adapter.parseTokens({ access_token: access }, 0, null)).toThrow(invalid);
    expect(() => adapter.parseTokens({ access_token: access, access_token_expiry: 'soon' }, 0, null)).toThrow(invalid);
  });

  it('accepts an opaque access token when the answer carries its expiry, keeping the user it had', () => {
    const adapter = simplejwt({ fields: { expiry: 'expires' }, expiryFormat: 'ms' });
    const first = adapter.parseTokens({ access: 'opaque-1', expires: 60_000 }, 0, null);
    expect(first).toMatchObject({ accessToken: 'opaque-1', expiresAt: 60_000, user: null });
    const me = { id: '7' } as SimpleJwtUser;
    expect(adapter.parseTokens({ access: 'opaque-2', expires: 120_000 }, 50_000, { ...first, user: me })).toMatchObject({
      expiresAt: 120_000,
      user: me,
    });
  });

  it('keeps the clock offset measured at login across refreshes whose iat is stale, with an ISO expiry', () => {
    const adapter = simplejwt({ fields: { access: 'access_token', expiry: 'access_token_expiry' } });
    const iso = (s: number) => new Date(s * 1000).toISOString();
    // Login at server 1_700 s seen at device 10 s: offset -1_690 s.
    const first = adapter.parseTokens({ access_token: access, access_token_expiry: iso(2_000) }, 10_000, null);
    expect(first.expiresAt).toBe(310_000);
    const refreshed = jwt({ exp: 2_300, iat: 1_700, user_id: 42 });
    expect(adapter.parseTokens({ access_token: refreshed, access_token_expiry: iso(2_300) }, 310_000, first).expiresAt).toBe(610_000);
  });
});

describe('simplejwt adapter: cookie transport (seed 001)', () => {
  const seed = () =>
    simplejwt({
      transport: 'cookie',
      tokenPath: '/api/login/',
      refreshPath: '/api/refresh/',
      blacklistPath: '/api/logout/',
      userPath: '/api/me/',
      fields: { access: 'access_token', expiry: 'access_token_expiry' },
    });

  it('refreshes and logs out with the cookie: an empty JSON body, no token', () => {
    const adapter = seed();
    expect(adapter.login({ username: 'ada', password: 'pw' })).toEqual({ path: '/api/login/', body: { username: 'ada', password: 'pw' } });
    // Without a token in memory there is still something to refresh with: a new tab restores through the cookie.
    expect(adapter.refresh(undefined)).toEqual({ path: '/api/refresh/', body: {} });
    expect(adapter.logout(undefined)).toEqual({ path: '/api/logout/', body: {} });
    expect(adapter.me).toEqual({ path: '/api/me/' });
    expect(simplejwt({ transport: 'cookie' }).logout(undefined)).toBeNull();
  });

  it('never keeps a refresh token, even one the body carries', () => {
    const tokens = seed().parseTokens({ access_token: access, access_token_expiry: '2026-01-01T00:00:00Z', refresh: 'r1' }, 0, null);
    expect(tokens.refreshToken).toBeUndefined();
  });

  it("trusts the device clock on a first answer, which may be a restore carrying the refresh token's old iat", () => {
    // Server and device agree (1_700 s); the token's iat is a day old because the refresh token was issued then.
    const restored = jwt({ exp: 2_000, iat: 1_700 - 86_400, user_id: 42 });
    const tokens = seed().parseTokens({ access_token: restored, access_token_expiry: '1970-01-01T00:33:20Z' }, 1_700_000, null);
    expect(tokens.expiresAt).toBe(2_000_000);
  });

  it('falls back on now - iat when the token would be expired on arrival (a device clock ahead of the server)', () => {
    // The device runs an hour ahead: by its clock the fresh token expired before it arrived.
    const tokens = seed().parseTokens({ access_token: access, access_token_expiry: '1970-01-01T00:33:20Z' }, 1_700_000 + 3_600_000, null);
    expect(tokens.expiresAt).toBe(1_700_000 + 3_600_000 + 300_000);
  });
});
