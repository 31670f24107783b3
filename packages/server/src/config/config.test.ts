import { describe, expect, it } from 'vitest';
import { ConfigError, optionsFromEnv, resolveConfig } from './index.js';

const fromEnv = (env: Record<string, string>) => resolveConfig(optionsFromEnv(env), env);
const settingOf = (fn: () => unknown) => {
  try {
    fn();
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).setting;
  }
};

describe('configuration', () => {
  it('has secure defaults', () => {
    const config = fromEnv({});
    expect(config).toMatchObject({
      basePath: '/auth',
      algorithm: 'EdDSA',
      accessTokenTtl: 900,
      refreshTokenTtl: 30 * 86_400,
      refreshReuseGrace: 10,
      cookie: { name: 'refresh_token', secure: true, sameSite: 'lax', domain: undefined },
      corsAllowedOrigins: [],
      argon2: { memoryCost: 19_456, timeCost: 2, parallelism: 1 },
      loginMaxFailuresPerAccount: 100,
      loginMaxFailuresPerAccountAndIp: 10,
      loginMaxFailuresPerIp: 30,
      registerMaxPerIp: 30,
      registerWindow: 3600,
      hashQueueMax: 64,
      proxyTrust: { kind: 'none' },
      databaseUrl: 'sqlite:./data/tessera.db',
      shutdownTimeout: 10,
    });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.cookie)).toBe(true);
  });

  it('turns instant revocation on by default, and off only when told (INSTANT_REVOCATION)', () => {
    expect(resolveConfig({}).instantRevocation).toBe(true);
    expect(resolveConfig(optionsFromEnv({ INSTANT_REVOCATION: 'false' })).instantRevocation).toBe(false);
    expect(() => optionsFromEnv({ INSTANT_REVOCATION: 'maybe' })).toThrow(/INSTANT_REVOCATION/);
  });

  it('reads durations in every accepted form', () => {
    const config = fromEnv({
      ACCESS_TOKEN_TTL: '10s',
      REFRESH_TOKEN_TTL: '30d',
      REFRESH_REUSE_GRACE: '0',
      SESSION_MAX_LIFETIME: '90d',
      LOGIN_FAILURE_WINDOW: '900',
      SHUTDOWN_TIMEOUT: '30s',
    });
    expect(config).toMatchObject({
      accessTokenTtl: 10,
      refreshTokenTtl: 2_592_000,
      refreshReuseGrace: 0,
      loginFailureWindow: 900,
      shutdownTimeout: 30,
    });
  });

  it('turns Secure off only in development or when told', () => {
    expect(fromEnv({ NODE_ENV: 'development' }).cookie.secure).toBe(false);
    expect(fromEnv({ JWT_COOKIE_SECURE: 'false' }).cookie.secure).toBe(false);
  });

  it('diagnoses missing refresh cookies outside production, and in production only when told (COOKIE_DIAGNOSTICS)', () => {
    const production = { NODE_ENV: 'production', TESSERA_SECRET: 'x'.repeat(32), ACCOUNT_EMAILS: 'off' };
    expect(fromEnv({}).cookieDiagnostics).toBe(true);
    expect(fromEnv({ NODE_ENV: 'development' }).cookieDiagnostics).toBe(true);
    expect(fromEnv(production).cookieDiagnostics).toBe(false);
    expect(fromEnv({ ...production, COOKIE_DIAGNOSTICS: 'on' }).cookieDiagnostics).toBe(true);
    expect(fromEnv({ COOKIE_DIAGNOSTICS: 'off' }).cookieDiagnostics).toBe(false);
    expect(settingOf(() => fromEnv({ COOKIE_DIAGNOSTICS: 'sometimes' }))).toBe('COOKIE_DIAGNOSTICS');
  });

  it('reads TRUST_PROXY as a hop count, with true meaning one proxy', () => {
    expect(fromEnv({ TRUST_PROXY: 'true' }).proxyTrust).toEqual({ kind: 'hops', hops: 1 });
    expect(fromEnv({ TRUST_PROXY: '2' }).proxyTrust).toEqual({ kind: 'hops', hops: 2 });
    expect(fromEnv({ TRUST_PROXY: 'false' }).proxyTrust).toEqual({ kind: 'none' });
    expect(fromEnv({ TRUSTED_PROXIES: '10.0.0.0/8, 2001:db8::1' }).proxyTrust.kind).toBe('list');
    expect(settingOf(() => fromEnv({ TRUSTED_PROXIES: '10.0.0.0/33' }))).toBe('TRUSTED_PROXIES');
    expect(settingOf(() => fromEnv({ TRUSTED_PROXIES: 'proxy.internal' }))).toBe('TRUSTED_PROXIES');
    expect(settingOf(() => fromEnv({ TRUSTED_PROXIES: '10.0.0.1', TRUST_PROXY: 'true' }))).toBe('TRUSTED_PROXIES');
    expect(settingOf(() => fromEnv({ TRUST_PROXY: 'maybe' }))).toBe('TRUST_PROXY');
    expect(settingOf(() => fromEnv({ HASH_QUEUE_MAX: '0' }))).toBe('HASH_QUEUE_MAX');
  });

  it('names the setting that is wrong', () => {
    expect(settingOf(() => fromEnv({ ACCESS_TOKEN_TTL: '15 minutes' }))).toBe('ACCESS_TOKEN_TTL');
    expect(settingOf(() => fromEnv({ JWT_COOKIE_SAMESITE: 'none', JWT_COOKIE_SECURE: 'false' }))).toBe('JWT_COOKIE_SAMESITE');
    expect(settingOf(() => fromEnv({ JWT_COOKIE_SAMESITE: 'sometimes' }))).toBe('JWT_COOKIE_SAMESITE');
    expect(settingOf(() => fromEnv({ JWT_ALGORITHM: 'none' }))).toBe('JWT_ALGORITHM');
    expect(settingOf(() => fromEnv({ JWT_ALGORITHM: 'HS256' }))).toBe('JWT_SECRET');
    expect(settingOf(() => fromEnv({ JWT_ALGORITHM: 'HS256', JWT_SECRET: 'short' }))).toBe('JWT_SECRET');
    expect(settingOf(() => fromEnv({ CORS_ALLOWED_ORIGINS: '*' }))).toBe('CORS_ALLOWED_ORIGINS');
    expect(settingOf(() => fromEnv({ CORS_ALLOWED_ORIGINS: 'https://a.example/path' }))).toBe('CORS_ALLOWED_ORIGINS');
    expect(settingOf(() => fromEnv({ DATABASE_URL: 'mysql://x' }))).toBe('DATABASE_URL');
    expect(settingOf(() => fromEnv({ LOGIN_MAX_FAILURES_PER_ACCOUNT: 'ten' }))).toBe('LOGIN_MAX_FAILURES_PER_ACCOUNT');
    expect(settingOf(() => fromEnv({ JWT_COOKIE_SECURE: 'maybe' }))).toBe('JWT_COOKIE_SECURE');
    expect(settingOf(() => fromEnv({ USER_FIELDS: 'email:string' }))).toBe('USER_FIELDS');
    expect(settingOf(() => fromEnv({ USER_FIELDS: 'age:date' }))).toBe('USER_FIELDS');
    expect(settingOf(() => fromEnv({ REFRESH_TOKEN_TTL: '100d' }))).toBe('SESSION_MAX_LIFETIME');
    expect(settingOf(() => fromEnv({ AUTH_BASE_PATH: 'auth/' }))).toBe('AUTH_BASE_PATH');
    expect(settingOf(() => fromEnv({ SHUTDOWN_TIMEOUT: 'soon' }))).toBe('SHUTDOWN_TIMEOUT');
  });

  it('declares custom user fields from the environment', () => {
    expect(fromEnv({ USER_FIELDS: 'company:string, age:number,newsletter:boolean' }).userFields).toEqual({
      company: { type: 'string', maxLength: 200 },
      age: { type: 'number', maxLength: 200 },
      newsletter: { type: 'boolean', maxLength: 200 },
    });
  });
});

