// The options createTessera accepts: every field documented with its environment variable and default.
import type { EmailOptions } from '../email/email-options.js';
import type { ClaimsHook, TesseraHooks } from '../hooks/hook-options.js';

export type { ClaimsHook, HookUser, TesseraHooks } from '../hooks/hook-options.js';
import type { SocialProviderOptions } from '../social/social-config.js';
import type { WebhookOptions } from '../webhooks/webhook-options.js';
import type { PasskeyOptions } from '../passkeys/passkey-options.js';

export type JwtAlgorithm = 'EdDSA' | 'ES256' | 'RS256' | 'HS256';
export type SameSite = 'lax' | 'strict' | 'none';

/** A custom user field (the seeds' custom user model), stored with the user and shown in the user object. */
export interface UserFieldSpec {
  type: 'string' | 'number' | 'boolean';
  /** Longest accepted string. @default 200 */
  maxLength?: number;
}

export interface TesseraOptions extends EmailOptions, WebhookOptions, PasskeyOptions {
  /**
   * The flows that send mail (verification, password reset, email change, passwordless sign-in). When off, their
   * routes answer 404 and EMAIL_VERIFICATION must be off. Env `ACCOUNT_EMAILS`. @default true
   */
  accountEmails?: boolean;
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
  /** Shared secret for HS256: at least 32 bytes and random-looking (`openssl rand -base64 32`). Env `JWT_SECRET`. */
  secret?: string;
  /** Access token lifetime in seconds. Env `ACCESS_TOKEN_TTL`. @default 900 */
  accessTokenTtl?: number | string;
  /** Sliding refresh token lifetime in seconds. Env `REFRESH_TOKEN_TTL`. @default 2592000 (30 days) */
  refreshTokenTtl?: number | string;
  /** Absolute session maximum in seconds, whatever the refreshes. Env `SESSION_MAX_LIFETIME`. @default 7776000 (90 days) */
  sessionMaxLifetime?: number | string;
  /** Window in which a just-rotated refresh token still gets its successor. Env `REFRESH_REUSE_GRACE`. @default 10 */
  refreshReuseGrace?: number | string;
  /**
   * Refresh cookie settings. Env `JWT_COOKIE_NAME`, `JWT_COOKIE_SECURE`, `JWT_COOKIE_SAMESITE`, `JWT_COOKIE_DOMAIN`,
   * `JWT_COOKIE_HINT_NAME`.
   */
  cookie?: {
    /**
     * A `__Host-` name (e.g. `__Host-refresh`) makes the cookie Path=/, Secure and host-only, so no other subdomain
     * can overwrite or shadow it (cookie tossing); it needs Secure and no `domain`, checked at start-up.
     * @default 'refresh_token'
     */
    name?: string;
    /** @default true unless NODE_ENV=development */
    secure?: boolean;
    /** @default 'lax' */
    sameSite?: SameSite;
    /** A host name (checked at start-up). @default undefined (host-only cookie) */
    domain?: string;
    /**
     * The session hint: a readable cookie (`<name>=1`, no secret, Path=/, not HttpOnly) set and cleared with the
     * refresh cookie, so the browser SDK skips its restore call on signed-out page loads. Rename it with the refresh
     * cookie when several apps share a host. Env `JWT_COOKIE_HINT_NAME`. @default 'tessera_session'
     */
    hintName?: string;
  };
  /**
   * A refresh answered 401 because no refresh cookie came carries `cookie_diagnostic`: the likely reason the browser
   * kept it back (SameSite across sites, Secure over http, Domain, Path), which the browser SDK prints once to the
   * console (docs/deployment.md). It describes only the request and the cookie settings (Set-Cookie shows those
   * anyway), but production answers stay as terse as ever. Env `COOKIE_DIAGNOSTICS` (`on`/`off`).
   * @default true unless NODE_ENV=production
   */
  cookieDiagnostics?: boolean;
  /** Origins allowed to call with credentials. Env `CORS_ALLOWED_ORIGINS` (comma-separated). @default [] */
  corsAllowedOrigins?: string[];
  /** Redis for the shared rate limiter. Env `REDIS_URL`. @default undefined (in memory) */
  redisUrl?: string;
  /** Prefix of Tessera's Redis keys, for a Redis shared with other apps. Env `REDIS_KEY_PREFIX`. @default 'tessera:' */
  redisKeyPrefix?: string;
  /**
   * Failed logins on an account from all addresses together before it is throttled for everyone: the ceiling
   * against guesses spread over many addresses, kept well above the per-pair limit so one attacker cannot lock the
   * owner out. Env `LOGIN_MAX_FAILURES_PER_ACCOUNT`. @default 100
   */
  loginMaxFailuresPerAccount?: number;
  /** Failed logins before an IP is throttled. Env `LOGIN_MAX_FAILURES_PER_IP`. @default 30 */
  loginMaxFailuresPerIp?: number;
  /** Window of the login counters. Env `LOGIN_FAILURE_WINDOW`. @default 900 (15 minutes) */
  loginFailureWindow?: number | string;
  /** Env `PASSWORD_MIN_LENGTH`. @default 8 */
  passwordMinLength?: number;
  /** Bounded so a huge password cannot be used to burn CPU. Env `PASSWORD_MAX_LENGTH`. @default 256 */
  passwordMaxLength?: number;
  /**
   * Refuse new passwords found in a breach corpus through a k-anonymity range API (only 5 hex characters of the
   * password's SHA-1 leave the server). Fail-open: when the service does not answer within the timeout, the password
   * is accepted and a warning logged. Env `PASSWORD_BREACH_CHECK` (`on`/`off`), `PASSWORD_BREACH_CHECK_URL`,
   * `PASSWORD_BREACH_CHECK_TIMEOUT_MS`.
   */
  passwordBreachCheck?: {
    /** @default false */
    enabled?: boolean;
    /** The range endpoint; `/<first 5 hex of SHA-1>` is appended. @default 'https://api.pwnedpasswords.com/range' */
    url?: string;
    /** @default 2000 */
    timeoutMs?: number;
  };
  /** Custom user fields. Env `USER_FIELDS`, e.g. `company:string,age:number,newsletter:boolean`. @default {} */
  userFields?: Record<string, UserFieldSpec>;
  /**
   * Proxies in front of the server that append to X-Forwarded-For: the client address is the entry that many places
   * from the right (the socket peer counting as the first hop); `true` means 1. Only when the server cannot be
   * reached but through them. Env `TRUST_PROXY` (`false`, `true` or a number). @default false (0: the socket peer)
   */
  trustProxy?: boolean | number;
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
  /**
   * Failed logins on one account from one address before that pair is throttled (the owner elsewhere is not).
   * Env `LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP`. @default 10
   */
  loginMaxFailuresPerAccountAndIp?: number;
  /** Registrations (successful or not) per address per `registerWindow`. Env `REGISTER_MAX_PER_IP`. @default 30 */
  registerMaxPerIp?: number;
  /** Window of the registration counter. Env `REGISTER_WINDOW`. @default 3600 (1 hour) */
  registerWindow?: number | string;
  /**
   * Password hashes waiting for a free slot (beyond `hashConcurrency` running) before more are refused with 503
   * `service_unavailable` and Retry-After; sign-ins take the place of waiting registrations. Env `HASH_QUEUE_MAX`.
   * @default 64
   */
  hashQueueMax?: number;
  /**
   * Addresses or CIDR ranges of your proxies: when the socket peer is one of them, the client address is the
   * rightmost X-Forwarded-For entry that is not. Replaces `trustProxy`. Env `TRUSTED_PROXIES` (comma-separated).
   * @default [] (none)
   */
  trustedProxies?: string[];
  /** Adds claims to every access token (or give it as `hooks.claims`, not both). */
  claims?: ClaimsHook;
  /**
   * In-process hooks: `beforeRegister` (may refuse), `afterRegister`, `claims`, `onEvent` (docs/webhooks.md),
   * `beforeDelete` (docs/admin.md). @default {}
   */
  hooks?: TesseraHooks;
  /**
   * How long security events (GET /auth/me/events, docs/events.md) are kept; older ones are purged hourly, in
   * batches. Env `SECURITY_EVENTS_RETENTION`. @default 7776000 (90 days)
   */
  securityEventsRetention?: number | string;
  /**
   * Mail users on a sign-in from a browser or address not seen on their account before (each user may also opt out).
   * Env `NOTIFY_NEW_SIGN_IN` (`off` turns it off). @default true
   */
  notifyNewSignIn?: boolean;
  /**
   * OpenID Connect providers for `POST /auth/social/:provider`. Env `GOOGLE_CLIENT_ID`, `GOOGLE_CLIENT_SECRET`,
   * `GOOGLE_ISSUER`, and `OIDC_<NAME>_ISSUER`, `_CLIENT_ID`, `_CLIENT_SECRET`, `_NAME`. @default []
   */
  socialProviders?: SocialProviderOptions[];
  /**
   * Link a new social identity to the existing account with the same email when the provider marks the email
   * verified and the account's own email is verified too (never otherwise). Env `SOCIAL_LINK_VERIFIED_EMAILS`. @default true
   */
  socialLinkVerifiedEmails?: boolean;
  /**
   * Second factors (mfa/): `off` (no MFA routes, no MFA step), `optional` (users choose; a per-user flag can require
   * it of one user) or `required` (every user must enrol one). Env `MFA_REQUIRED`. @default 'optional'
   */
  mfaRequired?: 'off' | 'optional' | 'required';
  /**
   * Encrypts the stored private signing keys and the refresh-token secret (AES-256-GCM under a key derived with
   * HKDF-SHA256): any string of at least 32 characters, e.g. `openssl rand -base64 32`. Required when
   * NODE_ENV=production; otherwise made once and kept beside the SQLite database (`tessera-secret`, mode 0600).
   * Back it up apart from the database. Env `TESSERA_SECRET` (read by createTessera too). @default undefined
   */
  tesseraSecret?: string;
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
