// The OpenAPI document against the app itself: every route the app answers is documented, with the responses and
// error codes of the server's own map, and the document's security matches what the routes enforce.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig, type UserFieldSpec } from '../config/index.js';
import { ERRORS } from '../errors.js';
import { createTestCore, type TestCore } from '../test/test-core.js';
import { createApp } from './app.js';

type Operation = {
  operationId: string;
  summary: string;
  security: unknown[];
  responses: Record<string, { description: string }>;
};
type Document = { openapi: string; paths: Record<string, Record<string, Operation>> };

describe.each<{ name: string; basePath: string; userFields: Record<string, UserFieldSpec> }>([
  { name: 'default base path', basePath: '/auth', userFields: {} },
  { name: 'root base path and custom fields', basePath: '/', userFields: { company: { type: 'string' as const } } },
])('OpenAPI document ($name)', ({ basePath, userFields }) => {
  let server: TestCore;
  let doc: Document;
  const docPath = (basePath === '/' ? '' : basePath) + '/openapi.json';

  beforeAll(async () => {
    server = await createTestCore({ basePath, userFields });
    doc = (await (await server.request(docPath)).json()) as Document;
  });
  afterAll(() => server.close());

  it('lists exactly the routes the app answers, method by method', () => {
    const app = createApp(resolveConfig({ basePath, userFields }, {}), () => Promise.reject(new Error('unused')));
    const answered = app.routes
      .filter((r) => r.method !== 'ALL')
      .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`)
      .sort();
    const documented = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method} ${path}`))
      .sort();
    expect(documented).toEqual(answered);
    expect(answered.length).toBeGreaterThanOrEqual(16);
  });

  it('gives every operation a unique operationId, a summary, declared security and a success and an error response', () => {
    const ids = new Set<string>();
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        expect(op.operationId, `${method} ${path}`).toMatch(/^[a-z][A-Za-z]+$/);
        expect(ids.has(op.operationId), op.operationId).toBe(false);
        ids.add(op.operationId);
        expect(op.summary.length).toBeGreaterThan(0);
        expect(Array.isArray(op.security)).toBe(true);
        const statuses = Object.keys(op.responses).map(Number);
        expect(statuses.some((s) => s >= 200 && s < 300)).toBe(true);
        expect(statuses.some((s) => s >= 400)).toBe(true);
      }
    }
  });

  it("lists only the server's own error codes, each under its own status", () => {
    for (const ops of Object.values(doc.paths)) {
      for (const op of Object.values(ops)) {
        for (const [status, response] of Object.entries(op.responses)) {
          if (Number(status) < 400) continue;
          for (const code of response.description.split(', ')) {
            expect(Object.keys(ERRORS)).toContain(code);
            // A mailed token's invalid_token / token_expired is a 400 (errors.ts, mailedTokenError), not the bearer 401.
            const mailed = status === '400' && (code === 'invalid_token' || code === 'token_expired');
            // A second factor's wrong, replayed or used proof (a passkey response) is a 401 invalid_code (issue 15),
            // where a mailed sign-in code is the map's 400.
            const factor = status === '401' && code === 'invalid_code';
            if (!mailed && !factor) expect(String(ERRORS[code as keyof typeof ERRORS].status)).toBe(status);
          }
        }
      }
    }
  });

  it('declares bearer security exactly on the routes that refuse a request without a token (and refresh, which needs its own)', async () => {
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        // The refresh route refuses a request without its refresh token the same way (cookie or body, so optional security).
        const bearer = JSON.stringify(op.security) === JSON.stringify([{ bearer: [] }]) || op.operationId === 'refresh';
        const withBody = method !== 'get' && method !== 'delete';
        const res = await server.request(path.replace(/\{\w+\}/g, 'x'), {
          method: method.toUpperCase(),
          ...(withBody ? { json: {} } : {}),
        });
        const code = res.status === 401 ? ((await res.json()) as { code: string }).code : undefined;
        expect({ route: `${method} ${path}`, refused: code === 'invalid_token' }).toEqual({ route: `${method} ${path}`, refused: bearer });
      }
    }
  });
});