// Issue 10 item 11: settings that used to be accepted and broke the server, or its security, at run time.
describe('start-up validation of the issue 10 settings', () => {
  const messageOf = (fn: () => unknown) => {
    try {
      fn();
      return '';
    } catch (error) {
      return (error as Error).message;
    }
  };

  it('refuses a cookie domain that would inject attributes into Set-Cookie (`.x; SameSite=None`)', () => {
    for (const domain of ['.x; SameSite=None', 'example.com; Secure', 'a b.example', 'example.com,evil.com', '.', '-bad.example']) {
      expect(settingOf(() => fromEnv({ JWT_COOKIE_DOMAIN: domain }))).toBe('JWT_COOKIE_DOMAIN');
    }
    expect(fromEnv({ JWT_COOKIE_DOMAIN: '.example.com' }).cookie.domain).toBe('.example.com');
    expect(fromEnv({ JWT_COOKIE_DOMAIN: 'auth.example.com' }).cookie.domain).toBe('auth.example.com');
  });

  it('refuses prefixed cookie names whose promises the settings break (browsers would drop the cookie)', () => {
    expect(settingOf(() => fromEnv({ JWT_COOKIE_NAME: '__Host-refresh', JWT_COOKIE_DOMAIN: 'example.com' }))).toBe('JWT_COOKIE_NAME');
    expect(settingOf(() => fromEnv({ JWT_COOKIE_NAME: '__Host-refresh', JWT_COOKIE_SECURE: 'false' }))).toBe('JWT_COOKIE_NAME');
    expect(settingOf(() => fromEnv({ JWT_COOKIE_NAME: '__host-refresh', NODE_ENV: 'development' }))).toBe('JWT_COOKIE_NAME');
    expect(settingOf(() => fromEnv({ JWT_COOKIE_NAME: '__Secure-refresh', JWT_COOKIE_SECURE: 'false' }))).toBe('JWT_COOKIE_NAME');
    expect(fromEnv({ JWT_COOKIE_NAME: '__Secure-refresh', JWT_COOKIE_DOMAIN: 'example.com' }).cookie).toMatchObject({ path: '/auth' });
    // __Host- is scoped to the whole site: browsers accept it only with Path=/.
    expect(fromEnv({ JWT_COOKIE_NAME: '__Host-refresh' }).cookie).toMatchObject({ name: '__Host-refresh', path: '/', secure: true });
  });

  it('names the session hint cookie from JWT_COOKIE_HINT_NAME and refuses one that cannot work', () => {
    expect(fromEnv({}).cookie.hintName).toBe('tessera_session');
    expect(fromEnv({ JWT_COOKIE_HINT_NAME: 'shop_session' }).cookie.hintName).toBe('shop_session');
    for (const name of ['a;b', 'refresh_token'])
      expect(settingOf(() => fromEnv({ JWT_COOKIE_HINT_NAME: name }))).toBe('JWT_COOKIE_HINT_NAME');
    expect(settingOf(() => fromEnv({ JWT_COOKIE_HINT_NAME: '__Host-s', JWT_COOKIE_DOMAIN: 'example.com' }))).toBe('JWT_COOKIE_HINT_NAME');
  });

  it('refuses cookie names with characters outside an RFC 9110 token', () => {
    for (const name of ['refresh token', 'refresh;x', 'a=b', 'réfresh', '(x)']) {
      expect(settingOf(() => fromEnv({ JWT_COOKIE_NAME: name }))).toBe('JWT_COOKIE_NAME');
    }
  });

  it('refuses custom user fields named like built-in fields or inherited object properties', () => {
    for (const name of [
      'constructor',
      'toString',
      '__proto__',
      'hasOwnProperty',
      'valueOf',
      'id',
      'email',
      'password',
      'password_hash',
      'providers',
      'Company',
      '1st',
      'a-b',
    ]) {
      expect({ name, setting: settingOf(() => fromEnv({ USER_FIELDS: `${name}:string` })) }).toEqual({ name, setting: 'USER_FIELDS' });
    }
    expect(settingOf(() => resolveConfig({ userFields: { constructor: { type: 'string' as const } } }, {}))).toBe('USER_FIELDS');
    expect(Object.keys(fromEnv({ USER_FIELDS: 'company:string' }).userFields)).toEqual(['company']);
  });

  it('refuses an HS256 secret that is long enough but not random (32 times `a`, a repeated word, a run)', () => {
    for (const secret of [
      'a'.repeat(32),
      'x'.repeat(40),
      'secret'.repeat(6),
      'abcdefgh'.repeat(4),
      'abcdefghijklmnopqrstuvwxyz0123456789',
      '0123456789:;<=>?@ABCDEFGHIJKLMNOP',
    ]) {
      const env = { JWT_ALGORITHM: 'HS256', JWT_SECRET: secret };
      expect({ secret, setting: settingOf(() => fromEnv(env)) }).toEqual({ secret, setting: 'JWT_SECRET' });
      expect(messageOf(() => fromEnv(env))).toContain('openssl rand -base64 32');
    }
    expect(fromEnv({ JWT_ALGORITHM: 'HS256', JWT_SECRET: 'q7Jz2mX9vLp4Rt8Kw1Ns6Yd3Hf0Gc5Be' }).secret).toBeDefined();
  });
});

