// Access token verification from Tessera's JWKS alone, edge-safe (jose, no node: imports), with the server's rules:
// RFC 8725 §3.1 pinned algorithms, iss/aud/typ (RFC 9068 §4), required claims, no clock tolerance, ES256 low-S and
// no `iat` in the future (packages/server/src/tokens/jwt-rules.ts says why).
import { base64url, createRemoteJWKSet, customFetch, jwtVerify } from 'jose';
import type { AccessClaims } from './access-claims.js';
import type { ResolvedOptions } from './options.js';

/** Order n of the P-256 group (SEC 2 §2.4.2), halved: an ES256 S above it is the malleable twin of a valid one. */
const P256_HALF_N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n >> 1n;
const MAX_CLOCK_SKEW_SECONDS = 60;
const MAX_TOKEN_LENGTH = 8192;

export type Verify = (token: string) => Promise<AccessClaims | null>;

/** A verifier: the claims of a valid, unexpired token, or null for anything else (expired, forged, malformed). */
export function createVerifier(options: ResolvedOptions): Verify {
  const jwks = createRemoteJWKSet(new URL(options.upstreamUrl(options.jwksPath)), {
    // Through the upstream, so an embedded Tessera serves its keys without a network hop.
    [customFetch]: (url, init) => options.upstream(new Request(url, init)),
  });
  return async (token) => {
    if (token.length > MAX_TOKEN_LENGTH) return null;
    try {
      const { payload, protectedHeader } = await jwtVerify<AccessClaims>(token, jwks, {
        algorithms: [...options.algorithms],
        issuer: options.issuer,
        audience: options.audience,
        typ: 'at+jwt',
        requiredClaims: ['sub', 'sid', 'jti', 'iat', 'exp'],
        currentDate: new Date(options.now()),
        clockTolerance: 0,
      });
      if (typeof payload.sid !== 'string' || typeof payload.sub !== 'string') return null;
      if (protectedHeader.alg === 'ES256' && !isLowS(base64url.decode(token.slice(token.lastIndexOf('.') + 1)))) return null;
      if (payload.iat > Math.floor(options.now() / 1000) + MAX_CLOCK_SKEW_SECONDS) return null;
      return Object.freeze(payload);
    } catch {
      return null;
    }
  };
}

function isLowS(signature: Uint8Array): boolean {
  if (signature.length !== 64) return false;
  let s = 0n;
  for (const byte of signature.subarray(32)) s = (s << 8n) | BigInt(byte);
  return s > 0n && s <= P256_HALF_N;
}
