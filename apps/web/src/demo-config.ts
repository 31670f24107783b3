// The demo's settings, read from the environment on the server at request time (so one build runs on any ports).
import { parseDuration } from '@tessera/server/duration';

export interface DemoConfig {
  /** The API as the browser reaches it: same site as this app (both on localhost), another port. @default 'http://localhost:4000' */
  apiUrl: string;
  /** Refresh when less than this many ms are left; scaled down for short demo lifetimes. @default 60_000 */
  refreshMargin: number;
  /** The API's access token lifetime in seconds, as configured by ACCESS_TOKEN_TTL. @default 900 */
  accessTokenTtl: number;
}

/** The demo's settings; ACCESS_TOKEN_TTL is read with the server's own duration syntax. */
export function demoConfig(env: Readonly<Record<string, string | undefined>> = process.env): DemoConfig {
  const accessTokenTtl = (env.ACCESS_TOKEN_TTL && parseDuration(env.ACCESS_TOKEN_TTL)) || 900;
  // The SDK's default margin (60 s) is longer than a 10 s demo token: it would refresh without pause. A fifth of the
  // lifetime, between 1 s and 60 s, keeps the rotation visible and still refreshes well before expiry.
  const refreshMargin = Number(env.TESSERA_REFRESH_MARGIN_MS) || Math.min(60_000, Math.max(1_000, (accessTokenTtl * 1000) / 5));
  return { apiUrl: (env.TESSERA_URL ?? 'http://localhost:4000').replace(/\/+$/, ''), refreshMargin, accessTokenTtl };
}
