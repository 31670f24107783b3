// Register, login and password change over the stores: what the routes call, with no HTTP in sight.
import type { Core } from '../core.js';
import { TesseraError } from '../errors.js';
import { logSecurityEvent, logThrottling } from '../events/security-log.js';
import type { ClientInfo } from '../http/client-info.js';
import type { LoginAttempt } from '../limits/login-throttle.js';
import { isMfaRequiredFor } from '../mfa/mfa-policy.js';
import { beginSignIn, type SignInStep } from '../mfa/sign-in-step.js';
import { createAccount } from '../email-verification/create-account.js';
import { assertMaySignIn, verificationRequired } from '../email-verification/verification-gate.js';
import { normalizeEmail } from '../users/normalize-email.js';
import type { UserRow } from '../users/user-store.js';
import { pickCustomFields } from '../users/user-schemas.js';
import { decideLogin } from './credential-rules.js';
import { assertNewPassword } from './new-password.js';

export async function register(
  core: Core,
  input: { email: string; password: string; name?: string | null | undefined } & Record<string, unknown>,
  client: ClientInfo,
): Promise<Registration> {
  await logThrottling(core.config.logger, core.registrations.reserve(client.ip), (retryAfter) => ({
    event: 'registration_throttled',
    ip: client.ip,
    retryAfter,
  }));
  await assertNewPassword(core.config, 'password', input.password, { email: input.email, name: input.name });
  // Behind every waiting sign-in: a registration flood must not hold up the users who already have accounts.
  const passwordHash = await core.hasher.hash(input.password, 'low');
  const custom = pickCustomFields(Object.keys(core.config.userFields), input);
  // EMAIL_VERIFICATION=required: the account exists and the link is on its way, but no session starts before it is used.
  const { user, started } = await createAccount(
    core,
    { email: input.email, passwordHash, name: input.name ?? null, custom },
    { client, method: 'password', ...(verificationRequired(core.config) ? {} : { amr: ['pwd'] as const }) },
  );
  // A new account has no second factor: no MFA step, but MFA_REQUIRED=required asks it to enrol one.
  return started ? { user, ...started, enrollmentRequired: isMfaRequiredFor(core, user) } : { user, verificationRequired: true };
}

/** What registration gives: a session, or (EMAIL_VERIFICATION=required) an account waiting for its email to be verified. */
export type Registration = SignInStep | { user: UserRow; verificationRequired: true };

/** A session, or the MFA step when the user has a second factor (mfa/sign-in-step.ts). */
export async function login(core: Core, input: { email: string; password: string }, client: ClientInfo): Promise<SignInStep> {
  // Reserved before the password is looked at: concurrent guesses cannot all pass a check that none has yet counted.
  const email = normalizeEmail(input.email);
  const attempt = await recordThrottled(core, core.throttle.reserve(email, client.ip), email, client);
  const user = await core.users.findByEmail(input.email);
  // Unknown emails verify against a dummy hash: the same work, so timing does not reveal accounts.
  const passwordMatches = await verifyOrGiveBack(core, attempt, user?.password_hash ?? null, input.password);
  const decision = decideLogin({
    userFound: user !== undefined,
    passwordMatches,
    needsRehash: user?.password_hash ? core.hasher.needsRehash(user.password_hash) : false,
  });
  if (!decision.ok || !user) {
    // Written on its own (there is no change to go with it); bounded, and as many as the login throttle lets through.
    await core.events.record(core.db, {
      type: 'login.failed',
      userId: user?.id ?? null,
      ip: client.ip,
      userAgent: client.userAgent,
      detail: { method: 'password', email },
    });
    throw new TesseraError('invalid_credentials', 'Email or password is incorrect');
  }
  await attempt.succeeded();
  // After the password proved the caller: the 403 tells nothing to someone guessing.
  assertMaySignIn(core.config, user);
  if (decision.rehash) await core.users.update(user.id, { passwordHash: await core.hasher.hash(input.password) });
  return beginSignIn(core, user, client, ['pwd'], { method: 'password' });
}

/** Checks the current password (throttled like a login), stores the new one and signs out every other session. */
export async function changePassword(
  core: Core,
  who: { userId: string; sessionId: string } & ClientInfo,
  input: { current_password: string; new_password: string },
): Promise<void> {
  const user = await core.users.findById(who.userId);
  if (!user) throw new TesseraError('invalid_token', 'The user no longer exists');
  const context = { userId: user.id, sessionId: who.sessionId, ip: who.ip, userAgent: who.userAgent };
  const attempt = await recordThrottled(core, core.throttle.reserve(user.email, who.ip), user.email, who, user.id);
  if (!(await verifyOrGiveBack(core, attempt, user.password_hash, input.current_password))) {
    // A failed change: its failure event alone, never the success one.
    await core.events.record(core.db, {
      ...context,
      type: 'password.changed',
      outcome: 'failure',
      detail: { reason: 'wrong_current_password' },
    });
    throw new TesseraError('invalid_credentials', 'Current password is incorrect');
  }
  await attempt.succeeded();
  // After the current password is proven, so the policy's answers are no oracle for someone holding only a token.
  await assertNewPassword(core.config, 'new_password', input.new_password, { email: user.email, name: user.name });
  const passwordHash = await core.hasher.hash(input.new_password);
  // The new password, its event and the owner's notice (events/notifications.ts) commit together.
  await core.events.transaction(async (trx) => {
    await trx.updateTable('users').set({ password_hash: passwordHash, updated_at: core.config.now() }).where('id', '=', user.id).execute();
    await core.events.record(trx, { ...context, type: 'password.changed', detail: {} });
  });
  await core.sessions.revokeAll(user.id, 'password_changed', who.sessionId);
}

/**
 * Records the login throttle's 429 as login.throttled (a lockout an alert may watch), at most once a minute per
 * account and per client address (refusal-sampler.ts), then lets it through; the others are a log line. The account
 * is looked up only when recording.
 */
async function recordThrottled<T>(core: Core, reserving: Promise<T>, email: string, client: ClientInfo, userId?: string): Promise<T> {
  try {
    return await reserving;
  } catch (error) {
    if (error instanceof TesseraError && error.code === 'rate_limited') {
      const retryAfter = Number(error.headers['Retry-After'] ?? 0);
      const recorded = await core.events.recordSampled([`login.throttled:${email}`, `login.throttled@${client.ip}`], {
        type: 'login.throttled',
        userId: userId ?? (await core.users.findByEmail(email))?.id ?? null,
        ip: client.ip,
        userAgent: client.userAgent,
        detail: { email, retry_after: retryAfter },
      });
      if (!recorded) logSecurityEvent(core.config.logger, { event: 'login_throttled', email, ip: client.ip, retryAfter });
    }
    throw error;
  }
}

/** Verifies; when the password was never evaluated (the hashing queue refused it), the attempt is given back. */
async function verifyOrGiveBack(core: Core, attempt: LoginAttempt, stored: string | null, password: string): Promise<boolean> {
  try {
    return await core.hasher.verify(stored, password);
  } catch (error) {
    await attempt.abandoned();
    throw error;
  }
}
