// Bearer authentication (RFC 6750): the header read cheaply, the token verified, its session checked against the
// in-memory set of revoked sessions (instant revocation, no I/O), and optionally against the database.
import type { Core } from '../core.js';
import { TesseraError } from '../errors.js';
import { assertStepUp, type StepUpOptions } from '../reauth/step-up.js';
import type { AccessClaims } from '../tokens/access-token.js';
import type { RequestContext } from './context.js';

/** `maxAuthAge` and `requireAmr` ask for step-up authentication (reauth/step-up.ts, RFC 9470). */
export interface VerifyOptions extends StepUpOptions {
  /**
   * Also read the token's session from the database (one indexed read per request). Instant revocation (on unless
   * INSTANT_REVOCATION=false) already refuses revoked sessions without I/O; this also works with it off, and
   * refuses a session whose refresh lifetime has ended. @default false
   */
  checkSession?: boolean;
}

const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i;

/**
 * The Authorization header. On Node it is read off the IncomingMessage's raw headers: touching request.headers
 * makes @hono/node-server build a whole Headers object, and IncomingMessage.headers is built lazily too; on a
 * guarded route either costs more than the cached verification itself.
 */
export function authorizationHeader(request: Request, context?: RequestContext): string | null {
  const raw = context?.incoming?.rawHeaders;
  if (!raw) return request.headers.get('authorization');
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    if (name.length === 13 && name.toLowerCase() === 'authorization') return raw[i + 1] ?? null;
  }
  return null;
}

/** RFC 6750 §2.1: `Bearer <token>`, scheme case-insensitive, one token in the b64token charset. */
export function bearerToken(request: Request, context?: RequestContext): string {
  const header = authorizationHeader(request, context);
  const match = header ? BEARER.exec(header.trim()) : null;
  if (!match) throw new TesseraError('invalid_token', 'Missing or malformed bearer token');
  return match[1]!;
}

/** Throws TesseraError `invalid_token`, `token_expired` or `session_revoked`. */
export async function verifyAccessToken(core: Core, token: string, options: VerifyOptions = {}): Promise<AccessClaims> {
  const claims = assertSessionNotRevoked(core, await core.accessTokens.verify(token));
  if (options.checkSession && !(await core.sessions.isActive(claims.sid))) throw sessionRevoked();
  return assertStepUpIfAsked(core, claims, options);
}

/** The step-up checks, when the caller asked for any (the common guard asks for none and pays nothing). */
export function assertStepUpIfAsked(core: Core, claims: AccessClaims, options: VerifyOptions | undefined): AccessClaims {
  return options && (options.maxAuthAge !== undefined || options.requireAmr) ? assertStepUp(claims, options, core.config.now()) : claims;
}

const sessionRevoked = () => new TesseraError('session_revoked', 'This session has been signed out');

/**
 * OWASP ASVS 5.0 §7.4.1: a revoked session's access token stops working at once, not when it expires. `sid` is a
 * required claim of every access token (tokens/access-token.ts), so no token escapes the check.
 */
export function assertSessionNotRevoked(core: Core, claims: AccessClaims): AccessClaims {
  if (core.revokedSessions.has(claims.sid)) throw sessionRevoked();
  return claims;
}

export function authenticate(core: Core, request: Request, context?: RequestContext, options?: VerifyOptions): Promise<AccessClaims> {
  return verifyAccessToken(core, bearerToken(request, context), options);
}
