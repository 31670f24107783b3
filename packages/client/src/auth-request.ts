// The one place the client talks to the auth backend: JSON in, JSON or an AuthError out.
import type { AuthAdapter, AuthRequest } from './adapters/auth-adapter.js';
import type { Fetch } from './fetch.js';
import { AuthError, type AuthErrorCode, type FieldError } from './errors.js';
import type { Timers } from './timers.js';

export interface AuthRequestOptions {
  baseUrl: string;
  adapter: Pick<AuthAdapter<unknown, never, never>, 'errorCode'>;
  fetch: Fetch;
  timers: Timers;
  requestTimeout: number;
}

/** The members of a problem+json answer the client reads besides `code` (RFC 9457 §3). */
interface ProblemMembers {
  detail?: unknown;
  errors?: unknown;
  /** Sent by a development Tessera server on a refresh without the refresh cookie (docs/deployment.md). */
  cookie_diagnostic?: { message?: string };
}

/** Whether this page has printed a server's cookie diagnosis: once per page load, however many clients and refreshes. */
let warned: unknown;

/** Returns `call(request, token?)`: resolves the response body (null for 204), rejects with an AuthError. */
export function createAuthRequest(options: AuthRequestOptions): (request: AuthRequest, token?: string | null) => Promise<unknown> {
  const { baseUrl, adapter, fetch, timers, requestTimeout } = options;
  return async (request, token) => {
    const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
    if (request.body) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    const abort = new AbortController();
    const timeout = timers.setTimeout(() => abort.abort(), requestTimeout);
    try {
      let response: Response;
      try {
        response = await fetch(baseUrl + request.path, {
          method: request.method ?? (request.body ? 'POST' : 'GET'),
          headers,
          body: request.body && JSON.stringify(request.body),
          // The refresh cookie is HttpOnly and usually cross-origin: only `include` sends it and stores its rotation.
          credentials: 'include',
          signal: abort.signal,
        });
      } catch (error) {
        throw new AuthError('network_error', String(error));
      }
      const body: unknown = response.status === 204 ? null : await response.json().catch(() => undefined);
      if (response.ok) return body;
      const code = adapter.errorCode(body, response.status) ?? codeOfStatus(response.status);
      const { detail, errors, cookie_diagnostic: diagnosis } = (body ?? {}) as ProblemMembers;
      // A development server says in plain words why the refresh cookie did not come (docs/deployment.md).
      if (diagnosis?.message && !warned) console.warn((warned = diagnosis.message));
      const retryAfter = Number(response.headers.get('retry-after')) || undefined;
      throw new AuthError(
        code,
        typeof detail === 'string' ? detail : response.statusText,
        response.status,
        retryAfter,
        fieldErrors(errors),
      );
    } finally {
      timers.clearTimeout(timeout);
    }
  };
}

/** The problem's `errors` member (RFC 9457 extension), keeping only well-formed `{ path, message }` entries. */
function fieldErrors(errors: unknown): FieldError[] | undefined {
  const valid = Array.isArray(errors)
    ? errors.filter((e: Partial<FieldError> | null) => typeof e?.path === 'string' && typeof e.message === 'string')
    : [];
  return valid.length ? valid : undefined;
}

/** For answers without a code the adapter recognises (a proxy's 502 page, say). */
function codeOfStatus(status: number): AuthErrorCode {
  return status === 429 ? 'rate_limited' : status >= 500 ? 'internal_error' : status === 401 ? 'invalid_token' : 'invalid_response';
}
