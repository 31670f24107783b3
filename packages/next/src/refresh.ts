// The server-side refresh: one call to Tessera per refresh token, shared by every request that presents it.
// Requests of one navigation (the page, its RSC payloads, prefetches) arrive together with the same expired cookies;
// the first refreshes, the others wait for its answer and get the same new cookies (single flight), and so do those
// arriving with the replaced token a little later (`refreshReuse`). Across processes, Tessera's own rule is the last
// resort: the token one generation behind gets the same successor again, so a second refresh never signs anyone out.
import { clientHeaders } from './client-address.js';
import type { CookieChange } from './cookies.js';
import type { ResolvedOptions } from './options.js';

/** Tessera's own answer, as the route handler hands it to the browser SDK (never with the refresh token). */
export interface UpstreamAnswer {
  status: number;
  headers: Headers;
  body: string;
}

export type RefreshOutcome =
  | {
      kind: 'refreshed';
      accessToken: string;
      /** Epoch ms. */
      expiresAt: number;
      refreshToken: string;
      /** Epoch ms. */
      refreshExpiresAt: number;
      /** Tessera's token response with `refresh_token` and `refresh_expires_at` taken out. */
      answer: Record<string, unknown>;
    }
  /** Tessera refused the refresh token (expired, revoked, reused): every session cookie is cleared. */
  | { kind: 'signed_out'; cookies: CookieChange[]; answer: UpstreamAnswer }
  /** Tessera could not be asked (network: no answer; 5xx, 429): nothing changes. */
  | { kind: 'unavailable'; answer: UpstreamAnswer | null };

export type Refresh = (refreshToken: string, incoming: Headers) => Promise<RefreshOutcome>;

interface Flight {
  outcome: Promise<RefreshOutcome>;
  settledAt: number | undefined;
}

// On globalThis, so the proxy helper and the route handler share flights when Next runs them in one process with
// separate module instances.
const FLIGHTS = Symbol.for('@tessera/next/refresh-flights');
type WithFlights = typeof globalThis & { [FLIGHTS]?: Map<string, Flight> };

/** The cookies that end a session on this app: all three cleared. */
function clearedCookies(options: ResolvedOptions): CookieChange[] {
  return [
    { name: options.accessCookie, value: null, maxAge: 0, httpOnly: true },
    { name: options.refreshCookie, value: null, maxAge: 0, httpOnly: true },
    { name: options.hintCookie, value: null, maxAge: 0, httpOnly: false },
  ];
}

/** The access cookie for a token that expires in `expiresIn` seconds. */
export function accessCookie(options: ResolvedOptions, token: string, expiresIn: number): CookieChange {
  return { name: options.accessCookie, value: token, maxAge: expiresIn, httpOnly: true };
}

/** Seconds from now to `at` (epoch ms), never negative. */
export function secondsLeft(options: ResolvedOptions, at: number): number {
  return Math.max(0, Math.floor((at - options.now()) / 1000));
}

/**
 * The cookies of a refresh with the lifetimes left now: a flight answered again up to `refreshReuse` later must not
 * give its cookies the full lifetimes Tessera gave then.
 */
export function refreshedCookies(options: ResolvedOptions, outcome: Extract<RefreshOutcome, { kind: 'refreshed' }>): CookieChange[] {
  const refreshMaxAge = secondsLeft(options, outcome.refreshExpiresAt);
  return [
    accessCookie(options, outcome.accessToken, secondsLeft(options, outcome.expiresAt)),
    { name: options.refreshCookie, value: outcome.refreshToken, maxAge: refreshMaxAge, httpOnly: true },
    { name: options.hintCookie, value: '1', maxAge: refreshMaxAge, httpOnly: false },
  ];
}

export function createRefresh(options: ResolvedOptions): Refresh {
  const flights = ((globalThis as WithFlights)[FLIGHTS] ??= new Map<string, Flight>());
  return (refreshToken, incoming) => {
    const now = options.now();
    for (const [key, flight] of flights)
      if (flight.settledAt !== undefined && now - flight.settledAt > options.refreshReuse) flights.delete(key);
    const key = `${options.upstreamUrl('')}\n${refreshToken}`;
    const existing = flights.get(key);
    if (existing) return existing.outcome;
    const flight: Flight = { outcome: callTessera(options, refreshToken, incoming), settledAt: undefined };
    flights.set(key, flight);
    void flight.outcome.then((outcome) => {
      // An unavailable Tessera is asked again by the next request, not answered from memory.
      if (outcome.kind === 'unavailable') flights.delete(key);
      else flight.settledAt = options.now();
    });
    return flight.outcome;
  };
}

async function callTessera(options: ResolvedOptions, refreshToken: string, incoming: Headers): Promise<RefreshOutcome> {
  // The body transport (X-Token-Transport: body): a server-to-server call carrying the token itself, so Tessera's
  // cookie CSRF rule (Origin allowlist) does not apply and the answer's tokens come back in JSON for us to set.
  const request = new Request(options.upstreamUrl(`${options.basePath}/refresh`), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-token-transport': 'body', ...clientHeaders(incoming, options.clientAddress) },
    body: JSON.stringify({ refresh_token: refreshToken }),
  });
  let response: Response;
  let text: string;
  try {
    response = await options.upstream(request);
    text = await response.text();
  } catch {
    return { kind: 'unavailable', answer: null };
  }
  const answer: UpstreamAnswer = { status: response.status, headers: response.headers, body: text };
  if (response.status === 401 || response.status === 403) return { kind: 'signed_out', cookies: clearedCookies(options), answer };
  if (response.status !== 200) return { kind: 'unavailable', answer };
  const body = parseObject(text);
  const { access_token, expires_in, expires_at, refresh_token, refresh_expires_at, ...rest } = body ?? {};
  if (typeof access_token !== 'string' || typeof expires_in !== 'number' || typeof refresh_token !== 'string')
    return { kind: 'unavailable', answer: null };
  const expiresAt = typeof expires_at === 'number' ? expires_at : options.now() + expires_in * 1000;
  return {
    kind: 'refreshed',
    accessToken: access_token,
    expiresAt,
    refreshToken: refresh_token,
    refreshExpiresAt: typeof refresh_expires_at === 'number' ? refresh_expires_at : expiresAt,
    answer: { access_token, expires_in, expires_at: expiresAt, ...rest },
  };
}

/** A JSON object, or null for anything else. */
export function parseObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
