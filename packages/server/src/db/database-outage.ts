// One log line when the database becomes unreachable and one when it answers again, however many requests fail
// in between: an outage under load would otherwise write a line per request.
import { performance } from 'node:perf_hooks';
import type { Logger } from '../config/index.js';

export interface DatabaseOutage {
  /** Reports an error that `isDatabaseUnavailable` recognised; only the first of an outage is logged. */
  failed(error: unknown): void;
  /** True between the first failure and the first probe that succeeds. */
  readonly down: boolean;
  close(): void;
}

export interface DatabaseOutageOptions {
  /** A trivial query; it succeeding ends the outage. */
  probe: () => Promise<unknown>;
  logger: Logger;
  /** @default 500 */
  probeIntervalMs?: number;
}

/**
 * Requests never wait for this: each one tries the database itself, so service resumes with the first request
 * after the database is back. The probe only decides when to write "available again", which a request that
 * happens not to touch the database (a cached token, a 404) could not tell.
 */
export function createDatabaseOutage({ probe, logger, probeIntervalMs = 500 }: DatabaseOutageOptions): DatabaseOutage {
  let since: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const schedule = () => {
    timer = setTimeout(check, probeIntervalMs);
    // A process shutting down during an outage need not wait for the database to come back.
    timer.unref();
  };
  const check = () => {
    probe().then(
      () => {
        if (closed || since === undefined) return;
        logger.info('database available again', { outageMs: Math.round(performance.now() - since) });
        since = undefined;
      },
      () => {
        if (!closed) schedule();
      },
    );
  };

  return {
    failed(error) {
      if (since !== undefined || closed) return;
      since = performance.now();
      logger.warn('database unavailable; answering 503 service_unavailable until it is back', {
        error: error instanceof Error ? error.message : String(error),
      });
      schedule();
    },
    get down() {
      return since !== undefined;
    },
    close() {
      closed = true;
      clearTimeout(timer);
    },
  };
}
