// Options → one typed, frozen configuration; every bad setting is named at start-up.
import { availableParallelism } from 'node:os';
import { inspect } from 'node:util';
import { MIN_SECRET_LENGTH, secretAdvice } from '../keys/secret-box.js';
import { parseTrustedProxies, type ProxyTrust } from '../http/client-address.js';
import { resolveEmailConfig, type ResolvedEmailConfig } from '../email/email-config.js';
import { resolveMfaMode, type MfaMode } from '../mfa/mfa-config.js';
import { resolveSocialConfig, type ResolvedSocialConfig } from '../social/social-config.js';
import type { TesseraHooks } from '../hooks/hook-options.js';
import { resolveWebhookConfig, type ResolvedWebhookConfig } from '../webhooks/webhook-config.js';
import { resolvePasskeyConfig, type ResolvedPasskeyConfig } from '../passkeys/passkey-config.js';
import { ConfigError } from './config-error.js';
import { parseDuration } from './duration.js';
import { cookieDomainProblem, cookieNameProblem, isHostCookie, userFieldNameProblem, weakSecretProblem } from './setting-rules.js';
import type { Env } from './options-from-env.js';
import type { ClaimsHook, JwtAlgorithm, Logger, SameSite, TesseraOptions, UserFieldSpec } from './options.js';

export interface ResolvedConfig {
  readonly databaseUrl: string;
  readonly basePath: string;
  readonly issuer: string;
  readonly audience: string;
  readonly algorithm: JwtAlgorithm;
  readonly privateKey: string | undefined;
  readonly secret: string | undefined;
  readonly accessTokenTtl: number;
  readonly refreshTokenTtl: number;
  readonly sessionMaxLifetime: number;
  readonly refreshReuseGrace: number;
  /** `path` is the auth base path, or `/` for a `__Host-` cookie (which browsers accept only with Path=/). */
  readonly cookie: Readonly<{
    name: string;
    secure: boolean;
    sameSite: SameSite;
    domain: string | undefined;
    path: string;
    hintName: string;
  }>;
  /** COOKIE_DIAGNOSTICS: refreshes without the cookie say why the browser likely kept it back. */
  readonly cookieDiagnostics: boolean;
  readonly corsAllowedOrigins: readonly string[];
  readonly redisUrl: string | undefined;
  readonly redisKeyPrefix: string;
  readonly loginMaxFailuresPerAccount: number;
  readonly loginMaxFailuresPerIp: number;
  readonly loginFailureWindow: number;
  readonly passwordMinLength: number;
  readonly passwordMaxLength: number;
  readonly breachCheck: Readonly<{ enabled: boolean; url: string; timeoutMs: number }>;
  readonly userFields: Readonly<Record<string, Required<UserFieldSpec>>>;
  /** How far X-Forwarded-For is believed (TRUST_PROXY, TRUSTED_PROXIES). */
  readonly proxyTrust: ProxyTrust;
  readonly maxBodyBytes: number;
  /** Seconds. */
  readonly shutdownTimeout: number;
  readonly tokenCacheSize: number;
  readonly instantRevocation: boolean;
  readonly argon2: Readonly<{ memoryCost: number; timeCost: number; parallelism: number }>;
  readonly hashConcurrency: number;
  readonly hashQueueMax: number;
  readonly loginMaxFailuresPerAccountAndIp: number;
  readonly registerMaxPerIp: number;
  /** Seconds. */
  readonly registerWindow: number;
  readonly claims: ClaimsHook | undefined;
  /** The application's hooks (claims is above, wherever it was given). */
  readonly hooks: Readonly<TesseraHooks>;
  /** WEBHOOK_URLS and WEBHOOK_SECRET. */
  readonly webhooks: ResolvedWebhookConfig;
  /** Seconds (SECURITY_EVENTS_RETENTION). */
  readonly securityEventsRetention: number;
  readonly notifyNewSignIn: boolean;
  readonly social: ResolvedSocialConfig;
  /** Verification, password reset, email change, passwordless sign-in and their mail. */
  readonly email: ResolvedEmailConfig;
  /** The WebAuthn relying party of passkeys (WEBAUTHN_RP_ID, WEBAUTHN_RP_NAME, WEBAUTHN_ORIGINS). */
  readonly passkeys: ResolvedPasskeyConfig;
  /** MFA_REQUIRED (mfa/mfa-config.ts). */
  readonly mfaRequired: MfaMode;
  /** Undefined outside production when not set: start-up then uses the development secret (keys/development-secret.ts). */
  readonly tesseraSecret: string | undefined;
  readonly fetch: typeof fetch;
  readonly now: () => number;
  readonly logger: Logger;
}

