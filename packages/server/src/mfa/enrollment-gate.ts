// MFA_REQUIRED=required (or the user's own flag): until a user who must have a second factor has one, their token
// opens only the routes that set one up (declared `beforeEnrolment` in http/route.ts: GET /me, GET /mfa, POST /reauthenticate,
// the TOTP setup and confirmation, passkey registration). Everything else answers 403 `mfa_required`.
import type { Core } from '../core.js';
import { TesseraError } from '../errors.js';
import type { AccessClaims } from '../tokens/access-token.js';
import { hasSecondFactor } from './factors.js';

export async function assertEnrolmentComplete(core: Core, claims: AccessClaims): Promise<void> {
  const mode = core.config.mfaRequired;
  if (mode === 'off') return;
  if (mode === 'optional') {
    const user = await core.db.selectFrom('users').select('mfa_required').where('id', '=', claims.sub).executeTakeFirst();
    if (user?.mfa_required !== 1) return;
  }
  if (await hasSecondFactor(core, claims.sub)) return;
  throw new TesseraError('mfa_required', 'Set up a second factor first (POST /auth/mfa/totp/setup): this account requires one');
}
