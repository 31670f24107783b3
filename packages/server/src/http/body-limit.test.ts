import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../test/test-server.js';

describe('request body limit', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await createTestServer('sqlite');
  });
  afterAll(() => server?.close());

  const big = JSON.stringify({ email: 'a@example.com', password: 'x'.repeat(20_000) });

  it('refuses an oversized body announced by Content-Length', async () => {
    const res = await server.request('/auth/login', { method: 'POST', body: big, headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { code: string }).code).toBe('payload_too_large');
  });

  /** POSTs a body in chunks with no Content-Length, so the size is only known while reading. */
  const postChunked = (chunks: string[]) =>
    new Promise<number>((resolve, reject) => {
      const url = new URL(`${server.url}/auth/login`);
      const req = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      for (const chunk of chunks) req.write(chunk);
      req.end();
    });

  it('refuses an oversized chunked body while reading it', async () => {
    expect(await postChunked(Array.from({ length: 40 }, () => 'x'.repeat(1000)))).toBe(413);
  });

  it('refuses an oversized body handed to the web-standard handler directly', async () => {
    const res = await server.tessera.fetch(
      new Request('http://localhost/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode(big));
            controller.close();
          },
        }),
        duplex: 'half',
      } as RequestInit),
    );
    expect(res.status).toBe(413);
  });

  it('accepts a small chunked JSON body', async () => {
    expect(await postChunked(['{"email":"nobody@example.com",', '"password":"whatever"}'])).toBe(401);
  });
});
