// Issue 13 item 7: a server calling Tessera for a browser (next-auth) names the browser in X-Forwarded-User-Agent,
// and the session list shows it. Believed only from a trusted proxy: a caller Tessera does not trust cannot rename
// its session through the header (its own User-Agent stands). Real sockets on three loopback addresses.
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TesseraOptions } from '../config/index.js';
import { bearer, PASSWORD, registerWithBody } from '../test/flows.js';
import { createTestServer, type TestServer } from '../test/test-server.js';
import { parseTrustedProxies, type ProxyTrust } from './client-address.js';
import { userAgent } from './forwarded-user-agent.js';

const NEXT_SERVER = '127.0.0.2';
const BROWSER = '127.0.0.3';
const CHROMIUM = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

const list = (...entries: string[]): ProxyTrust => {
  const proxies = parseTrustedProxies(entries);
  if ('invalid' in proxies) throw new Error(proxies.invalid);
  return { kind: 'list', proxies };
};

describe('userAgent', () => {
  it('takes the forwarded user agent from a trusted peer only, and never under TRUST_PROXY', () => {
    const trust = list('10.0.0.0/8');
    expect(userAgent('10.0.0.5', 'node', CHROMIUM, trust)).toBe(CHROMIUM);
    expect(userAgent('::ffff:10.0.0.5', 'node', CHROMIUM, trust)).toBe(CHROMIUM);
    expect(userAgent('203.0.113.7', 'curl/8', CHROMIUM, trust)).toBe('curl/8');
    expect(userAgent(undefined, 'curl/8', CHROMIUM, trust)).toBe('curl/8');
    // Appending proxies pass the header on as the client wrote it.
    expect(userAgent('10.0.0.5', 'curl/8', CHROMIUM, { kind: 'hops', hops: 1 })).toBe('curl/8');
    expect(userAgent('10.0.0.5', 'curl/8', CHROMIUM, { kind: 'none' })).toBe('curl/8');
  });

  it('keeps the own user agent when the forwarded one is empty or missing', () => {
    const trust = list('10.0.0.5');
    expect(userAgent('10.0.0.5', 'node', '  ', trust)).toBe('node');
    expect(userAgent('10.0.0.5', 'node', undefined, trust)).toBe('node');
    expect(userAgent('10.0.0.5', undefined, undefined, trust)).toBeNull();
  });
});

/** POST /auth/login from `from` (a loopback address) with these headers; the access token of the new session. */
function loginFrom(server: TestServer, from: string, email: string, headers: Record<string, string>): Promise<string> {
  const url = new URL(`${server.url}/auth/login`);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        localAddress: from,
        headers: { 'content-type': 'application/json', 'x-token-transport': 'body', ...headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          res.statusCode === 200 ? resolve((JSON.parse(text) as { access_token: string }).access_token) : reject(new Error(text)),
        );
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ email, password: PASSWORD }));
  });
}

async function currentAgent(server: TestServer, accessToken: string): Promise<string | null> {
  const res = await server.request('/auth/sessions', { headers: bearer(accessToken) });
  const { sessions } = (await res.json()) as { sessions: { user_agent: string | null; current: boolean }[] };
  return sessions.find((s) => s.current)!.user_agent;
}

describe.each<[string, TesseraOptions]>([
  ['TRUSTED_PROXIES=127.0.0.2', { trustedProxies: [NEXT_SERVER] }],
  ['TRUSTED_PROXIES=127.0.0.2/32 and a range', { trustedProxies: [`${NEXT_SERVER}/32`, '10.0.0.0/8'] }],
])('X-Forwarded-User-Agent with %s', (_name, trust) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await createTestServer('sqlite', trust);
  });
  afterAll(() => server?.close());

  it("names the session after the browser the trusted server forwards, not the server's own user agent", async () => {
    const { email } = await registerWithBody(server);
    const token = await loginFrom(server, NEXT_SERVER, email, { 'user-agent': 'node', 'x-forwarded-user-agent': CHROMIUM });
    expect(await currentAgent(server, token)).toBe(CHROMIUM);
    // No forwarded header: the server's own user agent, as before.
    expect(await currentAgent(server, await loginFrom(server, NEXT_SERVER, email, { 'user-agent': 'node' }))).toBe('node');
  });

  it('ignores the header from a caller it does not trust: its own user agent names the session', async () => {
    const { email } = await registerWithBody(server);
    const token = await loginFrom(server, BROWSER, email, { 'user-agent': 'curl/8.5.0', 'x-forwarded-user-agent': CHROMIUM });
    expect(await currentAgent(server, token)).toBe('curl/8.5.0');
  });
});

describe('X-Forwarded-User-Agent with TRUST_PROXY=1', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await createTestServer('sqlite', { trustProxy: 1 });
  });
  afterAll(() => server?.close());

  it('is ignored: an appending proxy passes it on as the client wrote it', async () => {
    const { email } = await registerWithBody(server);
    const token = await loginFrom(server, BROWSER, email, { 'user-agent': 'curl/8.5.0', 'x-forwarded-user-agent': CHROMIUM });
    expect(await currentAgent(server, token)).toBe('curl/8.5.0');
  });
});
