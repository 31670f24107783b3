// What follows a first factor (password, provider, mailed link): a session, or the MFA step when the user has a
// second factor. Every sign-in route goes through beginSignIn, so none of them can skip the step.
import type { Context } from 'hono';
import type { Core } from '../core.js';
import { startRecordedSession } from '../events/recorded-sign-in.js';
import type { SecurityEventDetails } from '../events/security-event.js';
import type { Env } from '../http/context.js';
import type { ClientInfo } from '../http/client-info.js';
import { tokenResponse } from '../http/token-response.js';
import type { AmrValue } from '../reauth/amr.js';
import type { IssuedSession } from '../sessions/session-store.js';
import type { UserRow } from '../users/user-store.js';
import { enrolledMethods, FACTORS } from './factors.js';
import { createChallenge } from './mfa-challenges.js';
import { isMfaRequiredFor } from './mfa-policy.js';

/** The body of the MFA step's 200: no tokens, no cookie. */
export interface MfaChallenge {
  mfa_required: true;
  mfa_token: string;
  methods: string[];
  /** `<method>_options`: what a factor needs first (WebAuthn request options). */
  [options: `${string}_options`]: unknown;
}

/**
 * A session (with `enrollmentRequired` when MFA_REQUIRED or the user's flag asks for a factor the user has not set
 * up), or the MFA step.
 */
export type SignInStep = (IssuedSession & { mfa?: undefined; enrollmentRequired: boolean }) | { mfa: MfaChallenge; user: UserRow };

/**
 * `how` is the login.succeeded detail of the first factor: recorded with the session here, or by the MFA step
 * (verify-mfa.ts) once the second factor is proven.
 */
export async function beginSignIn(
  core: Core,
  user: UserRow,
  client: ClientInfo,
  amr: readonly AmrValue[],
  how: SecurityEventDetails['login.succeeded'],
): Promise<SignInStep> {
  const methods = core.config.mfaRequired === 'off' ? [] : await enrolledMethods(core, user.id);
  if (methods.length > 0) {
    const mfa: MfaChallenge = { mfa_required: true, mfa_token: await createChallenge(core, user.id, amr, client), methods };
    for (const factor of FACTORS) {
      if (factor.options && methods.includes(factor.method)) mfa[`${factor.method}_options`] = await factor.options(core, user.id);
    }
    return { mfa, user };
  }
  const started = await startRecordedSession(core, user, client, amr, how);
  return { ...started, enrollmentRequired: isMfaRequiredFor(core, user) };
}

/** The answer of a sign-in route: the token response, or the MFA step's challenge (200 either way). */
export function signInResponse(c: Context<Env>, step: SignInStep, status: 200 | 201 = 200): Promise<Response> | Response {
  if (step.mfa) {
    c.header('Cache-Control', 'no-store');
    return c.json(step.mfa, 200);
  }
  return tokenResponse(c, step, { status, ...(step.enrollmentRequired ? { extra: { mfa_enrollment_required: true } } : {}) });
}
