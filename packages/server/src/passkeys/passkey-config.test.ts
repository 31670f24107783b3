import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../config/index.js';
import { optionsFromEnv } from '../config/options-from-env.js';

describe('passkey settings', () => {
  it('derives the RP ID and origin from APP_URL', () => {
    const { passkeys } = resolveConfig({ appUrl: 'https://app.example.com/base' }, {});
    expect(passkeys).toEqual({
      rpId: 'app.example.com',
      rpName: 'Tessera',
      origins: ['https://app.example.com'],
      attestation: 'none',
      optionsMaxPerIp: 60,
    });
    expect(resolveConfig({}, {}).passkeys.rpId).toBe('localhost');
    // An IP address is no RP ID, but a derived one does not stop start-up (passkeys just do not work there).
    expect(resolveConfig({ appUrl: 'http://127.0.0.1:3000' }, {}).passkeys.origins).toEqual(['http://127.0.0.1:3000']);
  });

  it('reads WEBAUTHN_RP_ID, WEBAUTHN_RP_NAME, WEBAUTHN_ORIGINS, WEBAUTHN_ATTESTATION and PASSKEY_OPTIONS_MAX_PER_IP', () => {
    const env = {
      APP_URL: 'https://app.example.com',
      WEBAUTHN_RP_ID: 'example.com',
      WEBAUTHN_RP_NAME: 'Example',
      WEBAUTHN_ORIGINS: 'https://app.example.com, https://admin.example.com',
      WEBAUTHN_ATTESTATION: 'direct',
      PASSKEY_OPTIONS_MAX_PER_IP: '20',
    };
    expect(resolveConfig(optionsFromEnv(env), env).passkeys).toEqual({
      rpId: 'example.com',
      rpName: 'Example',
      origins: ['https://app.example.com', 'https://admin.example.com'],
      attestation: 'direct',
      optionsMaxPerIp: 20,
    });
  });

  it('names the setting of a bad value', () => {
    const bad = (env: Record<string, string>) => () => resolveConfig(optionsFromEnv(env), env);
    expect(bad({ WEBAUTHN_RP_ID: 'https://example.com' })).toThrow(/WEBAUTHN_RP_ID/);
    expect(bad({ WEBAUTHN_RP_ID: '10.0.0.1' })).toThrow(/WEBAUTHN_RP_ID/);
    expect(bad({ APP_URL: 'https://app.example.com', WEBAUTHN_ORIGINS: 'https://evil.test' })).toThrow(/WEBAUTHN_ORIGINS.*subdomain/);
    expect(bad({ APP_URL: 'https://app.example.com', WEBAUTHN_ORIGINS: 'https://app.example.com/path' })).toThrow(/WEBAUTHN_ORIGINS/);
    expect(bad({ WEBAUTHN_RP_NAME: 'x'.repeat(65) })).toThrow(/WEBAUTHN_RP_NAME/);
    expect(bad({ WEBAUTHN_ATTESTATION: 'maybe' })).toThrow(/WEBAUTHN_ATTESTATION/);
    expect(bad({ PASSKEY_OPTIONS_MAX_PER_IP: 'lots' })).toThrow(/PASSKEY_OPTIONS_MAX_PER_IP/);
    expect(bad({ PASSKEY_OPTIONS_MAX_PER_IP: '0' })).toThrow(/PASSKEY_OPTIONS_MAX_PER_IP/);
  });

  it('refuses a plain-http origin given in production, except localhost', () => {
    const production = { NODE_ENV: 'production', TESSERA_SECRET: 'a'.repeat(40), ACCOUNT_EMAILS: 'off' };
    const env = { ...production, WEBAUTHN_ORIGINS: 'http://app.example.com', WEBAUTHN_RP_ID: 'app.example.com' };
    expect(() => resolveConfig(optionsFromEnv(env), env)).toThrow(/WEBAUTHN_ORIGINS.*https/);
    // The default from an http APP_URL (ACCOUNT_EMAILS=off allows one) does not stop a server that uses no passkeys.
    const derived = { ...production, APP_URL: 'http://app.example.com' };
    expect(resolveConfig(optionsFromEnv(derived), derived).passkeys.origins).toEqual(['http://app.example.com']);
    const local = { ...production, WEBAUTHN_RP_ID: 'localhost', WEBAUTHN_ORIGINS: 'http://localhost:3000' };
    expect(resolveConfig(optionsFromEnv(local), local).passkeys.origins).toEqual(['http://localhost:3000']);
  });
});
