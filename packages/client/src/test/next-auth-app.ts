// The real next-auth v4 request handler behind node:http, wired the way Next's Pages API routes call it:
// req.query.nextauth holds the path segments, req.body the parsed form or JSON, req.cookies the parsed cookies.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as nextAuthModule from 'next-auth';
import type { AuthOptions } from 'next-auth';
import { interopDefault } from '../next-auth/interop.js';

type Handler = (req: unknown, res: unknown, options: AuthOptions) => Promise<unknown>;
const NextAuth = interopDefault(nextAuthModule.default as unknown as Handler);

export interface NextAuthApp {
  url: string;
  /** Replaced per test, like editing [...nextauth].ts; a function builds them per request (advanced initialization). */
  options: AuthOptions | ((req: IncomingMessage) => AuthOptions);
  close(): Promise<void>;
}

const BASE = '/api/auth/';

export async function startNextAuthApp(options: NextAuthApp['options']): Promise<NextAuthApp> {
  const app: NextAuthApp = { url: '', options, close: async () => {} };
  const server = createServer((req, res) => {
    handle(req, res, typeof app.options === 'function' ? app.options(req) : app.options).catch((error: unknown) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  app.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // next-auth derives its own URLs (redirects, callback URLs, cookie security) from NEXTAUTH_URL.
  process.env.NEXTAUTH_URL = `${app.url}/api/auth`;
  app.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return app;
}

async function handle(req: IncomingMessage, res: ServerResponse, options: AuthOptions) {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (!url.pathname.startsWith(BASE)) {
    res.statusCode = 404;
    res.end();
    return;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  const type = req.headers['content-type'] ?? '';
  const body = !raw ? undefined : type.includes('application/json') ? JSON.parse(raw) : Object.fromEntries(new URLSearchParams(raw));
  const cookies = Object.fromEntries(
    (req.headers.cookie ?? '')
      .split(';')
      .map((pair) => pair.trim())
      .filter(Boolean)
      .map((pair) => [pair.slice(0, pair.indexOf('=')), decodeURIComponent(pair.slice(pair.indexOf('=') + 1))]),
  );
  // What Next's apiResolver adds to Node's req/res.
  Object.assign(req, {
    query: { ...Object.fromEntries(url.searchParams), nextauth: url.pathname.slice(BASE.length).split('/').filter(Boolean) },
    body,
    cookies,
  });
  Object.assign(res, {
    status(code: number) {
      res.statusCode = code;
      return res;
    },
    json(value: unknown) {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(value));
    },
    send(value: unknown) {
      if (value !== null && typeof value === 'object') return (res as unknown as { json(v: unknown): void }).json(value);
      res.end(value === undefined ? undefined : String(value));
    },
  });
  await NextAuth(req, res, options);
}

/** The browser side of `signIn(provider, { redirect: false })`: csrf, then the provider's credentials callback. */
export async function signInWithCredentials(
  app: NextAuthApp,
  jar: { fetch: (input: string, init?: RequestInit) => Promise<Response> },
  credentials: Record<string, string>,
  provider = 'credentials',
): Promise<{ status: number; url: string }> {
  const { csrfToken } = (await (await jar.fetch(`${app.url}/api/auth/csrf`)).json()) as { csrfToken: string };
  const res = await jar.fetch(`${app.url}/api/auth/callback/${provider}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...credentials, csrfToken, callbackUrl: `${app.url}/dashboard`, json: 'true' }),
  });
  return { status: res.status, url: ((await res.json()) as { url: string }).url };
}

/** next-auth's sign-out, as its `signOut()` posts it, with the jar's session cookie. */
export async function signOutWithNextAuth(
  app: NextAuthApp,
  jar: { fetch: (input: string, init?: RequestInit) => Promise<Response> },
): Promise<Response> {
  const { csrfToken } = (await (await jar.fetch(`${app.url}/api/auth/csrf`)).json()) as { csrfToken: string };
  return jar.fetch(`${app.url}/api/auth/signout`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrfToken, callbackUrl: app.url, json: 'true' }),
  });
}
