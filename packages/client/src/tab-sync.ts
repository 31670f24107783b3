// Cross-tab coordination: a Web Lock so one tab refreshes at a time, a BroadcastChannel to share the result.
import type { Timers } from './timers.js';

const BUSY = Symbol('busy');

/** The part of the Web Locks API (`navigator.locks`) the client needs; injectable for tests and other runtimes. */
export interface Locks {
  request<T>(
    name: string,
    options: { signal?: AbortSignal; steal?: boolean; ifAvailable?: boolean },
    callback: (lock: unknown) => Promise<T>,
  ): Promise<T>;
}

export interface TabSync<M> {
  /** Tell every other client on this channel (other tabs, other clients in this tab). */
  post(message: M): void;
  /** Run `task` while holding the cross-tab lock; `waited` says another holder went first. */
  withLock<T>(task: (waited: boolean) => Promise<T>): Promise<T>;
  close(): void;
}

export interface TabSyncOptions {
  /** `null`: no cross-tab lock; the server's refresh reuse grace window covers concurrent refreshes. */
  locks: Locks | null;
  /** How long to queue behind another holder before taking the lock from it. */
  lockTimeout: number;
  timers: Timers;
}

/**
 * Opens the channel `name` and calls `onMessage` for every message posted on it by another client, or by any other
 * script of this origin: BroadcastChannel keeps messages inside the origin, not inside this SDK.
 */
export function createTabSync<M>(name: string, onMessage: (data: unknown) => void, options: TabSyncOptions): TabSync<M> {
  const { locks, lockTimeout, timers } = options;
  let channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(name) : null;
  if (channel) {
    // `data` is whatever any script of this origin posted: unknown until the receiver has parsed it.
    channel.onmessage = (event: MessageEvent<unknown>) => onMessage(event.data);
    // Node: an open channel must not keep the process alive.
    (channel as { unref?: () => void }).unref?.();
  }

  async function withLock<T>(task: (waited: boolean) => Promise<T>): Promise<T> {
    if (!locks) return task(false);
    let granted = false;
    const run = (waited: boolean) => async (lock: unknown) => {
      if (!lock) return BUSY;
      granted = true;
      return task(waited);
    };
    // Uncontended, the usual case: take it at once.
    const result = await locks.request(name, { ifAvailable: true }, run(false));
    if (result !== BUSY) return result;
    // A holder that never lets go (a frozen tab, a hung request, a double-mounted client that was dropped)
    // must not hang us: give up queueing after lockTimeout and steal the lock.
    const abort = new AbortController();
    const timer = timers.setTimeout(() => abort.abort(), lockTimeout);
    try {
      return (await locks.request(name, { signal: abort.signal }, run(true))) as T;
    } catch (error) {
      if (granted) throw error;
      return (await locks.request(name, { steal: true }, run(true))) as T;
    } finally {
      timers.clearTimeout(timer);
    }
  }

  return {
    post: (message) => channel?.postMessage(message),
    withLock,
    close() {
      channel?.close();
      // Posting on a closed channel throws; a destroyed client just stops talking.
      channel = null;
    },
  };
}
