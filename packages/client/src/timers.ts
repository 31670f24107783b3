// The clock and timers the client runs on; injectable so tests drive time by hand.

/** `setTimeout`/`clearTimeout` as the client uses them. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Read the globals at call time so fake timers installed after the client was created still apply. */
export const globalTimers: Timers = {
  setTimeout(callback, ms) {
    const handle: unknown = setTimeout(callback, ms);
    // Node: a pending refresh timer must not keep a script or test process alive.
    (handle as { unref?: () => void }).unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as number),
};
