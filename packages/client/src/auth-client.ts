// createAuthClient: the in-memory session, its refresh (single-flight, locked across tabs, on a timer) and the actions.
import type { AuthAdapter, AuthRequest, TokenSet } from './adapters/auth-adapter.js';
import { createAuthRequest } from './auth-request.js';
import { tessera, type TesseraCredentials, type TesseraRegistration, type TesseraUser } from './adapters/tessera.js';
import { LOADING_STATE, type AuthState } from './auth-state.js';
import { AuthError, isTransient, toAuthError, type AuthErrorCode } from './errors.js';
import type { Fetch } from './fetch.js';
import { effectiveMargin } from './refresh-margin.js';
import { isReplayableBody } from './replayable-body.js';
import { singleFlight } from './single-flight.js';
import { createTabSync, type Locks, type TabSync } from './tab-sync.js';
import { globalTimers, type Timers } from './timers.js';

export interface AuthClientOptions<TUser, TLogin, TRegister> {
  /** Origin (and optional path prefix) of your API, e.g. `https://api.example.com`. Auth routes and relative `client.fetch` paths resolve against it. */
  baseUrl: string;
  /** The backend protocol. @default tessera() */
  adapter?: AuthAdapter<TUser, TLogin, TRegister>;
  /** Refresh once the access token has less than this many ms left. @default 60_000 */
  refreshMargin?: number;
  /** @default globalThis.fetch */
  fetch?: Fetch;
  /** Epoch ms. @default () => Date.now() */
  now?: () => number;
  /** @default the global setTimeout/clearTimeout */
  timers?: Timers;
  /** Restore the session as soon as the client exists. @default true where `document` exists (browsers), false on servers */
  autoStart?: boolean;
  /** BroadcastChannel and Web Lock name: clients with the same name share one session. @default `tessera:${baseUrl}` */
  channel?: string;
  /** Serialises refreshes across tabs; `null` turns the lock off. @default navigator.locks when present, else null */
  locks?: Locks | null;
  /** Queue this long behind another tab's refresh, then steal the lock. @default 10_000 */
  lockTimeout?: number;
  /** Abort an auth request after this many ms. @default 15_000 */
  requestTimeout?: number;
  /** First retry after a network failure; doubles per failure. @default 1_000 */
  retryDelay?: number;
  /** @default 60_000 */
  maxRetryDelay?: number;
  /** How long to wait for another tab's news: a session for a new tab (in-memory refresh token), a refresh result after queueing for the lock. @default 200 */
  peerTimeout?: number;
  /** Origins besides baseUrl's that `client.fetch` may send the access token to. @default [] */
  apiOrigins?: string[];
}

export interface AuthClient<TUser = TesseraUser, TLogin = TesseraCredentials, TRegister = TesseraRegistration> {
  /** Signs in here and in every other tab. Rejects with an AuthError (`invalid_credentials`, `rate_limited`, ...). */
  login(credentials: TLogin): Promise<TUser | null>;
  /** Rejects with AuthError `not_supported` when the backend has no registration endpoint. */
  register(input: TRegister): Promise<TUser | null>;
  /** Ends this session on the server and in every tab. Rejects only when the server could not be reached (the tab is signed out anyway). */
  logout(): Promise<void>;
  /** Ends every session of the user, on every device. */
  logoutAll(): Promise<void>;
  /** A valid access token (refreshed when less than `refreshMargin` is left), or null when signed out. Rejects with `network_error` once it has expired and the server is unreachable. */
  getToken(): Promise<string | null>;
  /** fetch with `Authorization: Bearer`; after a 401 `invalid_token`/`token_expired` it refreshes and retries once. Paths starting with `/` resolve against baseUrl. */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  /** The current user, fetched again when the backend has a "me" endpoint. */
  getUser(): Promise<TUser | null>;
  subscribe(listener: (state: AuthState<TUser>) => void): () => void;
  getState(): AuthState<TUser>;
  /** Restores the session (refresh cookie, or another tab); idempotent. Called for you by autoStart, AuthProvider and the actions. */
  start(): Promise<void>;
  /** Stops timers, listeners and the tab channel. */
  destroy(): void;
}

type TabMessage<TUser> = { type: 'session'; session: TokenSet<TUser> } | { type: 'signout'; code: AuthErrorCode | null } | { type: 'ask' };

// setTimeout fires at once for delays above 2^31-1 ms.
const MAX_DELAY = 2 ** 31 - 1;
const noop = () => {};

/**
 * The browser (or server-side) auth client. The access token lives in memory only; never in storage or a readable cookie.
 * @example
 * const auth = createAuthClient({ baseUrl: 'https://api.example.com' });
 * await auth.login({ email, password });
 * const posts = await auth.fetch('/api/posts');
 */
