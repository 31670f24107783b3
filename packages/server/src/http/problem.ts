// RFC 9457 problem+json responses, with RFC 6750 challenges on 401s.
import type { Context } from 'hono';
import { bearerChallenge, TesseraError } from '../errors.js';

function problemHeaders(error: TesseraError): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Type': 'application/problem+json',
    'Cache-Control': 'no-store',
    Pragma: 'no-cache',
    ...error.headers,
  };
  if (error.status === 401 && !('WWW-Authenticate' in headers)) headers['WWW-Authenticate'] = bearerChallenge(error.code, error.message);
  return headers;
}

/** A standalone problem Response, for code outside a Hono context. */
export function problemResponse(error: TesseraError): Response {
  return new Response(JSON.stringify(error.toProblem()), { status: error.status, headers: problemHeaders(error) });
}

/** The problem answered through the Hono context, so headers set earlier in the request (CORS) are kept. */
export function problem(c: Context, error: TesseraError): Response {
  return c.body(JSON.stringify(error.toProblem()), error.status as 400, problemHeaders(error));
}
