// One refresh per refresh token across every Next.js instance, through Redis: the first instance takes a lock
// (SET NX PX), refreshes and stores the new pair under the old token's hash for the replay window; the others wait
// for that pair instead of replaying a token the backend has already rotated (simplejwt refuses it at once).
import type { TokenSet } from '../adapters/auth-adapter.js';
import { AuthError } from '../errors.js';
import type { Timers } from '../timers.js';
import { sha256 } from './replay-cache.js';
import type { Sealer } from './sealed-value.js';

/**
 * The Redis commands the shared replay store uses. An ioredis client fits as is; node-redis v4 takes options objects,
 * so wrap it: `{ set: (k, v, _px, ms) => client.set(k, v, { PX: ms, NX: true }), get: (k) => client.get(k), del: (k) => client.del(k) }`.
 */
export interface ReplayRedis {
  /** `SET key value PX ms NX`: resolves 'OK' when set, null when the key already exists. */
  set(key: string, value: string, expiry: 'PX', ms: number, condition: 'NX'): Promise<unknown>;
  get(key: string): Promise<string | null>;
  del(key: string): Promise<unknown>;
}

export interface SharedReplayOptions {
  /** Shared by every instance, and as private as your session store: the values are token pairs (encrypted). */
  redis: ReplayRedis;
  /** Put before every key, to share one Redis between apps. @default 'tessera:next-auth:' */
  keyPrefix?: string;
  /**
   * How long the refreshing instance holds the lock, ms; the others wait at most this long for its result. Keep it
   * above `requestTimeout`, or a slow backend lets a second instance refresh the same token.
   * @default requestTimeout + 5_000
   */
  lockTtl?: number;
  /** How often a waiting instance looks for the result, ms. @default 25 */
  pollInterval?: number;
}

export interface SharedReplay<T> {
  /** The pair for this old token: stored by any instance, or from `exchange()` run here under the lock. */
  rotate(key: string, exchange: () => Promise<T>): Promise<T>;
  /**
   * Its session signed out: evicts the rotations that produced this refresh token or came from it, and marks it
   * signed out on every instance for the replay window. Never rejects.
   */
  forget(refreshToken: string): Promise<void>;
  /** True when a refresh token with this hash was signed out on any instance within the replay window. */
  signedOut(key: string): Promise<boolean>;
}

export interface SharedReplayContext {
  /** How long a stored pair is served, ms (the replay window). */
  ttl: number;
  sealer: Sealer;
  timers: Timers;
  logger: Pick<Console, 'error'>;
}

const HELD = Symbol('held');

/** Keys are SHA-256 hashes of refresh tokens (the `key` the refresher passes), never the tokens themselves. */
export function createSharedReplay<TUser>(
  options: Required<SharedReplayOptions>,
  context: SharedReplayContext,
): SharedReplay<TokenSet<TUser>> {
  const { redis, keyPrefix, lockTtl, pollInterval } = options;
  const { ttl, sealer, timers, logger } = context;
  const resultKey = (hash: string) => `${keyPrefix}rotation:${hash}`;
  const lockKey = (hash: string) => `${keyPrefix}lock:${hash}`;
  // New refresh token's hash → old one's, so a sign-out can find the pair that handed its token out.
  const successorKey = (hash: string) => `${keyPrefix}successor:${hash}`;
  const signedOutKey = (hash: string) => `${keyPrefix}signed-out:${hash}`;
  const sleep = (ms: number) => new Promise<void>((resolve) => timers.setTimeout(resolve, ms));

  async function stored(hash: string): Promise<TokenSet<TUser> | null> {
    const value = await redis.get(resultKey(hash));
    const plain = value === null ? null : await sealer.open(value, resultKey(hash));
    // Unreadable (another secret after a deploy, tampered): as if absent; the lock path then decides.
    return plain === null ? null : (JSON.parse(plain) as TokenSet<TUser>);
  }

  async function release(hash: string, owner: string) {
    // Compare, then delete: a holder whose lock expired must not drop the next holder's. Without a script the two
    // steps leave a gap of one round trip; it only matters once a refresh outlived lockTtl, which the default prevents.
    if ((await redis.get(lockKey(hash))) === owner) await redis.del(lockKey(hash));
  }

  async function exchangeHolding(hash: string, owner: string, exchange: () => Promise<TokenSet<TUser>>) {
    try {
      // The previous holder may have stored its pair and released the lock between our read and our SET.
      const done = await stored(hash).catch(() => null);
      if (done) return done;
      const tokens = await exchange();
      try {
        await redis.set(resultKey(hash), await sealer.seal(JSON.stringify(tokens), resultKey(hash)), 'PX', ttl, 'NX');
        if (tokens.refreshToken) await redis.set(successorKey(await sha256(tokens.refreshToken)), hash, 'PX', ttl, 'NX');
      } catch (error) {
        // This request has its tokens; only late callers elsewhere miss them.
        logger.error('[tessera] could not store a rotation in the shared replay store', error);
      }
      return tokens;
    } finally {
      // A failed refresh releases too, so a waiting instance retries instead of waiting out the lock.
      await release(hash, owner).catch((error: unknown) => logger.error('[tessera] could not release a shared refresh lock', error));
    }
  }

  return {
    async rotate(hash, exchange) {
      const owner = crypto.randomUUID();
      // Wall time, not the injected clock: this bounds a real wait on other processes.
      const deadline = Date.now() + lockTtl;
      for (;;) {
        let found: TokenSet<TUser> | typeof HELD | null;
        try {
          found = (await stored(hash)) ?? ((await redis.set(lockKey(hash), owner, 'PX', lockTtl, 'NX')) === 'OK' ? HELD : null);
        } catch (error) {
          // Redis down: refresh in this process alone, as without the shared store, rather than stop every refresh.
          // Concurrent instances may then race again, but users are not held up by an outage of a helper.
          logger.error('[tessera] shared replay store failed; refreshing without it', error);
          return exchange();
        }
        if (found === HELD) return exchangeHolding(hash, owner, exchange);
        if (found) return found;
        // Not a refusal: the session keeps its tokens and the next request tries again (errorReason 'network').
        if (Date.now() >= deadline) throw new AuthError('network_error', 'another instance is still refreshing this token');
        await sleep(pollInterval);
      }
    },
    async forget(refreshToken) {
      try {
        const hash = await sha256(refreshToken);
        // First, so an instance whose rotation from this token lands after the eviction still sees it.
        await redis.set(signedOutKey(hash), '1', 'PX', ttl, 'NX');
        await redis.del(resultKey(hash));
        const successor = successorKey(hash);
        const old = await redis.get(successor);
        if (old) await redis.del(resultKey(old));
        await redis.del(successor);
      } catch (error) {
        logger.error('[tessera] could not evict a signed-out session from the shared replay store', error);
      }
    },
    async signedOut(hash) {
      try {
        return (await redis.get(signedOutKey(hash))) !== null;
      } catch (error) {
        // Redis down: this instance's own memory still knows the sign-outs it made; the backend refuses the rest.
        logger.error('[tessera] could not read the shared replay store', error);
        return false;
      }
    },
  };
}
