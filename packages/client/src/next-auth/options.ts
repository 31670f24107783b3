// The options of createTesseraAuth, resolved once into a frozen context every part shares.
import type { Account } from 'next-auth';
import type { CredentialInput } from 'next-auth/providers/credentials';
import type { AuthAdapter, AuthRequest, TokenSet } from '../adapters/auth-adapter.js';
import { tessera, type TesseraCredentials, type TesseraUser } from '../adapters/tessera.js';
import type { Fetch } from '../fetch.js';
import { createAuthRequest } from '../auth-request.js';
import { globalTimers } from '../timers.js';
import { ADDRESS_HEADERS, type ClientAddressOption } from './browser-address.js';
import { FORWARDED_USER_AGENT } from './forwarded-headers.js';
import { createReplayCache, type ReplayCache } from './replay-cache.js';
import { createSealer } from './sealed-value.js';
import { assertStrongSecret } from './secret-strength.js';
import { createSharedReplay, type SharedReplay, type SharedReplayOptions } from './shared-replay.js';
import { sessionCookieName } from './session-cookie.js';
import { createTokenRefresher, type TokenRefresher } from './token-refresher.js';

/** The backend protocol: sign-in, refresh and logout with the refresh token in JSON bodies. */
export type TesseraAuthAdapter<TUser, TLogin> = Pick<
  AuthAdapter<TUser, TLogin, never>,
  'login' | 'refresh' | 'logout' | 'parseTokens' | 'errorCode' | 'challenge' | 'verifyMfa'
>;

export interface TesseraAuthOptions<TUser = TesseraUser, TLogin = TesseraCredentials> {
  /** The backend's origin (and path prefix), e.g. `process.env.TESSERA_URL`. */
  baseUrl: string;
  /** Endpoints and field names. Must keep the refresh token in bodies: `simplejwt()` does, Tessera needs `transport: 'body'`. @default tessera({ transport: 'body' }) */
  adapter?: TesseraAuthAdapter<TUser, TLogin>;
  /** Refresh once the access token has less than this many ms left. @default 60_000 */
  refreshMargin?: number;
  /** How long a finished rotation is handed to late callers that still carry the old refresh token, ms. @default 30_000 */
  replayWindow?: number;
  /** Entries the replay cache holds at most. @default 1_000 */
  replayCacheSize?: number;
  /** Replaces the in-memory replay cache (keys are SHA-256 hashes of old refresh tokens). @default createReplayCache() */
  replayCache?: ReplayCache<TokenSet<TUser>>;
  /**
   * Share the single flight and the replay cache between Next.js instances through Redis, so two instances never
   * refresh the same token. Replaces `replayCache`; values are encrypted with a key derived from `secret`.
   * @example sharedReplay: { redis: new Redis(process.env.REDIS_URL!) }
   * @default undefined (per process, in memory)
   */
  sharedReplay?: SharedReplayOptions;
  /**
   * Which OAuth/OIDC sign-ins to exchange at the backend, and how. Return null to leave an account alone.
   * @default an account with an `id_token` → Tessera's `POST /auth/social/<account.provider>` `{id_token}` with body transport
   */
  socialRequest?: (account: Account) => AuthRequest | null;
  /** The credentials form fields; only these are sent to the backend. @default { email, password } */
  credentials?: Record<string, CredentialInput>;
  /**
   * Headers of the browser's request passed on as they are with every call made for it. The browser's user agent
   * always goes, as `X-Forwarded-User-Agent` (Tessera names the session after it when this server is in its
   * `TRUSTED_PROXIES`); list `'user-agent'` here for a backend that reads only its requests' own User-Agent
   * (simplejwt). Address headers (`x-forwarded-for`, `forwarded`, `x-real-ip`) and `x-forwarded-user-agent` are
   * refused: the browser can write them; see `clientAddress`. @default []
   */
  forwardHeaders?: string[];
  /**
   * How this server finds the browser's address, sent to the backend as `X-Forwarded-For` at sign-in so its
   * per-address login limits see the user, not this server (list this server in Tessera's `TRUSTED_PROXIES`). A
   * number: the proxies in front of this server that append to X-Forwarded-For (1 behind one nginx, a load
   * balancer, or Vercel); the entry that many places from the right is used. Or a function of the request headers.
   * @default 0 (no address sent: every sign-in counts under this server's address)
   */
  clientAddress?: ClientAddressOption;
  /**
   * next-auth's secret. At least 32 characters, not a well-known value, not predictable (`openssl rand -base64 32`):
   * createTesseraAuth throws otherwise. @default process.env.NEXTAUTH_SECRET ?? process.env.AUTH_SECRET
   */
  secret?: string;
  /** next-auth's `session.maxAge`, seconds; used when the middleware re-issues the cookie. @default 30 days */
  sessionMaxAge?: number;
  /** Use the `__Secure-` cookie. @default NEXTAUTH_URL starts with https:// (or VERCEL is set) */
  secureCookie?: boolean;
  /** next-auth's session cookie name, if you changed `cookies.sessionToken`. @default next-auth's own */
  cookieName?: string;
  /** @default globalThis.fetch */
  fetch?: Fetch;
  /** Epoch ms; decides when a token is due. @default () => Date.now() */
  now?: () => number;
  /** Abort a backend request after this many ms. @default 15_000 */
  requestTimeout?: number;
  /** Where failures that cannot reach the user go (a logout the backend did not get). @default console */
  logger?: Pick<Console, 'error'>;
}

