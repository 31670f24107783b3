// WebhookOptions → the resolved webhook settings; every bad value named at start-up.
import { isIP } from 'node:net';
import { ConfigError } from '../config/config-error.js';
import { weakSecretProblem } from '../config/setting-rules.js';
import type { WebhookOptions } from './webhook-options.js';

export interface ResolvedWebhookConfig {
  /** Normalised (`new URL().href`), without duplicates; empty when webhooks are off. */
  readonly urls: readonly string[];
  /** Set whenever `urls` is not empty. */
  readonly secret: string | undefined;
}

/** Whether `hostname` (as `URL` gives it: IPv6 in brackets) is this machine: 127.0.0.0/8, ::1 or localhost. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  // Exactly `localhost`: a name under it (api.localhost) may go to a DNS server that answers anything.
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

export function resolveWebhookConfig(options: WebhookOptions, { production }: { production: boolean }): ResolvedWebhookConfig {
  const urls: string[] = [];
  for (const given of options.webhookUrls ?? []) {
    let url: URL;
    try {
      url = new URL(given);
    } catch {
      throw new ConfigError('WEBHOOK_URLS', `"${given}" is not a URL like https://hooks.example.com/tessera`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError('WEBHOOK_URLS', `"${given}" is not an http(s) URL`);
    // fetch refuses URLs with credentials, and a password in a setting shown by `tessera doctor` would leak anyway.
    if (url.username || url.password) throw new ConfigError('WEBHOOK_URLS', `"${url.host}…" must not carry a user name or password`);
    // Events name users and their addresses: in production they travel encrypted, unless they never leave the host.
    if (production && url.protocol !== 'https:' && !isLoopbackHost(url.hostname)) {
      throw new ConfigError('WEBHOOK_URLS', `"${given}" must be https when NODE_ENV=production (http only to a loopback address)`);
    }
    url.hash = '';
    if (!urls.includes(url.href)) urls.push(url.href);
  }
  const secret = options.webhookSecret;
  if (urls.length > 0) {
    if (!secret) throw new ConfigError('WEBHOOK_SECRET', 'is required when WEBHOOK_URLS is set (receivers check the signature with it)');
    const weakness = weakSecretProblem(secret);
    if (weakness) throw new ConfigError('WEBHOOK_SECRET', weakness);
  }
  return Object.freeze({ urls: Object.freeze(urls), secret: urls.length > 0 ? secret : undefined });
}

/** The webhook settings read from the environment (shape only; meaning is checked above). */
export function webhookOptionsFromEnv(
  str: (name: string) => string | undefined,
  list: (name: string) => string[] | undefined,
): WebhookOptions {
  const options: WebhookOptions = {};
  const urls = list('WEBHOOK_URLS');
  const secret = str('WEBHOOK_SECRET');
  if (urls) options.webhookUrls = urls;
  if (secret) options.webhookSecret = secret;
  return options;
}
