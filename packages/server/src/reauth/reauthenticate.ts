// POST /auth/reauthenticate {password} | {totp} | {webauthn}: the current password or a second factor, checked and
// throttled like a login, moves the session's authentication time to now; its amr becomes the method used.
import type { Core } from '../core.js';
import { TesseraError } from '../errors.js';
import type { ClientInfo } from '../http/client-info.js';
import type { FactorProof } from '../mfa/second-factor.js';
import { verifyFactor } from '../mfa/verify-factor.js';
import type { IssuedSession } from '../sessions/session-store.js';

export async function reauthenticateWithPassword(
  core: Core,
  who: { userId: string; sessionId: string } & ClientInfo,
  password: string,
): Promise<IssuedSession> {
  const user = await core.users.findById(who.userId);
  if (!user) throw new TesseraError('invalid_token', 'The user no longer exists');
  const attempt = await core.throttle.reserve(user.email, who.ip);
  let matches: boolean;
  try {
    // A user without a password (social or email sign-in only) verifies against the dummy hash: same work, refused.
    matches = await core.hasher.verify(user.password_hash, password);
  } catch (error) {
    await attempt.abandoned();
    throw error;
  }
  if (!matches) {
    await core.events.record(core.db, {
      type: 'login.failed',
      userId: user.id,
      sessionId: who.sessionId,
      ip: who.ip,
      userAgent: who.userAgent,
      detail: { method: 'password', email: user.email, step: 'reauthenticate' },
    });
    throw new TesseraError('invalid_credentials', 'Password is incorrect');
  }
  await attempt.succeeded();
  const session = await core.sessions.reauthenticated(who.sessionId, ['pwd']);
  if (!session) throw new TesseraError('session_revoked', 'This session has been signed out');
  return session;
}

/** A second factor the user has (TOTP, or a passkey when the server has them) instead of the password. */
export async function reauthenticateWithFactor(
  core: Core,
  who: { userId: string; sessionId: string },
  proof: FactorProof,
  client: ClientInfo,
): Promise<IssuedSession> {
  if (core.config.mfaRequired === 'off') throw new TesseraError('validation_failed', 'Second factors are turned off (MFA_REQUIRED=off)');
  const user = await core.users.findById(who.userId);
  if (!user) throw new TesseraError('invalid_token', 'The user no longer exists');
  const amr = await verifyFactor(core, user, proof, { purpose: 'reauth', client });
  const session = await core.sessions.reauthenticated(who.sessionId, amr);
  if (!session) throw new TesseraError('session_revoked', 'This session has been signed out');
  return session;
}
