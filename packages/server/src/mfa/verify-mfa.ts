// POST /auth/mfa/verify: the second factor of a sign-in. The mfa_token is checked (unexpired, under its attempt
// limit, same client), the proof by the factor's own rules, rate limited like a password; then the session starts
// with both factors in its amr.
import type { Core } from '../core.js';
import { TesseraError } from '../errors.js';
import type { SignInMethod } from '../events/security-event.js';
import type { ClientInfo } from '../http/client-info.js';
import { combineAmr, decodeAmr, type AmrValue } from '../reauth/amr.js';
import type { IssuedSession } from '../sessions/session-store.js';
import { consumeChallenge, isSameClient, reserveAttempt } from './mfa-challenges.js';
import type { FactorProof } from './second-factor.js';
import { verifyFactor } from './verify-factor.js';

const invalidMfaToken = (detail: string) => new TesseraError('invalid_token', detail);

export async function verifyMfa(core: Core, mfaToken: string, proof: FactorProof, client: ClientInfo): Promise<IssuedSession> {
  const challenge = await reserveAttempt(core, mfaToken);
  if (!challenge) throw invalidMfaToken('The MFA step has expired or used up its attempts: sign in again');
  // A token lifted from the client (a log, a proxy) is of no use elsewhere.
  if (!isSameClient(challenge, client)) throw invalidMfaToken('This MFA step was started by another client: sign in again');
  const user = await core.users.findById(challenge.user_id);
  if (!user) throw invalidMfaToken('The account no longer exists');
  const amr = await verifyFactor(core, user, proof, { purpose: 'mfa', client });
  // Concurrent right answers (two recovery codes): one session only.
  if (!(await consumeChallenge(core, challenge.id))) throw invalidMfaToken('This MFA step is complete already');
  const first = decodeAmr(challenge.amr);
  // The sign-in happens now: its session, mfa.succeeded and login.succeeded commit together.
  const started = await core.events.transaction(async (trx) => {
    const started = await core.sessions.start(user.id, client, combineAmr(first, amr), trx);
    const context = { userId: user.id, sessionId: started.session.id, ip: client.ip, userAgent: client.userAgent };
    await core.events.record(trx, { type: 'mfa.succeeded', ...context, detail: { factor: proof.method } });
    await core.events.record(trx, { type: 'login.succeeded', ...context, detail: { method: signInMethodOf(first) } });
    return started;
  });
  return { user, ...started };
}

/** The first factor of the step, as login.succeeded names it (a mailed link and a mailed code both read as the link). */
function signInMethodOf(amr: readonly AmrValue[]): SignInMethod {
  if (amr.includes('fed')) return 'social';
  if (amr.includes('email')) return 'email_link';
  return 'password';
}
