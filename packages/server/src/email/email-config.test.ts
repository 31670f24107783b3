// The start-up rules of mail: production refuses to start with mail that would go nowhere or links that would open
// over http; ACCOUNT_EMAILS=off lifts both; malformed SMTP_URL and MAIL_FROM are named at start-up.
import { describe, expect, it } from 'vitest';
import { ConfigError, optionsFromEnv, resolveConfig } from '../config/index.js';
import type { Env } from '../config/options-from-env.js';
import { createTesseraWith } from '../tessera.js';

const SECRET = 'x'.repeat(32);
const PRODUCTION = { NODE_ENV: 'production', TESSERA_SECRET: SECRET, APP_URL: 'https://app.example.com' };
const fromEnv = (env: Env) => resolveConfig(optionsFromEnv(env), env);
const failure = (fn: () => unknown): ConfigError => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
};

describe('mail settings at start-up', () => {
  it('in production, without SMTP_URL or mail.send, is a ConfigError naming SMTP_URL', () => {
    const error = failure(() => fromEnv(PRODUCTION));
    expect(error.setting).toBe('SMTP_URL');
    expect(error.message).toMatch(/^SMTP_URL: is required when NODE_ENV=production/);
    // Embedded the same, without optionsFromEnv.
    expect(() =>
      createTesseraWith({ tesseraSecret: SECRET, appUrl: 'https://app.example.com' }, { env: { NODE_ENV: 'production' } }),
    ).toThrow(/^SMTP_URL: is required/);
  });

  it('in production, starts with SMTP_URL or with a custom mail.send', () => {
    expect(fromEnv({ ...PRODUCTION, SMTP_URL: 'smtps://user:pass@smtp.example.com:465' }).email.transport).toEqual({
      kind: 'smtp',
      url: 'smtps://user:pass@smtp.example.com:465',
    });
    const send = async () => {};
    const config = resolveConfig({ tesseraSecret: SECRET, appUrl: 'https://app.example.com', mail: { send } }, { NODE_ENV: 'production' });
    expect(config.email.transport).toEqual({ kind: 'custom', send });
  });

  it('in production, needs an https APP_URL', () => {
    const withSmtp = { ...PRODUCTION, SMTP_URL: 'smtp://smtp.example.com:587' };
    expect(failure(() => fromEnv({ ...withSmtp, APP_URL: 'http://app.example.com' })).message).toBe(
      'APP_URL: must be https when NODE_ENV=production',
    );
    const { APP_URL: _unset, ...noAppUrl } = withSmtp;
    expect(failure(() => fromEnv(noAppUrl)).setting).toBe('APP_URL');
    // Outside production a local http front end is the point.
    expect(fromEnv({ APP_URL: 'http://localhost:5173' }).email.appUrl).toBe('http://localhost:5173');
  });

  it('with ACCOUNT_EMAILS=off, production needs neither SMTP_URL nor APP_URL', () => {
    const config = fromEnv({ NODE_ENV: 'production', TESSERA_SECRET: SECRET, ACCOUNT_EMAILS: 'off' });
    expect(config.email.enabled).toBe(false);
    expect(fromEnv({ NODE_ENV: 'production', TESSERA_SECRET: SECRET, ACCOUNT_EMAILS: 'off', APP_URL: 'http://x.test' }).email.enabled).toBe(
      false,
    );
  });

  it('refuses an SMTP_URL that is not smtp:// or smtps://', () => {
    for (const SMTP_URL of ['http://user:s3cret-pass@smtp.example.com', 'smtp://', 'smtp.example.com:587', 'smtp://host name:25']) {
      const error = failure(() => fromEnv({ SMTP_URL }));
      expect(error.setting, SMTP_URL).toBe('SMTP_URL');
      expect(error.message).toContain('smtp://user:pass@host:587');
      // The refusal names the setting, not its value: the URL may carry the password.
      expect(error.message).not.toContain('s3cret-pass');
    }
  });

  it('refuses a MAIL_FROM that is not one address', () => {
    for (const MAIL_FROM of ['no-reply', 'Tessera <no-reply>', 'a@b.test, c@d.test', 'Tessera <a@b.test>\r\nBcc: x@evil.test']) {
      expect(failure(() => fromEnv({ MAIL_FROM })).setting, MAIL_FROM).toBe('MAIL_FROM');
    }
    for (const MAIL_FROM of ['no-reply@example.com', 'Tessera <no-reply@example.com>', '"Acme, Inc." <auth@acme.test>']) {
      expect(fromEnv({ MAIL_FROM }).email.from).toBe(MAIL_FROM);
    }
  });

  it('flags NODE_ENV=development (the development mailbox is listed only then)', () => {
    expect(fromEnv({ NODE_ENV: 'development' }).email.development).toBe(true);
    expect(fromEnv({ NODE_ENV: 'test' }).email.development).toBe(false);
    expect(fromEnv({}).email.development).toBe(false);
  });
});
