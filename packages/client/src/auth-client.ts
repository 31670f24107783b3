// createAuthClient: the in-memory session and the actions, composed from the refresh decisions (refresh.ts), the
// refresh timer, the tab channel and the authenticated fetch. The refresh is single-flight and locked across tabs.
// One closure on purpose: it owns the session that every function in it reads and writes, and what could leave it
// has left (refresh.ts, refresh-timer.ts, peer-wait.ts, tab-message.ts, auth-fetch.ts...). Moving the actions (sign-in,
// sign-out, the user) to a module of their own was measured at +90 B min+gzip for core + react (5,104 → 5,194 B, over
// the 5,120 B budget): the state they share travels as object properties, whose names minifiers keep.
import type { AuthAdapter, AuthRequest, TokenSet } from './adapters/auth-adapter.js';
import type { TesseraCredentials, TesseraRegistration, TesseraUser } from './adapters/tessera.js';
import { resolveOptions, type AuthClientOptions } from './auth-client-options.js';
import { createAuthFetch } from './auth-fetch.js';
import type { MfaChallenge, MfaProof } from './mfa-challenge.js';
import { createAuthRequest } from './auth-request.js';
import { LOADING_STATE, type AuthState } from './auth-state.js';
import { AuthError, isAuthError, isTransient, toAuthError } from './errors.js';
import { onReturn } from './on-return.js';
import { createPeerWait } from './peer-wait.js';
import { failureOutcome, isFresh, isSuperseded, pickNewer, refreshAt } from './refresh.js';
import { createRefreshTimer } from './refresh-timer.js';
import { singleFlight } from './single-flight.js';
import { announce, reactToTabMessage, type SharedSession, type TabMessage } from './tab-message.js';
import { createTabSync, type TabSync } from './tab-sync.js';

export interface AuthClient<TUser = TesseraUser, TLogin = TesseraCredentials, TRegister = TesseraRegistration> {
  /**
   * Signs in here and in every other tab, resolving the user; or, when the account has a second factor, resolves an
   * {@link MfaChallenge} (no session yet: finish with `verifyMfa`; `isMfaChallenge` tells the two apart). Rejects with
   * an AuthError (`invalid_credentials`, `rate_limited`, ...).
   */
  login(credentials: TLogin): Promise<TUser | null | MfaChallenge>;
  /**
   * Finishes a sign-in that answered an MfaChallenge, as `login` finishes one: the session is adopted here and in
   * every tab. Rejects with `invalid_code` (wrong or used code: ask again), `invalid_token` (the challenge expired or
   * used up its attempts: log in again), `not_supported` (the adapter has no MFA step).
   * @example await auth.verifyMfa({ mfaToken: challenge.mfaToken, method: 'totp', code: '123456' })
   */
  verifyMfa(proof: MfaProof): Promise<TUser | null>;
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
  /** Restores the session through the refresh cookie (a tab never hands its session to another); idempotent. Called for you by autoStart, AuthProvider and the actions. */
  start(): Promise<void>;
  /** Stops timers, listeners and the tab channel. */
  destroy(): void;
  /**
   * Sends the request `build` makes from the adapter, with `token` as Bearer, and answers its body; with `adopt`, its
   * token response becomes the session here and in every tab, as a login's does. The hook of the subpath modules
   * (`@tessera/client/account`): apps call those instead.
   */
  send(build: (adapter: AuthAdapter<TUser, TLogin, TRegister>) => AuthRequest, token?: string | null, adopt?: boolean): Promise<unknown>;
}

