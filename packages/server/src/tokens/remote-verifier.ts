// Verifying Tessera access tokens in another service, from the published JWKS only.
import { createRemoteJWKSet, errors as joseErrors, jwtVerify } from 'jose';
import { TesseraError } from '../errors.js';
import type { AccessClaims } from './access-token.js';
import { refusalOfVerified } from './jwt-rules.js';
import { createTokenCache } from './token-cache.js';

export interface RemoteVerifierOptions {
  /** e.g. https://auth.example.com/.well-known/jwks.json */
  jwksUrl: string | URL;
  issuer: string;
  audience: string;
  /** Pinned algorithms (RFC 8725 §3.1). @default ['EdDSA'] */
  algorithms?: string[];
  /** @default 10000 */
  cacheSize?: number;
}

/**
 * @example
 * const verify = createRemoteVerifier({ jwksUrl: 'http://localhost:4000/.well-known/jwks.json', issuer: 'tessera', audience: 'tessera' });
 * const claims = await verify(token);
 */
export function createRemoteVerifier(options: RemoteVerifierOptions): (token: string) => Promise<AccessClaims> {
  const jwks = createRemoteJWKSet(new URL(options.jwksUrl));
  const cache = createTokenCache<AccessClaims>(options.cacheSize ?? 10_000);
  return async (token) => {
    const cached = cache.get(token);
    if (cached) {
      if (cached.exp * 1000 <= Date.now()) throw new TesseraError('token_expired', 'Access token has expired');
      return cached;
    }
    try {
      const { payload, protectedHeader } = await jwtVerify<AccessClaims>(token, jwks, {
        algorithms: options.algorithms ?? ['EdDSA'],
        issuer: options.issuer,
        audience: options.audience,
        typ: 'at+jwt',
        requiredClaims: ['sub', 'sid', 'jti', 'iat', 'exp'],
      });
      if (refusalOfVerified(token, protectedHeader.alg, payload.iat, Date.now())) throw new Error('refused after verification');
      cache.set(token, payload);
      return payload;
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw new TesseraError('token_expired', 'Access token has expired');
      throw new TesseraError('invalid_token', 'Access token is not valid');
    }
  };
}
