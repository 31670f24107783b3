// Issue 10, item 2: behind a proxy that appends to X-Forwarded-For, a client writing its own X-Forwarded-For
// (a new address per request) must still be counted under the address the proxy saw. A real appending proxy on
// 127.0.0.2 in front of the server; the client calls from 127.0.0.3.
import { request as httpRequest, createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { TesseraOptions } from '../config/index.js';
import { uniqueEmail } from '../test/flows.js';
import { createTestServer, type TestServer } from '../test/test-server.js';

const PROXY_ADDRESS = '127.0.0.2';
const CLIENT_ADDRESS = '127.0.0.3';

/** An nginx-style `proxy_add_x_forwarded_for`: appends the address it was called from, then forwards. */
async function startAppendingProxy(target: string): Promise<{ url: string; close(): Promise<void> }> {
  const upstream = new URL(target);
  const server: Server = createServer((req, res) => {
    const seen = req.socket.remoteAddress!.replace(/^::ffff:/, '');
    const forwarded = req.headers['x-forwarded-for'];
    const headers = { ...req.headers, 'x-forwarded-for': forwarded ? `${String(forwarded)}, ${seen}` : seen };
    const out = httpRequest(
      { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers, localAddress: PROXY_ADDRESS },
      (answer) => {
        res.writeHead(answer.statusCode!, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A login through the proxy from CLIENT_ADDRESS, with the X-Forwarded-For the client chose. */
function loginThrough(proxy: string, spoofed: string): Promise<number> {
  const url = new URL(`${proxy}/auth/login`);
  const body = JSON.stringify({ email: uniqueEmail(), password: 'a wrong guess' });
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        localAddress: CLIENT_ADDRESS,
        headers: { 'content-type': 'application/json', 'x-forwarded-for': spoofed },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode!));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe.each<[string, TesseraOptions]>([
  ['TRUST_PROXY=1', { trustProxy: 1 }],
  ['TRUST_PROXY=true', { trustProxy: true }],
  ['TRUSTED_PROXIES', { trustedProxies: [`${PROXY_ADDRESS}/32`] }],
])('behind one appending proxy with %s', (_name, trust) => {
  let server: TestServer | undefined;
  let proxy: Awaited<ReturnType<typeof startAppendingProxy>> | undefined;
  afterEach(async () => {
    await proxy?.close();
    await server?.close();
  });

  it('counts a client that spoofs X-Forwarded-For on every request under its own address', async () => {
    server = await createTestServer('sqlite', { ...trust, loginMaxFailuresPerIp: 5 });
    proxy = await startAppendingProxy(server.url);
    const statuses: number[] = [];
    for (let i = 1; i <= 8; i++) statuses.push(await loginThrough(proxy.url, `1.2.3.${i}`));
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
  });
});
