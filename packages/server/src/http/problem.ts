// RFC 9457 problem+json responses, with RFC 6750 challenges on 401s.
import { bearerChallenge, TesseraError } from '../errors.js';

export function problemResponse(error: TesseraError): Response {
  const headers = new Headers({ 'Content-Type': 'application/problem+json', 'Cache-Control': 'no-store' });
  for (const [name, value] of Object.entries(error.headers)) headers.set(name, value);
  if (error.status === 401 && !headers.has('WWW-Authenticate')) headers.set('WWW-Authenticate', bearerChallenge(error.code, error.message));
  return new Response(JSON.stringify(error.toProblem()), { status: error.status, headers });
}