const ALGORITHMS: readonly JwtAlgorithm[] = ['EdDSA', 'ES256', 'RS256', 'HS256'];
const SAME_SITE: readonly SameSite[] = ['lax', 'strict', 'none'];

/** Applies defaults, checks every value and freezes the result. Throws ConfigError naming the bad setting. */
export function resolveConfig(options: TesseraOptions = {}, env: Env = process.env): ResolvedConfig {
  const duration = (setting: string, value: number | string | undefined, fallback: number, min = 1) => {
    if (value === undefined) return fallback;
    const seconds = parseDuration(value);
    if (seconds === undefined) throw new ConfigError(setting, `"${value}" is not a duration (900, 10s, 15m, 30d)`);
    if (seconds < min) throw new ConfigError(setting, `must be at least ${min}s`);
    return seconds;
  };
  const positive = (setting: string, value: number | undefined, fallback: number) => {
    const v = value ?? fallback;
    if (!Number.isInteger(v) || v < 1) throw new ConfigError(setting, `must be a positive whole number, got ${v}`);
    return v;
  };

  const algorithm = options.algorithm ?? 'EdDSA';
  if (!ALGORITHMS.includes(algorithm)) {
    throw new ConfigError('JWT_ALGORITHM', `"${algorithm}" is not one of ${ALGORITHMS.join(', ')}`);
  }
  if (options.claims && options.hooks?.claims) throw new ConfigError('hooks.claims', 'give claims or hooks.claims, not both');
  if (algorithm === 'HS256') {
    if (!options.secret) throw new ConfigError('JWT_SECRET', 'is required when JWT_ALGORITHM=HS256');
    const weakness = weakSecretProblem(options.secret);
    if (weakness) throw new ConfigError('JWT_SECRET', weakness);
  }

  const basePath = options.basePath ?? '/auth';
  if (!/^\/[A-Za-z0-9/_-]*$/.test(basePath) || (basePath.length > 1 && basePath.endsWith('/'))) {
    throw new ConfigError('AUTH_BASE_PATH', `"${basePath}" must start with / and not end with /`);
  }

  const sameSite = options.cookie?.sameSite ?? 'lax';
  if (!SAME_SITE.includes(sameSite)) throw new ConfigError('JWT_COOKIE_SAMESITE', `"${sameSite}" is not lax, strict or none`);
  const secure = options.cookie?.secure ?? env.NODE_ENV !== 'development';
  // Browsers drop SameSite=None cookies without Secure, so this would silently break every refresh.
  if (sameSite === 'none' && !secure) throw new ConfigError('JWT_COOKIE_SAMESITE', 'none requires JWT_COOKIE_SECURE=true');
  const cookieName = options.cookie?.name ?? 'refresh_token';
  if (!/^[A-Za-z0-9_.-]+$/.test(cookieName)) throw new ConfigError('JWT_COOKIE_NAME', `"${cookieName}" is not a valid cookie name`);
  const cookieDomain = options.cookie?.domain;
  const domainProblem = cookieDomain === undefined ? undefined : cookieDomainProblem(cookieDomain);
  if (domainProblem) throw new ConfigError('JWT_COOKIE_DOMAIN', domainProblem);
  const nameProblem = cookieNameProblem(cookieName, { secure, domain: cookieDomain });
  if (nameProblem) throw new ConfigError('JWT_COOKIE_NAME', nameProblem);
  const hintName = options.cookie?.hintName ?? 'tessera_session';
  const hintProblem = cookieNameProblem(hintName, { secure, domain: cookieDomain });
  if (hintProblem) throw new ConfigError('JWT_COOKIE_HINT_NAME', hintProblem);
  if (hintName === cookieName) throw new ConfigError('JWT_COOKIE_HINT_NAME', `"${hintName}" is the refresh cookie's name`);

  const origins = (options.corsAllowedOrigins ?? []).map((origin) => {
    if (origin === '*') throw new ConfigError('CORS_ALLOWED_ORIGINS', 'a wildcard cannot be used with credentials');
    try {
      const url = new URL(origin);
      if (url.origin !== origin.replace(/\/$/, '')) throw new Error('not an origin');
      return url.origin;
    } catch {
      throw new ConfigError('CORS_ALLOWED_ORIGINS', `"${origin}" is not an origin like https://app.example.com`);
    }
  });

  const userFields: Record<string, Required<UserFieldSpec>> = {};
  for (const [name, spec] of Object.entries(options.userFields ?? {})) {
    const problem = userFieldNameProblem(name);
    if (problem) throw new ConfigError('USER_FIELDS', `${problem}: it cannot be a custom field name`);
    userFields[name] = { type: spec.type, maxLength: spec.maxLength ?? 200 };
  }

  const databaseUrl = options.databaseUrl ?? 'sqlite:./data/tessera.db';
  if (!/^(sqlite:|postgres(ql)?:\/\/)/.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL', 'must start with sqlite: or postgres://');
  }

  const accessTokenTtl = duration('ACCESS_TOKEN_TTL', options.accessTokenTtl, 900);
  const refreshTokenTtl = duration('REFRESH_TOKEN_TTL', options.refreshTokenTtl, 30 * 86400);
  const sessionMaxLifetime = duration('SESSION_MAX_LIFETIME', options.sessionMaxLifetime, 90 * 86400);
  if (sessionMaxLifetime < refreshTokenTtl) {
    throw new ConfigError('SESSION_MAX_LIFETIME', 'must not be shorter than REFRESH_TOKEN_TTL');
  }
  const passwordMinLength = positive('PASSWORD_MIN_LENGTH', options.passwordMinLength, 8);
  const passwordMaxLength = positive('PASSWORD_MAX_LENGTH', options.passwordMaxLength, 256);
  if (passwordMaxLength < passwordMinLength || passwordMaxLength > 4096) {
    throw new ConfigError('PASSWORD_MAX_LENGTH', 'must be between PASSWORD_MIN_LENGTH and 4096');
  }
  const breachCheckUrl = options.passwordBreachCheck?.url ?? 'https://api.pwnedpasswords.com/range';
  if (!/^https?:\/\/[^\s]+$/.test(breachCheckUrl) || !URL.canParse(breachCheckUrl)) {
    throw new ConfigError('PASSWORD_BREACH_CHECK_URL', `"${breachCheckUrl}" is not an http(s) URL`);
  }
  const cores = availableParallelism();
  // Read from the environment here too, so an embedded createTessera() in production finds it without optionsFromEnv.
  const tesseraSecret = options.tesseraSecret ?? (env.TESSERA_SECRET || undefined);
  if (tesseraSecret !== undefined && tesseraSecret.length < MIN_SECRET_LENGTH) {
    throw new ConfigError('TESSERA_SECRET', secretAdvice(`must be at least ${MIN_SECRET_LENGTH} characters`));
  }
  if (tesseraSecret === undefined && env.NODE_ENV === 'production') {
    throw new ConfigError('TESSERA_SECRET', secretAdvice('is required when NODE_ENV=production'));
  }
  const proxyTrust = resolveProxyTrust(options);
  const email = resolveEmailConfig(options, {
    duration,
    positive,
    production: env.NODE_ENV === 'production',
    development: env.NODE_ENV === 'development',
  });

  return Object.freeze({
    databaseUrl,
    basePath: basePath === '/' ? '' : basePath,
    issuer: options.issuer ?? 'tessera',
    audience: options.audience ?? 'tessera',
    algorithm,
    privateKey: options.privateKey,
    secret: options.secret,
    accessTokenTtl,
    refreshTokenTtl,
    sessionMaxLifetime,
    refreshReuseGrace: duration('REFRESH_REUSE_GRACE', options.refreshReuseGrace, 10, 0),
    cookie: Object.freeze({
      name: cookieName,
      secure,
      sameSite,
      domain: cookieDomain,
      path: isHostCookie(cookieName) ? '/' : basePath,
      hintName,
    }),
    // Production answers say no more than they always did, unless COOKIE_DIAGNOSTICS asks (a staging copy, say).
    cookieDiagnostics: options.cookieDiagnostics ?? env.NODE_ENV !== 'production',
    corsAllowedOrigins: Object.freeze(origins),
    redisUrl: options.redisUrl,
    redisKeyPrefix: options.redisKeyPrefix ?? 'tessera:',
    loginMaxFailuresPerAccount: positive('LOGIN_MAX_FAILURES_PER_ACCOUNT', options.loginMaxFailuresPerAccount, 100),
    loginMaxFailuresPerIp: positive('LOGIN_MAX_FAILURES_PER_IP', options.loginMaxFailuresPerIp, 30),
    loginFailureWindow: duration('LOGIN_FAILURE_WINDOW', options.loginFailureWindow, 900),
    passwordMinLength,
    passwordMaxLength,
    breachCheck: Object.freeze({
      enabled: options.passwordBreachCheck?.enabled ?? false,
      url: breachCheckUrl,
      timeoutMs: positive('PASSWORD_BREACH_CHECK_TIMEOUT_MS', options.passwordBreachCheck?.timeoutMs, 2000),
    }),
    userFields: Object.freeze(userFields),
    proxyTrust,
    maxBodyBytes: positive('MAX_BODY_BYTES', options.maxBodyBytes, 16 * 1024),
    shutdownTimeout: duration('SHUTDOWN_TIMEOUT', options.shutdownTimeout, 10, 0),
    tokenCacheSize: options.tokenCacheSize ?? 10_000,
    instantRevocation: options.instantRevocation ?? true,
    argon2: Object.freeze({
      memoryCost: positive('ARGON2_MEMORY_KIB', options.argon2?.memoryCost, 19_456),
      timeCost: positive('ARGON2_TIME_COST', options.argon2?.timeCost, 2),
      parallelism: positive('ARGON2_PARALLELISM', options.argon2?.parallelism, 1),
    }),
    hashConcurrency: positive('HASH_CONCURRENCY', options.hashConcurrency, Math.max(1, cores - 1)),
    hashQueueMax: positive('HASH_QUEUE_MAX', options.hashQueueMax, 64),
    loginMaxFailuresPerAccountAndIp: positive('LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP', options.loginMaxFailuresPerAccountAndIp, 10),
    registerMaxPerIp: positive('REGISTER_MAX_PER_IP', options.registerMaxPerIp, 30),
    registerWindow: duration('REGISTER_WINDOW', options.registerWindow, 3600),
    claims: options.hooks?.claims ?? options.claims,
    hooks: Object.freeze({ ...options.hooks }),
    webhooks: resolveWebhookConfig(options, { production: env.NODE_ENV === 'production' }),
    securityEventsRetention: duration('SECURITY_EVENTS_RETENTION', options.securityEventsRetention, 90 * 86400),
    notifyNewSignIn: options.notifyNewSignIn ?? true,
    social: resolveSocialConfig(options.socialProviders, options.socialLinkVerifiedEmails ?? true),
    email,
    passkeys: resolvePasskeyConfig(options, { appUrl: email.appUrl, production: env.NODE_ENV === 'production' }),
    mfaRequired: resolveMfaMode(options.mfaRequired),
    tesseraSecret,
    fetch: options.fetch ?? ((input: Parameters<typeof fetch>[0], init?: RequestInit) => globalThis.fetch(input, init)),
    now: options.now ?? Date.now,
    logger: options.logger ?? consoleLogger,
  });
}

