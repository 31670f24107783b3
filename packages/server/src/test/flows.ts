// Small helpers shared by the HTTP suites: sign up a user and read what came back.
import { expect } from 'vitest';
import type { z } from 'zod';
import type { tokenResponseSchema } from '../http/token-response.js';
import { refreshCookieOf, TEST_ORIGIN, type TestServer } from './test-server.js';

/** A token response body, typed by the schema the server documents it with. */
export type TokenBody = z.output<ReturnType<typeof tokenResponseSchema>>;

/** A test server over HTTP, or a test core in-process: both answer `request`. */
type Server = Pick<TestServer, 'request'>;

let counter = 0;
export const uniqueEmail = () => `user${Date.now()}${++counter}@example.com`;
export const PASSWORD = 'correct horse battery';

export interface SignedIn {
  email: string;
  accessToken: string;
  refreshToken: string;
  body: TokenBody;
}

/** Registers a user with body transport (server-side client style). */
export async function registerWithBody(server: Server, email = uniqueEmail()): Promise<SignedIn> {
  const res = await server.request('/auth/register', {
    method: 'POST',
    json: { email, password: PASSWORD, name: 'Ada' },
    headers: { 'X-Token-Transport': 'body' },
  });
  expect(res.status).toBe(201);
  const body = (await res.json()) as TokenBody;
  return { email, accessToken: body.access_token, refreshToken: body.refresh_token!, body };
}

/** Registers a user the browser way: the refresh token comes back only as a cookie. */
export async function registerWithCookie(server: Server, email = uniqueEmail()): Promise<SignedIn> {
  const res = await server.request('/auth/register', {
    method: 'POST',
    json: { email, password: PASSWORD },
    headers: { Origin: TEST_ORIGIN },
  });
  expect(res.status).toBe(201);
  const body = (await res.json()) as TokenBody;
  const cookie = refreshCookieOf(res);
  expect(cookie).toBeDefined();
  return { email, accessToken: body.access_token, refreshToken: cookie!, body };
}

export function refreshWithBody(server: Server, refreshToken: string) {
  return server.request('/auth/refresh', { method: 'POST', json: { refresh_token: refreshToken } });
}

export function refreshWithCookie(server: Server, refreshToken: string, headers: Record<string, string> = {}) {
  return server.request('/auth/refresh', {
    method: 'POST',
    headers: { Cookie: `refresh_token=${refreshToken}`, Origin: TEST_ORIGIN, 'Content-Type': 'application/json', ...headers },
    body: '{}',
  });
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

export async function expectProblem(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  const body = (await res.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ status, code });
  expect(typeof body.title).toBe('string');
  expect(typeof body.detail).toBe('string');
  expect(String(body.type)).toContain(code);
  return body;
}

/** Status, headers (but Date) and body: what a caller can compare between two answers ("202 always" endpoints). */
export async function answerOf(res: Response) {
  const headers = [...res.headers.entries()].filter(([name]) => name !== 'date');
  return { status: res.status, headers, body: await res.text() };
}