export interface TesseraAuthContext<TUser, TLogin> {
  readonly adapter: TesseraAuthAdapter<TUser, TLogin>;
  readonly call: (request: AuthRequest) => Promise<unknown>;
  readonly refresher: TokenRefresher<TUser>;
  readonly socialRequest: (account: Account) => AuthRequest | null;
  readonly credentials: Record<string, CredentialInput>;
  readonly forwardHeaders: readonly string[];
  readonly clientAddress: ClientAddressOption;
  readonly secret: string | undefined;
  readonly sessionMaxAge: number;
  readonly secureCookie: boolean;
  readonly cookieName: string;
  readonly now: () => number;
  readonly logger: Pick<Console, 'error'>;
}

const env = (name: string): string | undefined =>
  (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];

const BODY_TRANSPORT = { 'x-token-transport': 'body' };

/** Tessera's social route: the ID token the provider gave next-auth, exchanged once, at sign-in (docs/social-login.md). */
export function tesseraSocialRequest(account: Account): AuthRequest | null {
  if (typeof account.id_token !== 'string' || account.type !== 'oauth') return null;
  return { path: `/auth/social/${encodeURIComponent(account.provider)}`, body: { id_token: account.id_token }, headers: BODY_TRANSPORT };
}

export function resolveOptions<TUser, TLogin>(options: TesseraAuthOptions<TUser, TLogin>): TesseraAuthContext<TUser, TLogin> {
  const adapter = options.adapter ?? (tessera({ transport: 'body' }) as unknown as TesseraAuthAdapter<TUser, TLogin>);
  const now = options.now ?? (() => Date.now());
  const requestTimeout = options.requestTimeout ?? 15_000;
  const call = createAuthRequest({
    baseUrl: options.baseUrl.replace(/\/$/, ''),
    adapter,
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    timers: globalTimers,
    requestTimeout,
  });
  const replayWindow = options.replayWindow ?? 30_000;
  const cache =
    options.replayCache ?? createReplayCache<TokenSet<TUser>>({ ttl: replayWindow, maxEntries: options.replayCacheSize ?? 1_000, now });
  const secret = options.secret ?? env('NEXTAUTH_SECRET') ?? env('AUTH_SECRET');
  // Refused at start-up rather than at the first cookie: a guessable secret opens every cookie already issued. A missing
  // one is left to its first use (`next build` runs without it).
  if (secret !== undefined) {
    assertStrongSecret(
      secret,
      options.secret !== undefined ? '`secret`' : env('NEXTAUTH_SECRET') !== undefined ? 'NEXTAUTH_SECRET' : 'AUTH_SECRET',
    );
  }
  const logger = options.logger ?? console;
  const shared = options.sharedReplay && resolveSharedReplay<TUser>(options.sharedReplay, { replayWindow, secret, logger, requestTimeout });
  const secureCookie = options.secureCookie ?? (env('NEXTAUTH_URL')?.startsWith('https://') || !!env('VERCEL'));
  return Object.freeze({
    adapter,
    call,
    refresher: createTokenRefresher({
      adapter,
      call,
      cache,
      shared,
      margin: options.refreshMargin ?? 60_000,
      signedOutFor: replayWindow,
      now,
    }),
    socialRequest: options.socialRequest ?? tesseraSocialRequest,
    credentials: options.credentials ?? {
      email: { label: 'Email', type: 'email' },
      password: { label: 'Password', type: 'password' },
    },
    forwardHeaders: Object.freeze(forwardHeaders(options.forwardHeaders ?? [])),
    clientAddress: options.clientAddress ?? 0,
    secret,
    sessionMaxAge: options.sessionMaxAge ?? 30 * 24 * 60 * 60,
    secureCookie,
    cookieName: options.cookieName ?? sessionCookieName(secureCookie),
    now,
    logger,
  });
}

/**
 * Lower-cased; an address header or the forwarded user agent is refused: passed on as the browser wrote it, it would
 * let the browser choose what Tessera believes of this server's word.
 */
function forwardHeaders(names: readonly string[]): string[] {
  const lower = names.map((name) => name.toLowerCase());
  const address = lower.find((name) => ADDRESS_HEADERS.has(name));
  if (address) {
    throw new Error(`createTesseraAuth: forwardHeaders cannot pass on ${address}, which the browser can set; use clientAddress`);
  }
  if (lower.includes(FORWARDED_USER_AGENT)) {
    throw new Error(
      `createTesseraAuth: forwardHeaders cannot pass on ${FORWARDED_USER_AGENT}, which the browser can set; it is sent for you`,
    );
  }
  return lower;
}

function resolveSharedReplay<TUser>(
  options: SharedReplayOptions,
  context: { replayWindow: number; secret: string | undefined; logger: Pick<Console, 'error'>; requestTimeout: number },
): SharedReplay<TokenSet<TUser>> {
  const { secret, logger } = context;
  // Encrypted because the values are live token pairs and a Redis is often less guarded than the cookie secret
  // (shared instances, snapshots, MONITOR). Reading them then takes NEXTAUTH_SECRET, which already opens every
  // session cookie, so the store adds no exposure of its own. Costs one AES-GCM call per rotation.
  const sealer = createSealer(() => {
    if (!secret) throw new Error('createTesseraAuth: sharedReplay needs NEXTAUTH_SECRET (or `secret`) to encrypt what it stores');
    return secret;
  }, 'tessera next-auth shared replay v1');
  return createSharedReplay<TUser>(
    {
      redis: options.redis,
      keyPrefix: options.keyPrefix ?? 'tessera:next-auth:',
      lockTtl: options.lockTtl ?? context.requestTimeout + 5_000,
      pollInterval: options.pollInterval ?? 25,
    },
    { ttl: context.replayWindow, sealer, timers: globalTimers, logger },
  );
}
