import { describe, expect, it } from 'vitest';
import { ConfigError, optionsFromEnv, resolveConfig } from '../config/index.js';

const resolve = (env: Record<string, string>) => resolveConfig(optionsFromEnv(env), {});
const settingOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.setting;
    throw error;
  }
  return undefined;
};

describe('social provider configuration', () => {
  it('configures Google at its real issuer, and generic providers from OIDC_<NAME>_*', () => {
    const config = resolve({
      GOOGLE_CLIENT_ID: 'g-id',
      GOOGLE_CLIENT_SECRET: 'g-secret',
      OIDC_MY_KEYCLOAK_ISSUER: 'https://sso.example.com/realms/main',
      OIDC_MY_KEYCLOAK_CLIENT_ID: 'kc',
      OIDC_MY_KEYCLOAK_NAME: 'Company SSO',
    });
    expect(config.social.providers).toEqual([
      { id: 'google', name: 'Google', issuer: 'https://accounts.google.com', clientId: 'g-id', clientSecret: 'g-secret' },
      { id: 'my-keycloak', name: 'Company SSO', issuer: 'https://sso.example.com/realms/main', clientId: 'kc', clientSecret: undefined },
    ]);
    expect(config.social.linkVerifiedEmails).toBe(true);
    expect(Object.isFrozen(config.social.providers[0])).toBe(true);
  });

  it('lets GOOGLE_ISSUER point Google elsewhere and SOCIAL_LINK_VERIFIED_EMAILS turn linking off', () => {
    const config = resolve({ GOOGLE_CLIENT_ID: 'g', GOOGLE_ISSUER: 'http://127.0.0.1:9999', SOCIAL_LINK_VERIFIED_EMAILS: 'false' });
    expect(config.social.providers[0]!.issuer).toBe('http://127.0.0.1:9999');
    expect(config.social.linkVerifiedEmails).toBe(false);
  });

  it('has no providers by default', () => {
    expect(resolve({}).social.providers).toEqual([]);
  });

  it('names the bad setting', () => {
    expect(settingOf(() => resolve({ GOOGLE_CLIENT_SECRET: 's' }))).toBe('GOOGLE_CLIENT_ID');
    expect(settingOf(() => resolve({ OIDC_ACME_ISSUER: 'https://acme.example' }))).toBe('OIDC_ACME_CLIENT_ID');
    expect(settingOf(() => resolve({ OIDC_ACME_CLIENT_ID: 'x' }))).toBe('OIDC_ACME_ISSUER');
    expect(settingOf(() => resolve({ OIDC_ACME_ISSUER: 'http://acme.example', OIDC_ACME_CLIENT_ID: 'x' }))).toBe('OIDC_ACME_ISSUER');
    expect(settingOf(() => resolve({ OIDC_ACME_ISSUER: 'not a url', OIDC_ACME_CLIENT_ID: 'x' }))).toBe('OIDC_ACME_ISSUER');
    expect(settingOf(() => resolve({ GOOGLE_CLIENT_ID: 'g', SOCIAL_LINK_VERIFIED_EMAILS: 'maybe' }))).toBe('SOCIAL_LINK_VERIFIED_EMAILS');
    expect(settingOf(() => resolveConfig({ socialProviders: [{ id: 'Bad Id', issuer: 'https://x.example', clientId: 'c' }] }))).toBe(
      'OIDC_BAD ID_ISSUER',
    );
    expect(
      settingOf(() =>
        resolveConfig({
          socialProviders: [
            { id: 'a', issuer: 'https://a.example', clientId: 'c' },
            { id: 'a', issuer: 'https://b.example', clientId: 'c' },
          ],
        }),
      ),
    ).toBe('OIDC_A_ISSUER');
  });
});
