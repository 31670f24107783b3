// "Recent authentication": sensitive changes (email change, linking a provider, and later MFA and account deletion)
// need a session that proved its user within REAUTH_MAX_AGE, read from the access token's auth_time (no I/O).
// Sign-in, password reset, magic link and POST /auth/reauthenticate set it; a refresh keeps it.
import type { Core } from '../core.js';
import { TesseraError } from '../errors.js';
import type { AccessClaims } from '../tokens/access-token.js';

/** True when the token's session authenticated within `maxAgeSeconds` (tokens without auth_time are never recent). */
export function isRecentAuth(claims: Pick<AccessClaims, 'auth_time'>, nowMs: number, maxAgeSeconds: number): boolean {
  const authTime = claims.auth_time;
  return typeof authTime === 'number' && nowMs - authTime * 1000 <= maxAgeSeconds * 1000;
}

/** Throws 401 `reauthentication_required` unless the session authenticated recently. */
export function assertRecentAuth(core: Core, claims: AccessClaims): void {
  if (!isRecentAuth(claims, core.config.now(), core.config.email.reauthMaxAge)) {
    throw new TesseraError(
      'reauthentication_required',
      'This change needs a recent sign-in: confirm your password with POST /auth/reauthenticate, then try again',
    );
  }
}