/** TRUSTED_PROXIES (a list, checked against the socket peer) or TRUST_PROXY (a hop count; `true` is 1), not both. */
function resolveProxyTrust(options: TesseraOptions): ProxyTrust {
  const hops = options.trustProxy === true ? 1 : options.trustProxy === false || options.trustProxy === undefined ? 0 : options.trustProxy;
  if (!Number.isInteger(hops) || hops < 0 || hops > 16)
    throw new ConfigError('TRUST_PROXY', `must be true, false or a number of proxies (0-16), got ${hops}`);
  if (options.trustedProxies && options.trustedProxies.length > 0) {
    if (hops > 0) throw new ConfigError('TRUSTED_PROXIES', 'set either TRUSTED_PROXIES or TRUST_PROXY, not both');
    const proxies = parseTrustedProxies(options.trustedProxies);
    if ('invalid' in proxies) throw new ConfigError('TRUSTED_PROXIES', `"${proxies.invalid}" is not an IP address or CIDR range`);
    return Object.freeze({ kind: 'list', proxies });
  }
  return Object.freeze(hops > 0 ? { kind: 'hops', hops } : { kind: 'none' });
}

// One line per event, however long its fields: an outage repeats an event many times, and a log read line by line
// (grep, a log shipper) must not split it.
const oneLine = (fields: Record<string, unknown> | undefined) => (fields ? inspect(fields, { breakLength: Infinity }) : '');
const consoleLogger: Logger = {
  info: (message, fields) => console.info(`[tessera] ${message}`, oneLine(fields)),
  warn: (message, fields) => console.warn(`[tessera] ${message}`, oneLine(fields)),
  error: (message, fields) => console.error(`[tessera] ${message}`, oneLine(fields)),
};
