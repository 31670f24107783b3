// createTestCore: a real Tessera on an in-memory SQLite database, called in-process (no socket, no listener), for
// tests of one middleware or route that need the app but not the network.
import type { TesseraOptions } from '../config/index.js';
import type { DatabaseHandle } from '../db/database.js';
import { createTesseraWith, type Tessera } from '../tessera.js';
import { createClock, type TestClock } from './clock.js';
import { FAST_HASH, TEST_ORIGIN, withJson, type JsonRequestInit } from './test-server.js';

export interface TestCore {
  tessera: Tessera;
  clock: TestClock;
  /** Calls the handler with a path on http://localhost; JSON bodies are encoded for you. */
  request(path: string, init?: JsonRequestInit): Promise<Response>;
  close(): Promise<void>;
}

/** `database` and `clock` let a test run a second instance on the first one's data and time (a restart). */
export async function createTestCore(
  options: TesseraOptions = {},
  shared: { database?: DatabaseHandle; clock?: TestClock } = {},
): Promise<TestCore> {
  const clock = shared.clock ?? createClock(Date.now());
  const silent = { info() {}, warn() {}, error() {} };
  const tessera = createTesseraWith(
    {
      ...FAST_HASH,
      databaseUrl: 'sqlite::memory:',
      corsAllowedOrigins: [TEST_ORIGIN],
      cookie: { secure: false },
      now: clock.now,
      logger: silent,
      ...options,
    },
    shared.database ? { database: shared.database } : {},
  );
  await tessera.ready();
  return {
    tessera,
    clock,
    request: (path, init) => tessera.fetch(new Request(`http://localhost${path}`, withJson(init))),
    close: () => tessera.close(),
  };
}
