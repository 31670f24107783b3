// Step-up authentication (RFC 9470): an application route asks for a recent sign-in (maxAuthAge) or for certain
// authentication methods (requireAmr, e.g. ['mfa']), checked from the access token's auth_time and amr, no I/O.
import { TesseraError } from '../errors.js';
import type { AccessClaims } from '../tokens/access-token.js';
import type { AmrValue } from './amr.js';
import { isRecentAuth } from './recent-auth.js';

export interface StepUpOptions {
  /** Seconds: a token whose session authenticated longer ago answers 401 `reauthentication_required`. */
  maxAuthAge?: number;
  /** A token whose amr has none of these answers 403 `mfa_required` (e.g. `['mfa']`, or `['hwk', 'swk']`). */
  requireAmr?: readonly AmrValue[];
}

/** RFC 9470 §3: the challenge that tells the client to authenticate again, and how. */
function insufficient(description: string, hint: string): Record<string, string> {
  return {
    'WWW-Authenticate': `Bearer realm="tessera", error="insufficient_user_authentication", error_description="${description}", ${hint}`,
  };
}

/** Throws unless the token is recent and strong enough for the route. */
export function assertStepUp(claims: AccessClaims, { maxAuthAge, requireAmr }: StepUpOptions, nowMs: number): AccessClaims {
  if (maxAuthAge !== undefined && !isRecentAuth(claims, nowMs, maxAuthAge)) {
    const description = 'A more recent authentication is required';
    throw new TesseraError('reauthentication_required', `${description}: sign in again or POST /auth/reauthenticate`, {
      headers: insufficient(description, `max_age=${Math.floor(maxAuthAge)}`),
    });
  }
  if (requireAmr && requireAmr.length > 0 && !requireAmr.some((value) => claims.amr?.includes(value))) {
    const description = 'A stronger authentication is required';
    // Tessera defines no acr values of its own: the hint names the amr values the route accepts.
    throw new TesseraError('mfa_required', `${description}: sign in with ${requireAmr.join(' or ')}`, {
      headers: insufficient(description, `acr_values="${requireAmr.join(' ')}"`),
    });
  }
  return claims;
}
