// Runs the session purge on a timer in every process that has a core (standalone server and embedded alike), never
// two at once, and never keeping the process alive on its own.
import type { Logger } from '../config/index.js';

export interface PurgeSchedule {
  stop(): void;
}

/** First run a minute after start-up (not in its way), then every `everyMs`. */
export function schedulePurge(
  // Counts by what was purged (sessions, legacyTokens, and the email feature's spent mail and tokens).
  purge: () => Promise<Record<string, number>>,
  { logger, everyMs = 3_600_000, firstAfterMs = 60_000 }: { logger: Logger; everyMs?: number; firstAfterMs?: number },
): PurgeSchedule {
  let running = false;
  let timer: NodeJS.Timeout | undefined;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      const purged = await purge();
      if (Object.values(purged).some((count) => count > 0)) logger.info('purged ended sessions', purged);
    } catch (error) {
      logger.warn('session purge failed; trying again later', { error: error instanceof Error ? error.message : String(error) });
    } finally {
      running = false;
    }
  };
  const arm = (delay: number) => {
    timer = setTimeout(() => {
      void run().finally(() => {
        if (timer) arm(everyMs);
      });
    }, delay);
    timer.unref();
  };
  arm(firstAfterMs);
  return {
    stop() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
