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
