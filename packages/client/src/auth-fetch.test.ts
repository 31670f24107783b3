// Issue 10 item 4: client.fetch decides who gets the Bearer token by the origin the URL resolves to.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tessera } from './adapters/tessera.js';
import { createAuthClient } from './auth-client.js';
import { createAuthFetch } from './auth-fetch.js';

const API = 'https://api.test';

/** createAuthFetch over a fetch that records what it was asked to send, with the page at `page`. */
function recordingFetch(page: string, apiOrigins: string[] = [], baseUrl = API) {
  vi.stubGlobal('location', { href: page });
  const sent: Array<{ url: string; authorization: string | null }> = [];
  const authFetch = createAuthFetch({
    baseUrl,
    apiOrigins,
    adapter: tessera(),
    getToken: async () => 'at-secret',
    session: () => null,
    refresh: async () => null,
    revoked: () => {},
    fetch: async (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      sent.push({ url, authorization: new Headers(init?.headers).get('authorization') });
      return new Response('{}');
    },
  });
  return { authFetch, sent };
}

afterEach(() => void vi.unstubAllGlobals());

// Inputs that do not start with a scheme or "//" but that the WHATWG URL parser (every browser's) sends to evil.
const disguised = ['\\\\evil/x', '\\/evil/x', ' //evil/x', '\t//evil/x', '\n//evil/x', 'http:evil/x', '//evil/x', 'https://evil/x'];

describe('createAuthFetch', () => {
  it.each(disguised)('does not send the token to the host a browser resolves %j to', async (input) => {
    const { authFetch, sent } = recordingFetch('https://app.test/page/');
    await authFetch(input);
    expect(new URL(sent[0]?.url ?? '').hostname).toBe('evil');
    expect(sent[0]?.authorization).toBeNull();
  });

  it('does not send the token to a foreign host named by a URL or a Request object', async () => {
    const { authFetch, sent } = recordingFetch('https://app.test/');
    await authFetch(new URL('https://evil/x'));
    await authFetch(new URL('\\\\evil/x', 'https://app.test/'));
    await authFetch(new Request('https://evil/x'));
    await authFetch(new Request(new URL('//evil/x', 'https://app.test/')));
    expect(sent.map((s) => [new URL(s.url).host, s.authorization])).toEqual([
      ['evil', null],
      ['evil', null],
      ['evil', null],
      ['evil', null],
    ]);
  });

  it('does not send the token over plain http to the API host served over https', async () => {
    const { authFetch, sent } = recordingFetch('https://app.test/');
    await authFetch('http://api.test/x');
    expect(sent[0]?.authorization).toBeNull();
  });

  it('sends the token to paths, to the API origin in any spelling and to apiOrigins, and only to them', async () => {
    const { authFetch, sent } = recordingFetch('https://api.test/app/', ['https://files.test/', 'files-without-scheme.test']);
    const inputs: Array<RequestInfo | URL> = [
      '/api/data',
      '/\\evil/x', // baseUrl + this stays on the API host
      'api/data', // relative to the page, which is on the API origin here
      'HTTPS://API.TEST:443/x',
      new URL('https://api.test/x'),
      new Request('https://api.test/x'),
      'https://files.test/x',
      'https://files-without-scheme.test/x', // not a URL in apiOrigins: authorises nothing
      'data:text/plain,x',
    ];
    for (const input of inputs) await authFetch(input);
    expect(sent.map((s) => s.authorization !== null)).toEqual([true, true, true, true, true, true, true, false, false]);
    expect(sent[1]?.url).toBe('https://api.test//evil/x');
  });

  it('sends relative paths to the page origin when baseUrl is relative, and nothing anywhere else', async () => {
    const { authFetch, sent } = recordingFetch('https://app.test/shop/', [], '');
    await authFetch('/api/data');
    // With baseUrl '' these are network-path references to evil (a tab inside a URL is dropped).
    await authFetch('/\\evil/x');
    await authFetch('/\t/evil/x');
    expect(sent.map((s) => [new URL(s.url).host, s.authorization])).toEqual([
      ['app.test', 'Bearer at-secret'],
      ['evil', null],
      ['evil', null],
    ]);
  });

  it('sends no token for a relative URL when there is no page to resolve it against (servers)', async () => {
    const { authFetch, sent } = recordingFetch('https://app.test/');
    vi.unstubAllGlobals();
    await authFetch('\\\\evil/x');
    expect(sent[0]?.authorization).toBeNull();
  });
});

describe('client.fetch over real HTTP', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  });

  /** A local HTTP server that records the headers of every request and answers `answer(path)`. */
  async function listen(answer: (path: string) => unknown = () => ({})): Promise<{ origin: string; seen: IncomingHttpHeaders[] }> {
    const seen: IncomingHttpHeaders[] = [];
    const server = createServer((req, res) => {
      seen.push(req.headers);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(answer(req.url ?? '')));
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
  }

  it('keeps the Bearer token from a foreign host whatever spelling the attacker uses, and still sends it to the API', async () => {
    const user = { id: 'u1', email: 'a@b.c', name: null, email_verified: true, created_at: '2025-01-01T00:00:00Z' };
    const api = await listen((path) =>
      path === '/auth/login' ? { access_token: 'at-real', expires_in: 900, expires_at: Date.now() + 900_000, user } : { ok: true },
    );
    const evil = await listen();
    const host = evil.origin.slice('http://'.length);
    // The page is served by the API's origin; the attacker controls the string passed to client.fetch.
    vi.stubGlobal('location', { href: `${api.origin}/app/` });
    const client = createAuthClient({ baseUrl: api.origin, autoStart: false, locks: null, channel: `fetch-test-${process.pid}` });
    await client.login({ email: 'a@b.c', password: 'pw' });
    const attacks = [`\\\\${host}/x`, `\\/${host}/x`, ` //${host}/x`, `\t//${host}/x`, `//${host}/x`, `${evil.origin}/x`];
    for (const input of attacks) await client.fetch(input);
    await client.fetch(new URL(`${evil.origin}/x`));
    await client.fetch(new Request(`${evil.origin}/x`));
    expect(evil.seen).toHaveLength(attacks.length + 2);
    expect(evil.seen.map((headers) => headers.authorization)).toEqual(evil.seen.map(() => undefined));
    await client.fetch('/api/data');
    expect(api.seen.at(-1)?.authorization).toBe('Bearer at-real');
    client.destroy();
  });
});
