// Access tokens: RFC 9068 JWTs (typ at+jwt) signed with the current key, verified per RFC 8725.
import { randomUUID } from 'node:crypto';
import { errors as joseErrors, jwtVerify, type JWTHeaderParameters } from 'jose';
import { signCompact } from './jws-sign.js';
import { TesseraError } from '../errors.js';
import type { KeyStore } from '../keys/signing-keys.js';
import { refusalOfVerified } from './jwt-rules.js';
import { createTokenCache } from './token-cache.js';

/** Claims of a verified Tessera access token. */
export interface AccessClaims {
  iss: string;
  aud: string | string[];
  sub: string;
  sid: string;
  iat: number;
  exp: number;
  jti: string;
  /** When the session last proved its user (RFC 9068 §2.2.1), epoch seconds; for "recent authentication". */
  auth_time?: number;
  /** Whether the user's email is verified, as of this token's issue. */
  email_verified?: boolean;
  /** How the session proved its user at auth_time (RFC 8176 values, reauth/amr.ts). */
  amr?: string[];
  /** RFC 8693 §4.1: present on an impersonation token, naming the admin acting as `sub`. */
  act?: { sub: string };
  [claim: string]: unknown;
}

// `act` too: the claims hook cannot make a token look like an impersonation, or hide one.
const REGISTERED = new Set(['iss', 'aud', 'sub', 'sid', 'iat', 'exp', 'jti', 'nbf', 'auth_time', 'email_verified', 'amr', 'act']);

export interface AccessTokenOptions {
  keys: KeyStore;
  issuer: string;
  audience: string;
  ttlSeconds: number;
  cacheSize: number;
  now: () => number;
}

export interface AccessTokens {
  sign(subject: {
    userId: string;
    sessionId: string;
    /** Epoch milliseconds; becomes `auth_time` in seconds. */
    authenticatedAt?: number;
    /** RFC 8176 methods of that authentication; becomes `amr`. */
    amr?: readonly string[];
    emailVerified?: boolean;
    extra?: Record<string, unknown>;
    /** A shorter lifetime than ACCESS_TOKEN_TTL (impersonation); never a longer one. */
    ttlSeconds?: number;
    /** RFC 8693 §4.1: the party acting for the subject (impersonation), `{ sub: <admin id> }`. */
    act?: { sub: string };
  }): Promise<{ token: string; expiresAt: number }>;
  /** Throws TesseraError `token_expired` or `invalid_token`. */
  verify(token: string): Promise<AccessClaims>;
  /** The claims of a token verified before and still unexpired, without any async work; undefined if not cached. */
  cached(token: string): AccessClaims | undefined;
}

export function createAccessTokens(options: AccessTokenOptions): AccessTokens {
  const { keys, issuer, audience, now } = options;
  const cache = createTokenCache<AccessClaims>(options.cacheSize);
  // A revoked key's tokens must stop at once, including those verified before: the cache holds claims, not kids,
  // and revocations are rare, so it is emptied.
  keys.onRemoved(() => cache.clear());

  // RFC 8725 §3.1: the algorithm is pinned to the configured one; the key comes from our own set by kid only.
  // jku, x5u, jwk and x5c header parameters are never read (jose does not fetch them and we pass no resolver that does).
  const resolveKey = async (header: JWTHeaderParameters) => {
    if (typeof header.kid !== 'string' || header.kid.length > 128) throw new TesseraError('invalid_token', 'Token has no usable kid');
    const key = await keys.find(header.kid);
    if (!key) throw new TesseraError('invalid_token', 'Token was signed by an unknown key');
    return key.verifyKey;
  };

  return {
    async sign({ userId, sessionId, authenticatedAt, amr, emailVerified, extra, ttlSeconds, act }) {
      const key = keys.current();
      const issuedAt = Math.floor(now() / 1000);
      const exp = issuedAt + Math.min(ttlSeconds ?? options.ttlSeconds, options.ttlSeconds);
      const custom: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(extra ?? {})) if (!REGISTERED.has(name)) custom[name] = value;
      if (authenticatedAt !== undefined) custom.auth_time = Math.floor(authenticatedAt / 1000);
      if (amr !== undefined) custom.amr = [...amr];
      if (emailVerified !== undefined) custom.email_verified = emailVerified;
      if (act !== undefined) custom.act = { sub: act.sub };
      const token = signCompact(
        { alg: key.alg, typ: 'at+jwt', kid: key.kid },
        { ...custom, iss: issuer, aud: audience, sub: userId, sid: sessionId, iat: issuedAt, exp, jti: randomUUID() },
        key.privateKey,
      );
      return { token, expiresAt: exp * 1000 };
    },

    cached(token) {
      const claims = cache.get(token);
      if (claims && claims.exp * 1000 <= now()) throw new TesseraError('token_expired', 'Access token has expired');
      return claims;
    },

    async verify(token) {
      if (token.length > 8192) throw new TesseraError('invalid_token', 'Token is too long');
      const cached = this.cached(token);
      if (cached) return cached;
      try {
        const { payload, protectedHeader } = await jwtVerify<AccessClaims>(token, resolveKey, {
          algorithms: [keys.current().alg],
          issuer,
          audience,
          typ: 'at+jwt',
          requiredClaims: ['sub', 'sid', 'jti', 'iat', 'exp'],
          currentDate: new Date(now()),
          clockTolerance: 0,
        });
        if (typeof payload.sid !== 'string') throw new TesseraError('invalid_token', 'Token has no session id');
        const refusal = refusalOfVerified(token, protectedHeader.alg, payload.iat, now());
        if (refusal) throw new TesseraError('invalid_token', refusal);
        const claims = Object.freeze(payload) as AccessClaims;
        cache.set(token, claims);
        return claims;
      } catch (error) {
        if (error instanceof TesseraError) throw error;
        if (error instanceof joseErrors.JWTExpired) throw new TesseraError('token_expired', 'Access token has expired');
        throw new TesseraError('invalid_token', describeJoseError(error));
      }
    },
  };
}

function describeJoseError(error: unknown): string {
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'Token signature is invalid';
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'Token algorithm is not allowed';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `Token claim "${error.claim}" is invalid`;
  if (error instanceof joseErrors.JWSInvalid || error instanceof joseErrors.JWTInvalid) return 'Token is malformed';
  return 'Token is invalid';
}
