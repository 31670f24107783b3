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
      loginMaxFailuresPerAccount: 10,
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
