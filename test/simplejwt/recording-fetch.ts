// What the interop tests share: a fetch that records every request it makes to a Django backend (tagged for the
// backend's own log), and timers that never fire, so refreshes happen only when a test asks for one.
import type { Fetch } from '../../packages/client/src/fetch.js';
import type { Timers } from '../../packages/client/src/timers.js';
import { TEST_TAG_HEADER } from './simplejwt-backend.js';

export interface RecordedCall {
  method: string;
  path: string;
  status: number;
  /** The JSON body sent, parsed. */
  sent: Record<string, unknown> | undefined;
  /** The Cookie header sent (a cookie jar wraps this fetch and adds it). */
  cookie: string | null;
  received: Record<string, unknown> | undefined;
}

/** A fetch that records each call; `to(path)` lists the calls to one path. */
export function recordingFetch(tag: string): { fetch: Fetch; calls: RecordedCall[]; to(path: string): RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const recording: Fetch = async (input, init = {}) => {
    const headers = new Headers(init.headers);
    headers.set(TEST_TAG_HEADER, tag);
    const response = await fetch(input, { ...init, headers });
    calls.push({
      method: init.method ?? 'GET',
      path: new URL(String(input)).pathname,
      status: response.status,
      sent: typeof init.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : undefined,
      cookie: headers.get('cookie'),
      received: (await response
        .clone()
        .json()
        .catch(() => undefined)) as Record<string, unknown> | undefined,
    });
    return response;
  };
  return { fetch: recording, calls, to: (path) => calls.filter((c) => c.path === path) };
}

// The client's own timer would refresh just before expiry and hide the path a test means to exercise.
export const onDemand: Timers = { setTimeout: () => undefined, clearTimeout: () => {} };

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Past a token's real expiry (`seconds` of life), on Django's clock and the client's. */
export const expireAfter = (seconds: number) => sleep(seconds * 1_000 + 300);
