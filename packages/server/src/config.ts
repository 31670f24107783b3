// Environment and options → one typed, frozen configuration; every bad setting is named at start-up.
import { availableParallelism } from 'node:os';
import { parseDuration } from './duration.js';
import {
  resolveSocialConfig,
  socialProvidersFromEnv,
  type ResolvedSocialConfig,
  type SocialProviderOptions,
} from './social/social-config.js';

export type JwtAlgorithm = 'EdDSA' | 'ES256' | 'RS256' | 'HS256';
export type SameSite = 'lax' | 'strict' | 'none';

/** A custom user field (the seeds' custom user model), stored with the user and shown in the user object. */
export interface UserFieldSpec {
  type: 'string' | 'number' | 'boolean';
  /** Longest accepted string. @default 200 */
  maxLength?: number;
}

/** Claims a hook adds to every access token; registered claim names are refused. */
export type ClaimsHook = (user: {
  id: string;
  email: string;
  name: string | null;
  is_superuser: boolean;
  [field: string]: unknown;
}) => Record<string, unknown> | Promise<Record<string, unknown>>;

export interface TesseraOptions {
  /** `sqlite:<path>` or `postgres://…`. Env `DATABASE_URL`. @default 'sqlite:./data/tessera.db' */
  databaseUrl?: string;
  /** Mount path of the auth routes. Env `AUTH_BASE_PATH`. @default '/auth' */
  basePath?: string;
  /** `iss` of access tokens. Env `JWT_ISSUER`. @default 'tessera' */
  issuer?: string;
  /** `aud` of access tokens. Env `JWT_AUDIENCE`. @default 'tessera' */
  audience?: string;
  /** Signing algorithm. Env `JWT_ALGORITHM`. @default 'EdDSA' */
  algorithm?: JwtAlgorithm;
  /** Private signing key as PEM (PKCS#8) or JWK JSON; generated and persisted when absent. Env `JWT_PRIVATE_KEY`. */
  privateKey?: string;
  /** Shared secret for HS256 (at least 32 bytes). Env `JWT_SECRET`. */
  secret?: string;
  /** Access token lifetime in seconds. Env `ACCESS_TOKEN_TTL`. @default 900 */
  accessTokenTtl?: number | string;
  /** Sliding refresh token lifetime in seconds. Env `REFRESH_TOKEN_TTL`. @default 2592000 (30 days) */
  refreshTokenTtl?: number | string;
  /** Absolute session maximum in seconds, whatever the refreshes. Env `SESSION_MAX_LIFETIME`. @default 7776000 (90 days) */
  sessionMaxLifetime?: number | string;
  /** Window in which a just-rotated refresh token still gets its successor. Env `REFRESH_REUSE_GRACE`. @default 10 */
  refreshReuseGrace?: number | string;
  /** Refresh cookie settings. Env `JWT_COOKIE_NAME`, `JWT_COOKIE_SECURE`, `JWT_COOKIE_SAMESITE`, `JWT_COOKIE_DOMAIN`. */
  cookie?: {
    /** @default 'refresh_token' */
    name?: string;
    /** @default true unless NODE_ENV=development */
    secure?: boolean;
    /** @default 'lax' */
    sameSite?: SameSite;
    /** @default undefined (host-only cookie) */
    domain?: string;
  };
  /** Origins allowed to call with credentials. Env `CORS_ALLOWED_ORIGINS` (comma-separated). @default [] */
  corsAllowedOrigins?: string[];
  /** Redis for the shared rate limiter. Env `REDIS_URL`. @default undefined (in memory) */
  redisUrl?: string;
  /** Prefix of Tessera's Redis keys, for a Redis shared with other apps. Env `REDIS_KEY_PREFIX`. @default 'tessera:' */
  redisKeyPrefix?: string;
  /** Failed logins before an account is throttled. Env `LOGIN_MAX_FAILURES_PER_ACCOUNT`. @default 10 */
  loginMaxFailuresPerAccount?: number;
  /** Failed logins before an IP is throttled. Env `LOGIN_MAX_FAILURES_PER_IP`. @default 30 */
  loginMaxFailuresPerIp?: number;
  /** Window of the login counters. Env `LOGIN_FAILURE_WINDOW`. @default 900 (15 minutes) */
  loginFailureWindow?: number | string;
  /** Env `PASSWORD_MIN_LENGTH`. @default 8 */
  passwordMinLength?: number;
  /** Bounded so a huge password cannot be used to burn CPU. Env `PASSWORD_MAX_LENGTH`. @default 256 */
  passwordMaxLength?: number;
  /** Custom user fields. Env `USER_FIELDS`, e.g. `company:string,age:number,newsletter:boolean`. @default {} */
  userFields?: Record<string, UserFieldSpec>;
  /** Read the client IP from X-Forwarded-For (only behind a proxy you run). Env `TRUST_PROXY`. @default false */
  trustProxy?: boolean;
  /** Largest accepted request body in bytes. Env `MAX_BODY_BYTES`. @default 16384 */
  maxBodyBytes?: number;
  /** Verified access tokens kept in memory so hot routes skip signature checks. Env `TOKEN_CACHE_SIZE`. @default 10000 */
  tokenCacheSize?: number;
  /** argon2id cost (OWASP: m=19 MiB, t=2, p=1). Env `ARGON2_MEMORY_KIB`, `ARGON2_TIME_COST`. */
  argon2?: { memoryCost?: number; timeCost?: number; parallelism?: number };
  /** Password hashes run at once; the rest queue so hashing never starves the event loop's core. Env `HASH_CONCURRENCY`. @default max(1, cores - 1) */
  hashConcurrency?: number;
  /** Adds claims to every access token. */
  claims?: ClaimsHook;
  /**
   * OpenID Connect providers for `POST /auth/social/:provider`. Env `GOOGLE_CLIENT_ID`, `GOOGLE_CLIENT_SECRET`,
   * `GOOGLE_ISSUER`, and `OIDC_<NAME>_ISSUER`, `_CLIENT_ID`, `_CLIENT_SECRET`, `_NAME`. @default []
   */
  socialProviders?: SocialProviderOptions[];
  /**
   * Link a new social identity to the existing account with the same email when the provider marks the email
   * verified. Env `SOCIAL_LINK_VERIFIED_EMAILS`. @default true
   */
  socialLinkVerifiedEmails?: boolean;
  /** Outbound HTTP (provider discovery, JWKS, code exchange), injectable for tests. @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Clock in epoch milliseconds, injectable for tests. @default Date.now */
  now?: () => number;
  /** Where start-up and security events go; tokens and secrets are never passed to it. @default console */
  logger?: Logger;
}

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

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
  readonly cookie: Readonly<{ name: string; secure: boolean; sameSite: SameSite; domain: string | undefined }>;
  readonly corsAllowedOrigins: readonly string[];
  readonly redisUrl: string | undefined;
  readonly redisKeyPrefix: string;
  readonly loginMaxFailuresPerAccount: number;
  readonly loginMaxFailuresPerIp: number;
  readonly loginFailureWindow: number;
  readonly passwordMinLength: number;
  readonly passwordMaxLength: number;
  readonly userFields: Readonly<Record<string, Required<UserFieldSpec>>>;
  readonly trustProxy: boolean;
  readonly maxBodyBytes: number;
  readonly tokenCacheSize: number;
  readonly argon2: Readonly<{ memoryCost: number; timeCost: number; parallelism: number }>;
  readonly hashConcurrency: number;
  readonly claims: ClaimsHook | undefined;
  readonly social: ResolvedSocialConfig;
  readonly fetch: typeof fetch;
  readonly now: () => number;
  readonly logger: Logger;
}

