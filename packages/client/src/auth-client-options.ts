// The options of createAuthClient, and their defaults, resolved once when the client is created.
import type { AuthAdapter } from './adapters/auth-adapter.js';
import { tessera } from './adapters/tessera.js';
import type { Fetch } from './fetch.js';
import type { Locks } from './tab-sync.js';
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
  /**
   * Serialises refreshes across tabs; `null` turns the lock off. Outside browsers pass one explicitly if you want one:
   * Node 24's `navigator.locks` is one lock manager for the whole process, shared by every client in it (every user of a
   * server render). @default navigator.locks in browsers (where `document` exists), else null
   */
  locks?: Locks | null;
  /** Queue this long behind another tab's refresh, then steal the lock. @default 10_000 */
  lockTimeout?: number;
  /** Abort an auth request after this many ms. @default 15_000 */
  requestTimeout?: number;
  /** First retry after a network failure; doubles per failure. @default 1_000 */
  retryDelay?: number;
  /** @default 60_000 */
  maxRetryDelay?: number;
  /**
   * After queueing behind another tab's refresh lock, how long to wait for its result before refreshing itself. The
   * wait ends when the result arrives; the bound matters only when that tab has none (its refresh failed, it closed).
   * @default 1_000
   */
  peerTimeout?: number;
  /** Origins besides baseUrl's that `client.fetch` may send the access token to, as absolute URLs (`https://files.example.com`). @default [] */
  apiOrigins?: string[];
}

/**
 * `options` with every default filled in.
 * @example resolveOptions({ baseUrl: 'https://api.example.com' }).channel // 'tessera:https://api.example.com'
 */
export function resolveOptions<TUser, TLogin, TRegister>(
  options: AuthClientOptions<TUser, TLogin, TRegister>,
): Required<AuthClientOptions<TUser, TLogin, TRegister>> {
  const resolved: Required<AuthClientOptions<TUser, TLogin, TRegister>> = {
    baseUrl: options.baseUrl,
    // The default adapter's types are the generics' defaults; a caller overriding TUser without an adapter asserts them.
    adapter: tessera() as unknown as AuthAdapter<TUser, TLogin, TRegister>,
    refreshMargin: 60_000,
    // Read the global at call time, so a fetch stubbed after the client was created still applies.
    fetch: (input, init) => fetch(input, init),
    now: () => Date.now(),
    timers: globalTimers,
    channel: `tessera:${options.baseUrl}`,
    locks: typeof document === 'object' && typeof navigator === 'object' ? (navigator.locks ?? null) : null,
    lockTimeout: 10_000,
    requestTimeout: 15_000,
    retryDelay: 1_000,
    maxRetryDelay: 60_000,
    peerTimeout: 1_000,
    apiOrigins: [],
    autoStart: typeof document === 'object',
  };
  // An option given as undefined keeps its default, as a destructuring default would (one loop instead of naming every
  // option twice: the core's size budget).
  for (const name in options) {
    const value = options[name as keyof typeof options];
    if (value !== undefined) (resolved as unknown as Record<string, unknown>)[name] = value;
  }
  return resolved;
}
