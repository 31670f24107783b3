// Social login settings: Google and generic OpenID Connect providers from the environment or options, checked at start-up.
import { ConfigError } from '../config/config-error.js';

/** An OpenID Connect provider users may sign in with. */
export interface SocialProviderOptions {
  /** URL-safe id used in the routes, e.g. `google` → `POST /auth/social/google`. */
  id: string;
  /** Issuer URL; its `/.well-known/openid-configuration` is read on first use. https, except on loopback. */
  issuer: string;
  /** The OAuth client id; ID tokens must be issued to it (`aud`). */
  clientId: string;
  /** The client secret, needed only for the authorization code exchange. @default undefined (ID tokens only) */
  clientSecret?: string;
  /** Shown on the front end's button. @default the id */
  name?: string;
}

export interface ResolvedSocialProvider {
  readonly id: string;
  readonly name: string;
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string | undefined;
}

export interface ResolvedSocialConfig {
  readonly providers: readonly ResolvedSocialProvider[];
  readonly linkVerifiedEmails: boolean;
}

export const GOOGLE_ISSUER = 'https://accounts.google.com';

type Env = Record<string, string | undefined>;

/**
 * Providers named by the environment: `GOOGLE_CLIENT_ID`, `GOOGLE_CLIENT_SECRET`, `GOOGLE_ISSUER`, and for each
 * `OIDC_<NAME>_ISSUER` the matching `_CLIENT_ID`, `_CLIENT_SECRET` and `_NAME`.
 */
export function socialProvidersFromEnv(env: Env): SocialProviderOptions[] | undefined {
  const str = (name: string) => (env[name] === undefined || env[name] === '' ? undefined : env[name]);
  const providers: SocialProviderOptions[] = [];

  const googleId = str('GOOGLE_CLIENT_ID');
  if (googleId) {
    const google: SocialProviderOptions = {
      id: 'google',
      name: 'Google',
      issuer: str('GOOGLE_ISSUER') ?? GOOGLE_ISSUER,
      clientId: googleId,
    };
    const secret = str('GOOGLE_CLIENT_SECRET');
    if (secret) google.clientSecret = secret;
    providers.push(google);
  } else if (str('GOOGLE_CLIENT_SECRET') || str('GOOGLE_ISSUER')) {
    throw new ConfigError('GOOGLE_CLIENT_ID', 'is required when GOOGLE_CLIENT_SECRET or GOOGLE_ISSUER is set');
  }

  const names = new Set<string>();
  for (const key of Object.keys(env)) {
    const match = /^OIDC_([A-Z0-9_]+?)_(ISSUER|CLIENT_ID|CLIENT_SECRET|NAME)$/.exec(key);
    if (match && str(key)) names.add(match[1]!);
  }
  for (const name of [...names].sort()) {
    const prefix = `OIDC_${name}_`;
    const issuer = str(`${prefix}ISSUER`);
    const clientId = str(`${prefix}CLIENT_ID`);
    if (!issuer) throw new ConfigError(`${prefix}ISSUER`, `is required when other ${prefix}* settings are set`);
    if (!clientId) throw new ConfigError(`${prefix}CLIENT_ID`, `is required when ${prefix}ISSUER is set`);
    const provider: SocialProviderOptions = { id: name.toLowerCase().replace(/_/g, '-'), issuer, clientId };
    const secret = str(`${prefix}CLIENT_SECRET`);
    if (secret) provider.clientSecret = secret;
    const display = str(`${prefix}NAME`);
    if (display) provider.name = display;
    providers.push(provider);
  }
  return providers.length > 0 ? providers : undefined;
}

/** Checks every provider and freezes the result; a bad one is named by the setting that configures it. */
export function resolveSocialConfig(providers: readonly SocialProviderOptions[] = [], linkVerifiedEmails = true): ResolvedSocialConfig {
  const seen = new Set<string>();
  const resolved = providers.map((provider) => {
    const setting = settingOf(provider.id);
    if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(provider.id))
      throw new ConfigError(setting('ISSUER'), `"${provider.id}" is not a provider id (a-z, 0-9, -)`);
    if (provider.id === 'providers') throw new ConfigError(setting('ISSUER'), '"providers" is reserved for the route that lists them');
    if (seen.has(provider.id)) throw new ConfigError(setting('ISSUER'), `provider "${provider.id}" is configured twice`);
    seen.add(provider.id);
    const issuer = checkIssuer(provider.issuer, setting('ISSUER'));
    if (!provider.clientId || provider.clientId.length > 512) throw new ConfigError(setting('CLIENT_ID'), 'must be a non-empty client id');
    return Object.freeze({
      id: provider.id,
      name: provider.name ?? provider.id,
      issuer,
      clientId: provider.clientId,
      clientSecret: provider.clientSecret,
    });
  });
  return Object.freeze({ providers: Object.freeze(resolved), linkVerifiedEmails });
}

/** OIDC Discovery §3: an https URL without query or fragment; plain http is accepted on loopback only (development, tests). */
function checkIssuer(value: string, setting: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(setting, `"${value}" is not a URL`);
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) throw new ConfigError(setting, `"${value}" must use https`);
  if (url.search || url.hash) throw new ConfigError(setting, `"${value}" must not have a query or fragment`);
  // Kept as written: `iss` is compared as a string, and some issuers (Auth0) end in a slash.
  return value;
}

const settingOf = (id: string) => (suffix: string) =>
  id === 'google' ? `GOOGLE_${suffix}` : `OIDC_${id.toUpperCase().replace(/-/g, '_')}_${suffix}`;