const noop = () => {};
/** A user as far as telling two apart goes: Tessera's string id, Django's integer pk. */
type Identified = { id?: string | number } | null;

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
  const config = resolveOptions(options);
  const { adapter, now, timers, refreshMargin } = config;
  // The resolved options carry everything a request needs (baseUrl, adapter, fetch, timers, requestTimeout).
  const request = createAuthRequest(config);
  /** An auth request; its `session_revoked` for this tab's own token ends the session at once (see `revoked`). */
  const call = (req: AuthRequest, token?: string | null) =>
    request(req, token).catch((error: unknown) => {
      if (isAuthError(error)) revoked(token, error);
      throw error;
    });
  const peers = createPeerWait(timers);
  const schedule = createRefreshTimer(timers, () => void refresh().catch(noop));
  const fresh = (s: TokenSet<TUser>) => isFresh(s, now(), refreshMargin);

  let session: TokenSet<TUser> | null = null;
  let state: AuthState<TUser> = LOADING_STATE;
  let sync: TabSync<TabMessage<TUser>> | undefined;
  let started: Promise<void> | undefined;
  let retries = 0;
  /** The check of another tab's session in flight, if any. */
  let checking: Promise<void> | undefined;
  let unlisten = noop;
  const listeners = new Set<(state: AuthState<TUser>) => void>();

  function setState(patch: Partial<AuthState<TUser>>): void {
    state = { ...state, ...patch };
    for (const listener of listeners) listener(state);
  }

  /** Makes `next` this tab's session (null: signed out) and, when it is our news, tells the other tabs. */
  function adopt(next: TokenSet<TUser> | null, error: AuthError | null, broadcast: boolean): void {
    session = next;
    retries = 0;
    setState({
      status: next ? 'authenticated' : 'unauthenticated',
      user: next?.user ?? null,
      expiresAt: next?.expiresAt ?? null,
      error,
      mfaChallenge: null,
    });
    schedule(next ? refreshAt(next, refreshMargin) - now() : null);
    if (broadcast) sync?.post(announce(next, error));
    peers.wake();
  }

  /**
   * The server refused the token this tab holds because its session was revoked (from another device, by "sign out
   * everywhere", by an admin): no refresh can cure that, so sign out here and in every tab now, with the reason, as a
   * refused refresh would. Another token's refusal (an impersonation token, another tab's claim) is not our news.
   */
  function revoked(token: string | null | undefined, error: AuthError): void {
    if (error.code === 'session_revoked' && token && token === session?.accessToken) adopt(null, error, true);
  }

  function onMessage(data: unknown): void {
    const reaction = reactToTabMessage<TUser>(data, session, state.status);
    if (reaction?.type === 'signout') adopt(null, reaction.error, false);
    else if (reaction) verify(reaction.session);
  }

  /**
   * Adopts another tab's access token once the server has vouched for it, and, when this tab has a session, only a
   * token of the same user: any script of this origin can post on the channel, so a message proves nothing by itself.
   * Our refresh token stays ours; none comes over the channel.
   */
  function verify(shared: SharedSession<TUser>): void {
    const own = session;
    // Without a session or a refresh cookie there is nothing here a claim could be checked against (in-memory refresh
    // tokens): such a tab signs in by itself.
    if (!adapter.me || (!own && !adapter.refresh(undefined))) return;
    checking = call(adapter.me, shared.accessToken).then((user) => {
      // Same user id, as a string: Django answers numbers where the token's claims give strings.
      const id = (user as Identified)?.id;
      if (session === own && (!own || (id != null && String(id) === String((own.user as Identified)?.id)))) {
        adopt({ ...shared, user: user as TUser, refreshToken: own?.refreshToken }, null, false);
      }
    }, noop); // not a token the server accepts (forged, revoked, expired): ignored
  }

  function connect(): TabSync<TabMessage<TUser>> {
    if (sync) return sync;
    sync = createTabSync(config.channel, onMessage, { locks: config.locks, lockTimeout: config.lockTimeout, timers });
    unlisten = onReturn(() => {
      if (session ? !fresh(session) : state.status === 'loading') refresh().catch(noop);
    });
    return sync;
  }

  const refresh = singleFlight(async (): Promise<TokenSet<TUser> | null> => {
    const before = session;
    const superseded = () => isSuperseded(before, session, now(), refreshMargin);
    try {
      return await connect().withLock(async (waited) => {
        // We queued behind another tab, most likely refreshing: its broadcast may still be in flight (lock grants and
        // channel messages are not ordered). Wait for it to land rather than spend the token again; the wait ends as
        // soon as its session is adopted, so its bound costs time only when the other tab has nothing to tell.
        if (waited && !superseded()) await peers.wait(config.peerTimeout);
        // Another tab's news may be with the server for checking, whether we queued or not: a tab whose timer fired
        // late (a busy or throttled page) finds the lock free just after another tab refreshed. Let the check finish
        // rather than refresh again; under load it takes longer than any wait we could pick.
        await checking;
        if (superseded()) return session;
        const request = adapter.refresh(session?.refreshToken);
        if (!request) {
          adopt(null, null, false);
          return null;
        }
        const next = adapter.parseTokens(await call(request), now(), session);
        const winner = pickNewer(before, session, next);
        if (winner === next) adopt(next, null, true);
        return winner;
      });
    } catch (thrown) {
      const error = toAuthError(thrown);
      // Another tab's fresher result may have landed while ours failed (we spent a token it had rotated).
      if (superseded()) return session;
      const outcome = failureOutcome(error, before, retries, config);
      if (outcome.type === 'signout') {
        adopt(null, outcome.error, outcome.broadcast);
        return null;
      }
      setState({ error });
      retries = outcome.retries;
      schedule(outcome.delay);
      throw error;
    }
  });

  /** Whether the backend's session hint says there is no session to restore; false when this page cannot tell. */
  function noSession(): boolean {
    const hint = adapter.sessionHint;
    // Cookies are per host, not per port: a page on the API's host (localhost:3000 for localhost:4000) sees the hint.
    return (
      !!hint &&
      typeof document === 'object' &&
      new URL(config.baseUrl, document.baseURI).hostname === location.hostname &&
      !`; ${document.cookie}`.includes(`; ${hint}=`)
    );
  }

  function start(): Promise<void> {
    return (started ??= (async () => {
      connect();
      if (state.status !== 'loading') return;
      if (adapter.refresh(undefined) && !noSession()) await refresh().catch(noop);
      // The refresh token lives in memory, and tabs never hand theirs out: a new tab starts signed out. Or the page
      // can see the API's cookies and the session hint is not among them: the refresh would only answer 401.
      else adopt(null, null, false);
    })());
  }

  async function getToken(): Promise<string | null> {
    await start();
    if (session && fresh(session)) return session.accessToken;
    if (!session && state.status === 'unauthenticated') return null;
    try {
      return (await refresh())?.accessToken ?? null;
    } catch (error) {
      // Offline, but the token has not expired yet: it is still good for this request.
      if (session && now() < session.expiresAt) return session.accessToken;
      throw error;
    }
  }

  /** A sign-in's answer: adopted when it is tokens; an MFA step is kept in the state (this tab only) and returned. */
  async function signIn(request: AuthRequest, token?: string | null): Promise<TUser | null | MfaChallenge> {
    connect();
    const body = await call(request, token);
    const mfaChallenge = adapter.challenge?.(body);
    if (mfaChallenge) {
      setState({ mfaChallenge });
      return mfaChallenge;
    }
    const next = adapter.parseTokens(body, now(), null);
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
    // A new account has no second factor yet, nor does the step's own answer: both are sessions.
    register: async (input) => {
      if (!adapter.register) throw new AuthError('not_supported');
      return signIn(adapter.register(input)) as Promise<TUser | null>;
    },
    verifyMfa: async (proof) => {
      if (!adapter.verifyMfa) throw new AuthError('not_supported');
      return signIn(adapter.verifyMfa(proof)) as Promise<TUser | null>;
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
    fetch: createAuthFetch({ ...config, getToken, session: () => session, refresh, revoked }),
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
    send: (build, token, adopt) => (adopt ? signIn : call)(build(adapter), token),
    start,
    destroy() {
      schedule(null);
      sync?.close();
      unlisten();
      listeners.clear();
    },
  };
  if (config.autoStart) void start();
  return client;
}