/** A setting that cannot be used; `setting` names the environment variable. */
export class ConfigError extends Error {
  readonly setting: string;
  constructor(setting: string, message: string) {
    super(`${setting}: ${message}`);
    this.name = 'ConfigError';
    this.setting = setting;
  }
}

const ALGORITHMS: readonly JwtAlgorithm[] = ['EdDSA', 'ES256', 'RS256', 'HS256'];
const SAME_SITE: readonly SameSite[] = ['lax', 'strict', 'none'];
const RESERVED_FIELDS = new Set(['id', 'email', 'name', 'email_verified', 'created_at', 'password', 'is_superuser']);

type Env = Record<string, string | undefined>;

/** Reads every Tessera setting from environment variables (a `.env` file is loaded by the CLI before this). */
export function optionsFromEnv(env: Env = process.env): TesseraOptions {
  const options: TesseraOptions = {};
  const str = (name: string) => (env[name] === undefined || env[name] === '' ? undefined : env[name]);
  const int = (name: string) => {
    const raw = str(name);
    if (raw === undefined) return undefined;
    if (!/^\d+$/.test(raw)) throw new ConfigError(name, `expected a whole number, got "${raw}"`);
    return Number(raw);
  };
  const bool = (name: string) => {
    const raw = str(name)?.toLowerCase();
    if (raw === undefined) return undefined;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    if (['0', 'false', 'no', 'off'].includes(raw)) return false;
    throw new ConfigError(name, `expected true or false, got "${raw}"`);
  };
  const set = <K extends keyof TesseraOptions>(key: K, value: TesseraOptions[K] | undefined) => {
    if (value !== undefined) options[key] = value;
  };

  set('databaseUrl', str('DATABASE_URL'));
  set('basePath', str('AUTH_BASE_PATH'));
  set('issuer', str('JWT_ISSUER'));
  set('audience', str('JWT_AUDIENCE'));
  set('algorithm', str('JWT_ALGORITHM') as JwtAlgorithm | undefined);
  set('privateKey', str('JWT_PRIVATE_KEY'));
  set('secret', str('JWT_SECRET'));
  set('accessTokenTtl', str('ACCESS_TOKEN_TTL'));
  set('refreshTokenTtl', str('REFRESH_TOKEN_TTL'));
  set('sessionMaxLifetime', str('SESSION_MAX_LIFETIME'));
  set('refreshReuseGrace', str('REFRESH_REUSE_GRACE'));
  const cookie: NonNullable<TesseraOptions['cookie']> = {};
  if (str('JWT_COOKIE_NAME')) cookie.name = str('JWT_COOKIE_NAME')!;
  const secure = bool('JWT_COOKIE_SECURE');
  if (secure !== undefined) cookie.secure = secure;
  if (str('JWT_COOKIE_SAMESITE')) cookie.sameSite = str('JWT_COOKIE_SAMESITE')!.toLowerCase() as SameSite;
  if (str('JWT_COOKIE_DOMAIN')) cookie.domain = str('JWT_COOKIE_DOMAIN')!;
  options.cookie = cookie;
  const origins = str('CORS_ALLOWED_ORIGINS');
  if (origins)
    options.corsAllowedOrigins = origins
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean);
  set('redisUrl', str('REDIS_URL'));
  set('redisKeyPrefix', str('REDIS_KEY_PREFIX'));
  set('loginMaxFailuresPerAccount', int('LOGIN_MAX_FAILURES_PER_ACCOUNT'));
  set('loginMaxFailuresPerIp', int('LOGIN_MAX_FAILURES_PER_IP'));
  set('loginFailureWindow', str('LOGIN_FAILURE_WINDOW'));
  set('passwordMinLength', int('PASSWORD_MIN_LENGTH'));
  set('passwordMaxLength', int('PASSWORD_MAX_LENGTH'));
  const fields = str('USER_FIELDS');
  if (fields) options.userFields = parseUserFields(fields);
  set('trustProxy', bool('TRUST_PROXY'));
  set('maxBodyBytes', int('MAX_BODY_BYTES'));
  set('tokenCacheSize', int('TOKEN_CACHE_SIZE'));
  const memoryCost = int('ARGON2_MEMORY_KIB');
  const timeCost = int('ARGON2_TIME_COST');
  if (memoryCost !== undefined || timeCost !== undefined) {
    options.argon2 = {};
    if (memoryCost !== undefined) options.argon2.memoryCost = memoryCost;
    if (timeCost !== undefined) options.argon2.timeCost = timeCost;
  }
  set('hashConcurrency', int('HASH_CONCURRENCY'));
  set('socialProviders', socialProvidersFromEnv(env));
  set('socialLinkVerifiedEmails', bool('SOCIAL_LINK_VERIFIED_EMAILS'));
  return options;
}

