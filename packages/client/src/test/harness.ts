// Shared set-up for client tests: fake timers, a fake Tessera, and "tabs" that share its cookie jar, locks and channel.
import { afterEach, beforeEach, expect, vi } from 'vitest';
import type { AuthClientOptions } from '../auth-client-options.js';
import { createAuthClient, type AuthClient } from '../auth-client.js';
import type { TesseraCredentials, TesseraRegistration, TesseraUser } from '../adapters/tessera.js';
import { createFakeLocks, type FakeLocks } from './fake-locks.js';
import { createFakeTessera, USER, type FakeTessera } from './fake-tessera.js';

export const BASE = 'https://api.test';
export const T0 = Date.UTC(2025, 0, 1);
export const MARGIN = 60_000;

type Options = Partial<AuthClientOptions<TesseraUser, TesseraCredentials, TesseraRegistration>>;

export interface Tab {
  client: AuthClient;
  server: FakeTessera;
  locks: FakeLocks;
  channel: string;
}

let serial = 0;
const clients: AuthClient[] = [];

/** Fake setTimeout and Date only: BroadcastChannel and setImmediate stay real. */
export function useTestClock(): void {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(T0);
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.destroy();
    vi.useRealTimers();
  });
}

/** A client (one tab) on a fresh fake backend, or on `sameBrowserAs`'s backend, locks and channel. */
export function openTab(options: Options = {}, sameBrowserAs?: Tab): Tab {
  const server = sameBrowserAs?.server ?? createFakeTessera();
  const locks = sameBrowserAs?.locks ?? createFakeLocks();
  const channel = sameBrowserAs?.channel ?? `client-test-${process.pid}-${++serial}`;
  const client = createAuthClient({ baseUrl: BASE, fetch: server.fetch, locks, channel, autoStart: false, ...options });
  clients.push(client);
  return { client, server, locks, channel };
}

export const signIn = (client: AuthClient) => client.login({ email: USER.email, password: 'secret' });

/** A refresh cookie left by an earlier visit. */
export async function previousVisit(server: FakeTessera): Promise<void> {
  await server.fetch(`${BASE}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: USER.email, password: 'secret' }),
  });
}

const macrotask = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Lets real macrotasks (channel messages) and promise chains run until `check` holds. */
export async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await macrotask();
  expect(check()).toBe(true);
}
