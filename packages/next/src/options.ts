// The options of createTesseraNext, and their defaults, resolved once and frozen.

/** A Tessera to talk to: its origin (a separate API), or its web handler mounted in this process (`tessera.fetch`). */
export type Upstream = string | URL | ((request: Request) => Promise<Response>);

/** How the browser's address is found: the number of proxies in front of this Next server, or your own function. */
export type ClientAddressOption = number | ((headers: Headers) => string | undefined);

export interface TesseraNextOptions {
  /**
   * The Tessera server: `'https://auth.example.com'` (a separate API) or `tessera.fetch` of a `createTessera()` in
   * this process (embedded). Auth routes, the refresh call and the JWKS are requested from it.
   */
  upstream: Upstream;
  /** The `iss` access tokens must carry (Tessera's JWT_ISSUER). @default 'tessera' */
  issuer?: string;
  /** The `aud` access tokens must carry (Tessera's JWT_AUDIENCE). @default 'tessera' */
  audience?: string;
  /** Pinned signing algorithms (RFC 8725 §3.1), Tessera's JWT_ALGORITHM. HS256 cannot be verified here. @default ['EdDSA'] */
  algorithms?: string[];
  /** Where Tessera's auth routes live, on Tessera and on this app (`app/auth/[...tessera]/route.ts`). @default '/auth' */
  basePath?: string;
  /** Tessera's JWKS path. @default '/.well-known/jwks.json' */
  jwksPath?: string;
  /** Tessera's refresh cookie name (JWT_COOKIE_NAME). @default 'refresh_token' */
  refreshCookie?: string;
  /** Tessera's session hint cookie name (JWT_COOKIE_HINT_NAME). @default 'tessera_session' */
  hintCookie?: string;
  /** The HttpOnly cookie holding the access token on this app's origin. @default 'tessera_access' */
  accessCookie?: string;
  /**
   * Secure attribute on the cookies this package sets (browsers keep Secure cookies on http://localhost too).
   * @default process.env.NODE_ENV !== 'development'
   */
  secureCookies?: boolean;
  /**
   * The browser address passed to Tessera as X-Forwarded-For: the `n`-th X-Forwarded-For entry from the right, `n`
   * being the proxies in front of this server that append to it, or a function of the request headers. Tessera
   * believes it only with this server in TRUSTED_PROXIES (or TRUST_PROXY=1 when embedded). 0 sends none.
   * @default 0
   */
  clientAddress?: ClientAddressOption;
  /** Base URL of `authFetch`'s relative paths (your API). @default the upstream origin when it is a URL */
  apiUrl?: string;
  /**
   * How long a refresh's result is reused for requests that arrive with the refresh token it replaced (parallel
   * requests of one navigation), in ms: they get the same new cookies instead of refreshing again. @default 10_000
   */
  refreshReuse?: number;
  /** @default globalThis.fetch (only for a URL upstream and authFetch) */
  fetch?: (input: Request) => Promise<Response>;
  /** Epoch ms. @default () => Date.now() */
  now?: () => number;
}

export interface ResolvedOptions {
  readonly upstream: (request: Request) => Promise<Response>;
  /** Absolute URL of a path on Tessera (a placeholder origin for an embedded Tessera). */
  readonly upstreamUrl: (path: string) => string;
  readonly issuer: string;
  readonly audience: string;
  readonly algorithms: readonly string[];
  readonly basePath: string;
  readonly jwksPath: string;
  readonly refreshCookie: string;
  readonly hintCookie: string;
  readonly accessCookie: string;
  readonly secureCookies: boolean;
  readonly clientAddress: ClientAddressOption;
  readonly apiUrl: string | undefined;
  readonly refreshReuse: number;
  readonly fetch: (input: Request) => Promise<Response>;
  readonly now: () => number;
}

// An embedded Tessera is reached by calling its handler; it still needs absolute request URLs.
const EMBEDDED_ORIGIN = 'http://tessera.internal';

declare const process: { env: Record<string, string | undefined> } | undefined;

/** `options` with every default filled in, frozen. */
export function resolveOptions(options: TesseraNextOptions): ResolvedOptions {
  const fetchImpl = options.fetch ?? ((request: Request) => fetch(request));
  const { upstream } = options;
  const origin = typeof upstream === 'function' ? EMBEDDED_ORIGIN : new URL(String(upstream)).toString().replace(/\/$/, '');
  const nodeEnv = typeof process === 'object' ? process.env.NODE_ENV : undefined;
  return Object.freeze({
    upstream: typeof upstream === 'function' ? upstream : fetchImpl,
    upstreamUrl: (path: string) => origin + path,
    issuer: options.issuer ?? 'tessera',
    audience: options.audience ?? 'tessera',
    algorithms: Object.freeze([...(options.algorithms ?? ['EdDSA'])]),
    basePath: (options.basePath ?? '/auth').replace(/\/$/, ''),
    jwksPath: options.jwksPath ?? '/.well-known/jwks.json',
    refreshCookie: options.refreshCookie ?? 'refresh_token',
    hintCookie: options.hintCookie ?? 'tessera_session',
    accessCookie: options.accessCookie ?? 'tessera_access',
    secureCookies: options.secureCookies ?? nodeEnv !== 'development',
    clientAddress: options.clientAddress ?? 0,
    apiUrl: options.apiUrl ?? (typeof upstream === 'function' ? undefined : origin),
    refreshReuse: options.refreshReuse ?? 10_000,
    fetch: fetchImpl,
    now: options.now ?? (() => Date.now()),
  });
}