describe('the breached-password check settings', () => {
  it('is off by default and read from PASSWORD_BREACH_CHECK, _URL and _TIMEOUT_MS', () => {
    expect(fromEnv({}).breachCheck).toEqual({ enabled: false, url: 'https://api.pwnedpasswords.com/range', timeoutMs: 2000 });
    expect(
      fromEnv({
        PASSWORD_BREACH_CHECK: 'on',
        PASSWORD_BREACH_CHECK_URL: 'http://127.0.0.1:9999/range',
        PASSWORD_BREACH_CHECK_TIMEOUT_MS: '500',
      }).breachCheck,
    ).toEqual({ enabled: true, url: 'http://127.0.0.1:9999/range', timeoutMs: 500 });
    expect(settingOf(() => fromEnv({ PASSWORD_BREACH_CHECK: 'sometimes' }))).toBe('PASSWORD_BREACH_CHECK');
    expect(settingOf(() => fromEnv({ PASSWORD_BREACH_CHECK_URL: 'ftp://x/range' }))).toBe('PASSWORD_BREACH_CHECK_URL');
    expect(settingOf(() => fromEnv({ PASSWORD_BREACH_CHECK_TIMEOUT_MS: '0' }))).toBe('PASSWORD_BREACH_CHECK_TIMEOUT_MS');
  });
});
