// PasskeyOptions → the resolved WebAuthn relying party: id, name and accepted origins, checked at start-up.
// WebAuthn §5.1.4.1 (and §13.4.9): a page may use an RP ID equal to its host or a registrable suffix of it, so every
// accepted origin must sit on the RP ID or below it, or the browser would refuse every ceremony.
import { ConfigError } from '../config/config-error.js';
import type { AttestationPreference, PasskeyOptions } from './passkey-options.js';

export interface ResolvedPasskeyConfig {
  readonly rpId: string;
  readonly rpName: string;
  readonly origins: readonly string[];
  readonly attestation: AttestationPreference;
  /** PASSKEY_OPTIONS_MAX_PER_IP: anonymous challenges per client address per minute. */
  readonly optionsMaxPerIp: number;
}

const ATTESTATIONS: readonly AttestationPreference[] = ['none', 'direct', 'enterprise'];
// A DNS name of letters, digits and hyphens, labels joined by dots (or `localhost`); no scheme, port, path or IP.
const DOMAIN = /^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))*$/;
const IPV4 = /^\d+(\.\d+){3}$/;

const isLocalhost = (host: string) => host === 'localhost' || host.endsWith('.localhost');

export function resolvePasskeyConfig(options: PasskeyOptions, context: { appUrl: string; production: boolean }): ResolvedPasskeyConfig {
  const app = new URL(context.appUrl);
  const rpId = (options.webauthnRpId ?? app.hostname).toLowerCase();
  // A derived one is not refused: an APP_URL on an IP address (a development setup) must not stop start-up; browsers
  // refuse passkeys there, and the docs say to set a domain.
  if (options.webauthnRpId !== undefined && (!DOMAIN.test(rpId) || IPV4.test(rpId))) {
    throw new ConfigError('WEBAUTHN_RP_ID', `"${rpId}" is not a domain name like example.com (no scheme, port or IP address)`);
  }
  const rpName = (options.webauthnRpName ?? 'Tessera').trim();
  if (rpName.length === 0 || rpName.length > 64 || [...rpName].some((ch) => ch.charCodeAt(0) < 0x20)) {
    throw new ConfigError('WEBAUTHN_RP_NAME', 'must be one line of 1 to 64 characters');
  }
  const origins = (options.webauthnOrigins ?? [app.origin]).map((origin) => {
    let url: URL;
    try {
      url = new URL(origin);
      if (url.origin !== origin.replace(/\/$/, '')) throw new Error('not an origin');
    } catch {
      throw new ConfigError('WEBAUTHN_ORIGINS', `"${origin}" is not an origin like https://app.example.com`);
    }
    // Browsers offer WebAuthn to secure contexts only: https, or http on localhost while developing. Checked on the
    // origins given: the default from APP_URL must not stop a production server that uses no passkeys (ACCOUNT_EMAILS
    // off lets APP_URL stay unset or http), and browsers refuse passkeys on such a page anyway.
    const given = options.webauthnOrigins !== undefined;
    if (given && url.protocol !== 'https:' && !(url.protocol === 'http:' && (!context.production || isLocalhost(url.hostname)))) {
      throw new ConfigError('WEBAUTHN_ORIGINS', `"${origin}" must be https when NODE_ENV=production`);
    }
    if (url.hostname !== rpId && !url.hostname.endsWith(`.${rpId}`)) {
      throw new ConfigError('WEBAUTHN_ORIGINS', `"${origin}" is not on WEBAUTHN_RP_ID "${rpId}" or a subdomain of it`);
    }
    return url.origin;
  });
  if (origins.length === 0) throw new ConfigError('WEBAUTHN_ORIGINS', 'must list at least one origin');
  const attestation = options.webauthnAttestation ?? 'none';
  if (!ATTESTATIONS.includes(attestation)) {
    throw new ConfigError('WEBAUTHN_ATTESTATION', `"${attestation}" is not none, direct or enterprise`);
  }
  const optionsMaxPerIp = options.passkeyOptionsMaxPerIp ?? 60;
  if (!Number.isInteger(optionsMaxPerIp) || optionsMaxPerIp < 1) {
    throw new ConfigError('PASSKEY_OPTIONS_MAX_PER_IP', `must be a positive whole number, got ${String(optionsMaxPerIp)}`);
  }
  return Object.freeze({ rpId, rpName, origins: Object.freeze([...new Set(origins)]), attestation, optionsMaxPerIp });
}

/** The passkey settings read from the environment (shape only; meaning is checked above). */
export function passkeyOptionsFromEnv(
  str: (name: string) => string | undefined,
  list: (name: string) => string[] | undefined,
): PasskeyOptions {
  const options: PasskeyOptions = {};
  const rpId = str('WEBAUTHN_RP_ID');
  const rpName = str('WEBAUTHN_RP_NAME');
  const origins = list('WEBAUTHN_ORIGINS');
  const attestation = str('WEBAUTHN_ATTESTATION');
  const optionsMaxPerIp = str('PASSKEY_OPTIONS_MAX_PER_IP');
  if (rpId !== undefined) options.webauthnRpId = rpId;
  if (rpName !== undefined) options.webauthnRpName = rpName;
  if (origins !== undefined) options.webauthnOrigins = origins;
  if (attestation !== undefined) options.webauthnAttestation = attestation.toLowerCase() as AttestationPreference;
  if (optionsMaxPerIp !== undefined) options.passkeyOptionsMaxPerIp = Number(optionsMaxPerIp);
  return options;
}
