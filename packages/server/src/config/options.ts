// The options createTessera accepts: every field documented with its environment variable and default.
import type { SocialProviderOptions } from '../social/social-config.js';

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
  /**
   * How long a stopping server (SIGTERM, SIGINT, `close()`) waits for requests in flight before it closes their
   * connections and the database. Env `SHUTDOWN_TIMEOUT`. @default 10
   */
  shutdownTimeout?: number | string;
  /** Verified access tokens kept in memory so hot routes skip signature checks. Env `TOKEN_CACHE_SIZE`. @default 10000 */
  tokenCacheSize?: number;
  /**
   * Refuse the access tokens of revoked sessions at once, in every instance, from an in-memory set kept current by
   * the database's change feed (no I/O per request; see docs/security/revocation.md). When off, an access token
   * outlives its session's revocation until it expires, unless a guard asks for `checkSession`.
   * Env `INSTANT_REVOCATION`. @default true
   */
  instantRevocation?: boolean;
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
