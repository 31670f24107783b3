// WEBHOOK_URLS and WEBHOOK_SECRET: every bad value stops start-up naming its setting; production sends events over
// https only, except to this machine.
import { describe, expect, it } from 'vitest';
import { ConfigError, optionsFromEnv, resolveConfig } from '../config/index.js';
import { isLoopbackHost } from './webhook-config.js';

const SECRET = 'Xq3v9LmP2rT8wZ1kN6bY4cH7jD0fG5sA';
const PRODUCTION = { NODE_ENV: 'production', ACCOUNT_EMAILS: 'off', TESSERA_SECRET: 'a production secret of at least 32 characters' };
const fromEnv = (env: Record<string, string>) => resolveConfig(optionsFromEnv(env), env);
const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return { setting: (error as ConfigError).setting, message: (error as ConfigError).message };
  }
  throw new Error('expected a ConfigError');
};

describe('webhook settings', () => {
  it('are off by default', () => {
    expect(fromEnv({}).webhooks).toEqual({ urls: [], secret: undefined });
  });

  it('read a comma-separated list, trimmed, without duplicates', () => {
    const config = fromEnv({
      WEBHOOK_URLS: ' https://hooks.example.com/a , https://hooks.example.com/a,http://127.0.0.1:9000/b',
      WEBHOOK_SECRET: SECRET,
    });
    expect(config.webhooks).toEqual({ urls: ['https://hooks.example.com/a', 'http://127.0.0.1:9000/b'], secret: SECRET });
  });

  it('in production, refuse http to anything but a loopback address, naming WEBHOOK_URLS', () => {
    const env = { ...PRODUCTION, WEBHOOK_SECRET: SECRET };
    for (const url of ['http://hooks.example.com/x', 'http://10.0.0.5/x', 'http://[::2]/x', 'http://127.0.0.1.example.com/x']) {
      const { setting, message } = refusal(() => fromEnv({ ...env, WEBHOOK_URLS: url }));
      expect(setting).toBe('WEBHOOK_URLS');
      expect(message).toContain('must be https when NODE_ENV=production');
    }
    for (const url of [
      'https://hooks.example.com/x',
      'http://127.0.0.1:8080/x',
      'http://127.8.9.10/x',
      'http://[::1]:8080/x',
      'http://localhost:3000/x',
    ]) {
      expect(fromEnv({ ...env, WEBHOOK_URLS: url }).webhooks.urls).toHaveLength(1);
    }
    // Outside production, http anywhere (a staging receiver on the LAN).
    expect(fromEnv({ WEBHOOK_URLS: 'http://hooks.internal/x', WEBHOOK_SECRET: SECRET }).webhooks.urls).toEqual(['http://hooks.internal/x']);
  });

  it('refuse what is not an http(s) URL, or carries credentials', () => {
    for (const url of ['hooks.example.com', 'ftp://hooks.example.com/x', 'https://user:pass@hooks.example.com/x']) {
      expect(refusal(() => fromEnv({ WEBHOOK_URLS: url, WEBHOOK_SECRET: SECRET })).setting).toBe('WEBHOOK_URLS');
    }
    // The password is not repeated in the message.
    expect(refusal(() => fromEnv({ WEBHOOK_URLS: 'https://user:hunter2@h.example.com/', WEBHOOK_SECRET: SECRET })).message).not.toContain(
      'hunter2',
    );
  });

  it('require a strong WEBHOOK_SECRET when URLs are set', () => {
    const urls = { WEBHOOK_URLS: 'https://hooks.example.com/x' };
    expect(refusal(() => fromEnv(urls))).toMatchObject({ setting: 'WEBHOOK_SECRET' });
    for (const weak of ['short', 'a'.repeat(40), 'abcdefghijklmnopqrstuvwxyz0123456789']) {
      expect(refusal(() => fromEnv({ ...urls, WEBHOOK_SECRET: weak })).setting).toBe('WEBHOOK_SECRET');
    }
    // A secret alone (no URLs) is not used, and not an error.
    expect(fromEnv({ WEBHOOK_SECRET: 'short' }).webhooks.secret).toBeUndefined();
  });

  it('know the loopback addresses', () => {
    expect(['127.0.0.1', '127.255.0.9', '[::1]', 'localhost', 'LOCALHOST'].every(isLoopbackHost)).toBe(true);
    expect(['128.0.0.1', '[::ffff:7f00:1]', '0.0.0.0', 'example.com', 'localhost.example.com', 'api.localhost'].some(isLoopbackHost)).toBe(
      false,
    );
  });
});
