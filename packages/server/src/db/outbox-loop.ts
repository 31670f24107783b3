// The sending loop every outbox shares (mail, webhooks): one drain at a time per process, woken after a commit,
// polled for rows written by other instances or left by a crash, and stopped cleanly by close().
import type { Logger } from '../config/index.js';

export interface OutboxLoop {
  /** Drains now instead of at the next tick (call it after the transaction that wrote rows committed). */
  wake(): void;
  /** Drains until nothing is due; a call during a drain makes it go round once more. Resolves with its count. */
  run(): Promise<number>;
  /** True once close() was called: a drain stops after its current batch. */
  readonly closed: boolean;
  /** Stops the timer and waits for the drain under way. */
  close(): Promise<void>;
}

/**
 * Starts the loop around `drain` (which sends what is due and resolves with how many went). The first drain runs at
 * once (scheduled, so the caller can finish wiring first): rows left by a crash or a restart go out at start.
 */
export function startOutboxLoop(
  drain: () => Promise<number>,
  { pollMs, logger, name }: { pollMs: number; logger: Logger; name: string },
): OutboxLoop {
  let running: Promise<number> | undefined;
  let again = false;
  let closed = false;

  function run(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let done = 0;
      do {
        again = false;
        done += await drain();
      } while (again && !closed);
      return done;
    })().finally(() => {
      running = undefined;
    });
    return running;
  }

  const tick = () => {
    if (closed) return;
    run().catch((error: unknown) =>
      logger.warn(`${name}: could not read due rows`, { error: error instanceof Error ? error.message : String(error) }),
    );
  };
  const timer = setInterval(tick, pollMs);
  timer.unref();
  setImmediate(tick);

  return {
    wake: () => setImmediate(tick),
    run,
    get closed() {
      return closed;
    },
    async close() {
      closed = true;
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
