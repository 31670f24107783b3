// createTestServer: a real Tessera on a real database, listening on loopback, with a controllable clock.
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { createNodeListener } from '../adapters/node-listener.js';
import type { TesseraOptions } from '../config/index.js';
import type { Dialect } from '../db/database.js';
import { createTesseraWith, type Tessera } from '../tessera.js';
import { createClock, type TestClock } from './clock.js';
import { openTestDatabase } from './databases.js';

export interface TestServer {
  tessera: Tessera;
  url: string;
  clock: TestClock;
  /** fetch against the server with a path; JSON bodies are encoded for you. */
  request(path: string, init?: JsonRequestInit): Promise<Response>;
  close(): Promise<void>;
}

export const TEST_ORIGIN = 'http://app.test';

export type JsonRequestInit = RequestInit & { json?: unknown };

/** The RequestInit for `init`, with `json` encoded as the body and its content type set unless given. */
export function withJson(init: JsonRequestInit = {}): RequestInit {
  const { json, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (json !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
  return { ...rest, headers, ...(json !== undefined ? { body: JSON.stringify(json) } : {}) };
}

/** Cheap argon2 so suites stay fast; the production defaults are tested on their own. */
export const FAST_HASH: TesseraOptions = { argon2: { memoryCost: 1024, timeCost: 1, parallelism: 1 } };

/** `env`: the environment the defaults read (NODE_ENV=production for production's answers), else process.env. */
export async function createTestServer(
  dialect: Dialect = 'sqlite',
  options: TesseraOptions = {},
  env?: NodeJS.ProcessEnv,
): Promise<TestServer> {
  const clock = createClock(Date.now());
  const database = await openTestDatabase(dialect);
  const silent = { info() {}, warn() {}, error() {} };
  const tessera = createTesseraWith(
    { ...FAST_HASH, corsAllowedOrigins: [TEST_ORIGIN], cookie: { secure: false }, now: clock.now, logger: silent, ...options },
    env ? { database, env } : { database },
  );
  await tessera.ready();
  const server: Server = createServer(
    createNodeListener((req, ctx) => tessera.fetch(req, ctx), { maxBodyBytes: tessera.config.maxBodyBytes }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    tessera,
    url,
    clock,
    request: (path, init) => fetch(url + path, withJson(init)),
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await tessera.close();
      await database.close();
    },
  };
}

/** The value of the refresh cookie set by a response, if any. */
export function refreshCookieOf(response: Response, name = 'refresh_token'): string | undefined {
  for (const cookie of response.headers.getSetCookie()) {
    const [pair] = cookie.split(';');
    const [key, value] = pair!.split('=');
    if (key === name) return value;
  }
  return undefined;
}