export function createAuthClient<TUser = TesseraUser, TLogin = TesseraCredentials, TRegister = TesseraRegistration>(
  options: AuthClientOptions<TUser, TLogin, TRegister>,
): AuthClient<TUser, TLogin, TRegister> {
  const {
    baseUrl,
    // The default adapter's types are the generics' defaults; a caller overriding TUser without an adapter asserts them.
    adapter = tessera() as unknown as AuthAdapter<TUser, TLogin, TRegister>,
    refreshMargin = 60_000,
    fetch: fetchImpl = (input, init) => fetch(input, init),
    now = () => Date.now(),
    timers = globalTimers,
    channel = `tessera:${baseUrl}`,
    locks = typeof navigator === 'object' ? ((navigator.locks as Locks | undefined) ?? null) : null,
    lockTimeout = 10_000,
    requestTimeout = 15_000,
    retryDelay = 1_000,
    maxRetryDelay = 60_000,
    peerTimeout = 200,
    apiOrigins = [],
    autoStart = typeof document === 'object',
  } = options;
  const origins = /^https?:\/\//i.test(baseUrl) ? [new URL(baseUrl).origin, ...apiOrigins] : apiOrigins;
  const call = createAuthRequest({ baseUrl, adapter, fetch: fetchImpl, timers, requestTimeout });

  let session: TokenSet<TUser> | null = null;
  let state: AuthState<TUser> = LOADING_STATE;
  let sync: TabSync<TabMessage<TUser>> | undefined;
  let started: Promise<void> | undefined;
  let timer: unknown;
  let retries = 0;
  let peerWaiters: Array<() => void> = [];
  let unlisten = noop;
  const listeners = new Set<(state: AuthState<TUser>) => void>();

  const marginOf = (s: TokenSet<TUser>) => effectiveMargin(refreshMargin, s.issuedAt, s.expiresAt);
  const isFresh = (s: TokenSet<TUser> | null): boolean => !!s && now() < s.expiresAt - marginOf(s);

  function setState(patch: Partial<AuthState<TUser>>): void {
    state = { ...state, ...patch };
    for (const listener of listeners) listener(state);
  }

  function schedule(delay: number | null): void {
    timers.clearTimeout(timer);
    timer = delay === null ? undefined : timers.setTimeout(() => void refresh().catch(noop), Math.min(Math.max(delay, 0), MAX_DELAY));
  }

  /** Makes `next` this tab's session (null: signed out) and, when it is our news, tells the other tabs. */
  function adopt(next: TokenSet<TUser> | null, error: AuthError | null, broadcast: boolean): void {
    session = next;
    retries = 0;
    setState({ status: next ? 'authenticated' : 'unauthenticated', user: next?.user ?? null, expiresAt: next?.expiresAt ?? null, error });
    schedule(next ? next.expiresAt - marginOf(next) - now() : null);
    if (broadcast) sync?.post(next ? { type: 'session', session: next } : { type: 'signout', code: error?.code ?? null });
    for (const wake of peerWaiters.splice(0)) wake();
  }

  /** Resolves when a session (or a sign-out) is installed, or after `ms`. */
  function waitForPeer(ms: number): Promise<void> {
    return new Promise((resolve) => {
      peerWaiters.push(resolve);
      timers.setTimeout(resolve, ms);
    });
  }

  function onMessage(message: TabMessage<TUser>): void {
    if (message.type === 'ask') {
      if (session) sync?.post({ type: 'session', session });
    } else if (message.type === 'session') {
      // Answers to a new tab's 'ask' can cross a fresher refresh: never step back to an older token.
      if (!session || message.session.expiresAt >= session.expiresAt) adopt(message.session, null, false);
    } else if (state.status !== 'unauthenticated') {
      adopt(null, message.code ? new AuthError(message.code) : null, false);
    }
  }

  function connect(): TabSync<TabMessage<TUser>> {
    if (sync) return sync;
    sync = createTabSync(channel, onMessage, { locks, lockTimeout, timers });
    if (typeof document === 'object') {
      // Timers stall while a laptop sleeps or a background tab is frozen: look again when the user is back.
      const wake = () => {
        if (session ? !isFresh(session) : state.status === 'loading') refresh().catch(noop);
      };
      const onVisible = () => document.visibilityState === 'visible' && wake();
      document.addEventListener('visibilitychange', onVisible);
      addEventListener('online', wake);
      unlisten = () => {
        document.removeEventListener('visibilitychange', onVisible);
        removeEventListener('online', wake);
      };
    }
    return sync;
  }

  const refresh = singleFlight(async (): Promise<TokenSet<TUser> | null> => {
    const before = session;
    // Someone installed another usable session while we queued (another tab's refresh, a login) or signed out:
    // take that, spend nothing.
    const superseded = () => session?.accessToken !== before?.accessToken && (!session || isFresh(session));
    try {
      return await connect().withLock(async (waited) => {
        // We queued behind another tab, most likely refreshing: its broadcast may still be in flight
        // (lock grants and channel messages are not ordered). Give it a moment rather than spend the token again.
        if (waited && !superseded()) await waitForPeer(peerTimeout);
        if (superseded()) return session;
        const request = adapter.refresh(session?.refreshToken);
        if (!request) {
          adopt(null, null, false);
          return null;
        }
        const next = adapter.parseTokens(await call(request), now(), session);
        // Ours is the latest rotation unless, meanwhile, a newer session arrived or every tab signed out.
        if (session?.accessToken !== before?.accessToken && (!session || session.expiresAt > next.expiresAt)) return session;
        adopt(next, null, true);
        return next;
      });
    } catch (thrown) {
      const error = toAuthError(thrown);
      // Another tab's fresher result may have landed while ours failed (we spent a token it had rotated).
      if (superseded()) return session;
      if (isTransient(error)) {
        // Keep the session: an unreachable server has not refused anything. Try again later.
        setState({ error });
        schedule(error.retryAfter ? error.retryAfter * 1000 : Math.min(retryDelay * 2 ** retries++, maxRetryDelay));
        throw error;
      }
      // A visitor without a refresh cookie is not news; a revoked or reused session is, in every tab.
      adopt(null, before || error.code !== 'invalid_token' ? error : null, !!before);
      return null;
    }
  });

  function start(): Promise<void> {
    return (started ??= (async () => {
      const tabs = connect();
      if (state.status !== 'loading') return;
      if (adapter.refresh(undefined)) {
        await refresh().catch(noop);
        return;
      }
      // The refresh token lives in memory: only an open tab can hand this one a session.
      tabs.post({ type: 'ask' });
      await waitForPeer(peerTimeout);
      if (state.status === 'loading') adopt(null, null, false);
    })());
  }

  async function getToken(): Promise<string | null> {
    await start();
    if (session && isFresh(session)) return session.accessToken;
    if (!session && state.status === 'unauthenticated') return null;
    try {
      return (await refresh())?.accessToken ?? null;
    } catch (error) {
      // Offline, but the token has not expired yet: it is still good for this request.
      if (session && now() < session.expiresAt) return session.accessToken;
      throw error;
    }
  }

  async function isTokenRejected(response: Response): Promise<boolean> {
    const code = adapter.errorCode(await response.clone().json().catch(noop), 401);
    // RFC 6750 §3.1: without a problem code, the challenge names the error.
    if (code === undefined) return /error="?invalid_token/.test(response.headers.get('www-authenticate') ?? '');
    return code === 'invalid_token' || code === 'token_expired';
  }

  async function authFetch(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
    const request = typeof Request === 'function' && input instanceof Request ? input : undefined;
    const target = typeof input === 'string' && /^\/(?!\/)/.test(input) ? baseUrl + input : input;
    const href = request ? request.url : String(target);
    const headers = new Headers(init.headers ?? request?.headers);
    // Never hand the token to a third party: only relative URLs, baseUrl's origin and apiOrigins get it.
    const own = !/^([a-z][a-z\d+.-]*:)?\/\//i.test(href) || origins.some((o) => href === o || href.startsWith(`${o}/`));
    const token = own && !headers.has('authorization') ? await getToken() : null;
    const send = (bearer: string | null) => {
      if (bearer) headers.set('authorization', `Bearer ${bearer}`);
      return fetchImpl(target, { ...init, headers });
    };
    const response = await send(token);
    // A stream body is spent by the first attempt, so only replayable bodies get the retry.
    if (response.status !== 401 || !token || !isReplayableBody(init.body) || request?.body || !(await isTokenRejected(response))) {
      return response;
    }
    // Refresh once (unless a concurrent caller already did) and retry once; a second 401 is the caller's.
    const next = session?.accessToken === token ? await refresh() : session;
    return next && next.accessToken !== token ? send(next.accessToken) : response;
  }

  async function signIn(request: AuthRequest): Promise<TUser | null> {
    connect();
    const next = adapter.parseTokens(await call(request), now(), null);
    adopt(next, null, true);
    return next.user;
  }

  async function logout(): Promise<void> {
    try {
      // Under the lock, so no tab is halfway through rotating the refresh token we revoke.
      await connect().withLock(async () => {
        const request = adapter.logout(session?.refreshToken);
        if (request) await call(request, session?.accessToken);
      });
    } catch (thrown) {
      // A refusal means the server already forgot the session; only an unreachable server is worth reporting.
      if (isTransient(toAuthError(thrown))) throw thrown;
    } finally {
      adopt(null, null, true);
    }
  }

  const client: AuthClient<TUser, TLogin, TRegister> = {
    login: (credentials) => signIn(adapter.login(credentials)),
    register: async (input) => {
      if (!adapter.register) throw new AuthError('not_supported');
      return signIn(adapter.register(input));
    },
    logout,
    async logoutAll() {
      if (!adapter.logoutAll) throw new AuthError('not_supported');
      const token = await getToken();
      if (token) await call(adapter.logoutAll, token);
      // The session is revoked now; logging out clears the refresh cookie too.
      await logout();
    },
    getToken,
    fetch: authFetch,
    async getUser() {
      const token = await getToken();
      if (!token || !adapter.me) return session?.user ?? null;
      const user = (await call(adapter.me, token)) as TUser;
      if (session?.accessToken === token) adopt({ ...session, user }, null, true);
      return user;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    getState: () => state,
    start,
    destroy() {
      schedule(null);
      sync?.close();
      unlisten();
      listeners.clear();
    },
  };
  if (autoStart) void start();
  return client;
}
