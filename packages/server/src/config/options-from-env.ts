// Environment variables → TesseraOptions; values are checked for shape here and for meaning in resolveConfig.
import { emailOptionsFromEnv } from '../email/email-config.js';
import { socialProvidersFromEnv } from '../social/social-config.js';
import { webhookOptionsFromEnv } from '../webhooks/webhook-config.js';
import { passkeyOptionsFromEnv } from '../passkeys/passkey-config.js';
import { ConfigError } from './config-error.js';
import type { JwtAlgorithm, SameSite, TesseraOptions, UserFieldSpec } from './options.js';

export type Env = Record<string, string | undefined>;

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
  /** A comma-separated list, entries trimmed, empty ones dropped. */
  const list = (name: string) =>
    str(name)
      ?.split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
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
  if (str('JWT_COOKIE_HINT_NAME')) cookie.hintName = str('JWT_COOKIE_HINT_NAME')!;
  options.cookie = cookie;
  set('cookieDiagnostics', bool('COOKIE_DIAGNOSTICS'));
  set('corsAllowedOrigins', list('CORS_ALLOWED_ORIGINS'));
  set('redisUrl', str('REDIS_URL'));
  set('redisKeyPrefix', str('REDIS_KEY_PREFIX'));
  set('loginMaxFailuresPerAccount', int('LOGIN_MAX_FAILURES_PER_ACCOUNT'));
  set('loginMaxFailuresPerIp', int('LOGIN_MAX_FAILURES_PER_IP'));
  set('loginFailureWindow', str('LOGIN_FAILURE_WINDOW'));
  set('passwordMinLength', int('PASSWORD_MIN_LENGTH'));
  set('passwordMaxLength', int('PASSWORD_MAX_LENGTH'));
  const breachCheck = {
    enabled: bool('PASSWORD_BREACH_CHECK'),
    url: str('PASSWORD_BREACH_CHECK_URL'),
    timeoutMs: int('PASSWORD_BREACH_CHECK_TIMEOUT_MS'),
  };
  if (Object.values(breachCheck).some((value) => value !== undefined)) {
    options.passwordBreachCheck = Object.fromEntries(Object.entries(breachCheck).filter(([, value]) => value !== undefined));
  }
  const fields = str('USER_FIELDS');
  if (fields) options.userFields = parseUserFields(fields);
  const trustProxy = str('TRUST_PROXY');
  set('trustProxy', trustProxy !== undefined && /^\d+$/.test(trustProxy) ? Number(trustProxy) : bool('TRUST_PROXY'));
  set('maxBodyBytes', int('MAX_BODY_BYTES'));
  set('shutdownTimeout', str('SHUTDOWN_TIMEOUT'));
  set('tokenCacheSize', int('TOKEN_CACHE_SIZE'));
  set('instantRevocation', bool('INSTANT_REVOCATION'));
  set('securityEventsRetention', str('SECURITY_EVENTS_RETENTION'));
  set('notifyNewSignIn', bool('NOTIFY_NEW_SIGN_IN'));
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
  set('mfaRequired', str('MFA_REQUIRED') as TesseraOptions['mfaRequired']);
  set('tesseraSecret', str('TESSERA_SECRET'));
  set('loginMaxFailuresPerAccountAndIp', int('LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP'));
  set('registerMaxPerIp', int('REGISTER_MAX_PER_IP'));
  set('registerWindow', str('REGISTER_WINDOW'));
  set('hashQueueMax', int('HASH_QUEUE_MAX'));
  set('trustedProxies', list('TRUSTED_PROXIES'));
  Object.assign(options, emailOptionsFromEnv(str, int, bool));
  Object.assign(options, webhookOptionsFromEnv(str, list));
  Object.assign(options, passkeyOptionsFromEnv(str, list));
  return options;
}

function parseUserFields(text: string): Record<string, UserFieldSpec> {
  // Entries, not assignment: `fields['__proto__'] = …` would set the prototype and hide the name from validation.
  const fields: Array<[string, UserFieldSpec]> = [];
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [name, type = 'string'] = part.split(':').map((s) => s.trim());
    if (!name || !['string', 'number', 'boolean'].includes(type)) {
      throw new ConfigError('USER_FIELDS', `"${part}" is not name:string|number|boolean`);
    }
    fields.push([name, { type: type as UserFieldSpec['type'] }]);
  }
  return Object.fromEntries(fields);
}
