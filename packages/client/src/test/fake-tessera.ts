// An in-memory imitation of the Tessera HTTP contract, seen through one browser's cookie jar; for unit tests.
import type { Fetch } from '../fetch.js';

export interface FakeTessera {
  /** fetch as a browser profile would do it: every client given this fetch shares the refresh cookie. */
  fetch: Fetch;
  /** Paths requested, in order. */
  calls: string[];
  /** The init of every request, in order. */
  inits: RequestInit[];
  count(path: string): number;
  /** Throw like fetch does when the network is down. */
  offline: boolean;
  /** Answer 503 service_unavailable, as the server does while its database is unreachable. */
  unavailable: boolean;
  /** Access token lifetime in seconds (ACCESS_TOKEN_TTL). */
  ttl: number;
  /** Held while set: refresh answers wait for it (to make refreshes overlap). */
  gate: Promise<void> | null;
  /** Access tokens the API refuses as if revoked (`invalid_token`). */
  rejected: Set<string>;
  /** Access tokens of revoked sessions: every request they bear is answered 401 `session_revoked`, as the server's instant revocation does. */
  revokedSessions: Set<string>;
  /** The refresh cookie in the jar. */
  cookie: string | undefined;
  /** Revoke every session of the user (as logout-all on another device would). */
  revokeAll(): void;
}

export const USER = { id: 'u1', email: 'ada@example.com', name: 'Ada', email_verified: true, created_at: '2025-01-01T00:00:00Z' };
/** Another account on the same server: an attacker with a real session of their own. */
export const MALLORY = { ...USER, id: 'u2', email: 'mallory@example.com', name: 'Mallory' };
export const TTL = 900;

function problem(status: number, code: string, headers: Record<string, string> = {}): Response {
  return Response.json(
    { type: `urn:tessera:error:${code}`, title: code, status, detail: code, code },
    {
      status,
      headers: { 'content-type': 'application/problem+json', ...headers },
    },
  );
}

/** `now` is the server's clock; by default Date.now, which vi.useFakeTimers controls. */
export function createFakeTessera(now: () => number = () => Date.now()): FakeTessera {
  let serial = 0;
  const access = new Map<string, number>();
  // refresh token → state; 'rotated' tokens presented again are reuse (this fake has no grace window).
  const refresh = new Map<string, 'live' | 'rotated' | 'revoked'>();
  // token (access or refresh) → the account it belongs to.
  const owner = new Map<string, typeof USER>();

  /** A token response; `inBody` is the server-side transport (refresh token in JSON, no cookie). */
  function issue(inBody: boolean, status = 200, user = USER): Response {
    const time = now();
    const token = `at-${++serial}`;
    const rt = `rt-${serial}`;
    access.set(token, time + fake.ttl * 1000);
    refresh.set(rt, 'live');
    owner.set(token, user).set(rt, user);
    if (!inBody) fake.cookie = rt;
    const body = { access_token: token, token_type: 'Bearer', expires_in: fake.ttl, expires_at: time + fake.ttl * 1000, user };
    return Response.json(inBody ? { ...body, refresh_token: rt } : body, { status });
  }

  async function handle(url: string, init: RequestInit): Promise<Response> {
    const path = new URL(url).pathname;
    const headers = new Headers(init.headers);
    const json = headers.get('content-type') === 'application/json';
    const body = json && typeof init.body === 'string' ? (JSON.parse(init.body) as Record<string, string>) : {};
    const inBody = headers.get('x-token-transport') === 'body' || body.refresh_token !== undefined;
    const bearer = headers.get('authorization')?.replace('Bearer ', '') ?? '';
    const bearerOk = (access.get(bearer) ?? 0) > now() && !fake.rejected.has(bearer);
    if (fake.revokedSessions.has(bearer)) return problem(401, 'session_revoked');
    switch (path) {
      case '/auth/login':
        if (body.password !== 'secret') return problem(401, 'invalid_credentials');
        return issue(inBody, 200, body.email === MALLORY.email ? MALLORY : USER);
      case '/auth/register':
        return issue(inBody, 201);
      case '/auth/refresh': {
        if (!json) return problem(403, 'csrf_rejected');
        if (fake.gate) await fake.gate;
        const rt = inBody ? body.refresh_token : fake.cookie;
        const state = rt ? refresh.get(rt) : undefined;
        if (!rt || !state) return problem(401, 'invalid_token');
        if (state === 'revoked') return problem(401, 'session_revoked');
        if (state === 'rotated') {
          fake.revokeAll();
          return problem(401, 'refresh_token_reused');
        }
        refresh.set(rt, 'rotated');
        return issue(inBody, 200, owner.get(rt));
      }
      case '/auth/logout':
        if (!json) return problem(403, 'csrf_rejected');
        if (fake.cookie) refresh.set(fake.cookie, 'revoked');
        fake.cookie = undefined;
        return new Response(null, { status: 204 });
      case '/auth/logout-all':
        if (!bearerOk) return problem(401, 'invalid_token');
        fake.revokeAll();
        return new Response(null, { status: 204 });
      case '/auth/me':
        if (!bearerOk) return problem(401, 'invalid_token');
        return Response.json(owner.get(bearer) === MALLORY ? MALLORY : { ...USER, name: 'Ada Lovelace' });
      // The account routes of issue 12: 'good' is the one valid mailed token, '123456' the one valid code.
      case '/auth/email/verify':
        if (body.token !== 'good') return problem(400, body.token === 'old' ? 'token_expired' : 'invalid_token');
        return Response.json({ ...USER, name: 'Ada Lovelace' });
      case '/auth/email/verify/request':
        return !bearer || bearerOk ? new Response(null, { status: 202 }) : problem(401, 'invalid_token');
      case '/auth/email/sign-in/verify':
        if (body.token !== undefined) return body.token === 'good' ? issue(inBody) : problem(400, 'invalid_token');
        return body.code === '123456' ? issue(inBody) : problem(400, 'invalid_code');
      case '/auth/reauthenticate':
        if (!bearerOk) return problem(401, 'invalid_token');
        return body.password === 'secret' ? issue(inBody, 200, owner.get(bearer)) : problem(401, 'invalid_credentials');
      case '/api/data':
        if (bearerOk) return Response.json({ ok: true, token: bearer, body: init.body ?? null });
        return problem(401, access.has(bearer) && !fake.rejected.has(bearer) ? 'token_expired' : 'invalid_token', {
          'www-authenticate': 'Bearer realm="tessera", error="invalid_token"',
        });
      case '/api/forbidden':
        return problem(401, 'invalid_credentials');
      default:
        return problem(404, 'not_found');
    }
  }

  const fake: FakeTessera = {
    calls: [],
    inits: [],
    count: (path) => fake.calls.filter((p) => p === path).length,
    offline: false,
    unavailable: false,
    ttl: TTL,
    gate: null,
    rejected: new Set(),
    revokedSessions: new Set(),
    cookie: undefined,
    revokeAll() {
      for (const rt of refresh.keys()) refresh.set(rt, 'revoked');
    },
    async fetch(input, init = {}) {
      const url = input instanceof Request ? input.url : String(input);
      fake.calls.push(new URL(url).pathname);
      fake.inits.push(init);
      if (fake.offline) throw new TypeError('fetch failed');
      if (fake.unavailable) return problem(503, 'service_unavailable', { 'retry-after': '5' });
      return handle(url, init);
    },
  };
  return fake;
}
