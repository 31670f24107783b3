// Cross-site request checks for the cookie-authenticated endpoints (/refresh, /logout).
// A cookie is ambient authority, so the request must prove it came from an allowed page:
// - it must be a JSON request, which no plain HTML form can send (forms only send urlencoded, multipart, text/plain),
//   and which a foreign page's fetch can only send after a CORS preflight that we refuse;
// - its Origin, when present, must be our own or in the allowlist; without Origin, Sec-Fetch-Site must not say cross-site.
import { TesseraError } from '../errors.js';
import { isJsonContentType } from './json-body.js';

export function assertSameSiteRequest(request: Request, allowedOrigins: readonly string[]): void {
  const headers = request.headers;
  if (!isJsonContentType(headers.get('content-type') ?? undefined)) {
    throw new TesseraError('csrf_rejected', 'Cookie-authenticated requests must be sent as application/json');
  }
  const origin = headers.get('origin');
  if (origin !== null) {
    if (origin === new URL(request.url).origin || allowedOrigins.includes(origin)) return;
    throw new TesseraError('csrf_rejected', 'Origin is not allowed');
  }
  if (headers.get('sec-fetch-site') === 'cross-site') throw new TesseraError('csrf_rejected', 'Cross-site request');
}