function parseUserFields(text: string): Record<string, UserFieldSpec> {
  const fields: Record<string, UserFieldSpec> = {};
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [name, type = 'string'] = part.split(':').map((s) => s.trim());
    if (!name || !['string', 'number', 'boolean'].includes(type)) {
      throw new ConfigError('USER_FIELDS', `"${part}" is not name:string|number|boolean`);
    }
    fields[name] = { type: type as UserFieldSpec['type'] };
  }
  return fields;
}

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
  if (algorithm === 'HS256') {
    if (!options.secret) throw new ConfigError('JWT_SECRET', 'is required when JWT_ALGORITHM=HS256');
    if (Buffer.byteLength(options.secret) < 32) throw new ConfigError('JWT_SECRET', 'must be at least 32 bytes');
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
    if (!/^[a-z][a-z0-9_]{0,62}$/.test(name) || RESERVED_FIELDS.has(name)) {
      throw new ConfigError('USER_FIELDS', `"${name}" cannot be a custom field name`);
    }
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
  const cores = availableParallelism();

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
    cookie: Object.freeze({ name: cookieName, secure, sameSite, domain: options.cookie?.domain }),
    corsAllowedOrigins: Object.freeze(origins),
    redisUrl: options.redisUrl,
    redisKeyPrefix: options.redisKeyPrefix ?? 'tessera:',
    loginMaxFailuresPerAccount: positive('LOGIN_MAX_FAILURES_PER_ACCOUNT', options.loginMaxFailuresPerAccount, 10),
    loginMaxFailuresPerIp: positive('LOGIN_MAX_FAILURES_PER_IP', options.loginMaxFailuresPerIp, 30),
    loginFailureWindow: duration('LOGIN_FAILURE_WINDOW', options.loginFailureWindow, 900),
    passwordMinLength,
    passwordMaxLength,
    userFields: Object.freeze(userFields),
    trustProxy: options.trustProxy ?? false,
    maxBodyBytes: positive('MAX_BODY_BYTES', options.maxBodyBytes, 16 * 1024),
    tokenCacheSize: options.tokenCacheSize ?? 10_000,
    argon2: Object.freeze({
      memoryCost: positive('ARGON2_MEMORY_KIB', options.argon2?.memoryCost, 19_456),
      timeCost: positive('ARGON2_TIME_COST', options.argon2?.timeCost, 2),
      parallelism: positive('ARGON2_PARALLELISM', options.argon2?.parallelism, 1),
    }),
    hashConcurrency: positive('HASH_CONCURRENCY', options.hashConcurrency, Math.max(1, cores - 1)),
    claims: options.claims,
    social: resolveSocialConfig(options.socialProviders, options.socialLinkVerifiedEmails ?? true),
    fetch: options.fetch ?? ((input: Parameters<typeof fetch>[0], init?: RequestInit) => globalThis.fetch(input, init)),
    now: options.now ?? Date.now,
    logger: options.logger ?? consoleLogger,
  });
}

const consoleLogger: Logger = {
  info: (message, fields) => console.info(`[tessera] ${message}`, fields ?? ''),
  warn: (message, fields) => console.warn(`[tessera] ${message}`, fields ?? ''),
  error: (message, fields) => console.error(`[tessera] ${message}`, fields ?? ''),
};
