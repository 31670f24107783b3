// Register, login and password change over the stores: what the routes call, with no HTTP in sight.
import type { Core } from '../core.js';
import { TesseraError } from '../errors.js';
import type { ClientInfo } from '../http/client-info.js';
import type { LoginAttempt } from '../limits/login-throttle.js';
import type { IssuedSession } from '../sessions/session-store.js';
import { pickCustomFields } from '../users/user-schemas.js';
import { decideLogin } from './credential-rules.js';
import { assertNewPassword } from './new-password.js';

export async function register(
  core: Core,
  input: { email: string; password: string; name?: string | null | undefined } & Record<string, unknown>,
  client: ClientInfo,
): Promise<IssuedSession> {
  await core.registrations.reserve(client.ip);
  await assertNewPassword(core.config, 'password', input.password, { email: input.email, name: input.name });
  // Behind every waiting sign-in: a registration flood must not hold up the users who already have accounts.
  const passwordHash = await core.hasher.hash(input.password, 'low');
  const custom = pickCustomFields(Object.keys(core.config.userFields), input);
  const user = await core.users.insert({ email: input.email, passwordHash, name: input.name ?? null, custom });
  return { user, ...(await core.sessions.start(user.id, client)) };
}

export async function login(core: Core, input: { email: string; password: string }, client: ClientInfo): Promise<IssuedSession> {
  // Reserved before the password is looked at: concurrent guesses cannot all pass a check that none has yet counted.
  const attempt = await core.throttle.reserve(input.email, client.ip);
  const user = await core.users.findByEmail(input.email);
  // Unknown emails verify against a dummy hash: the same work, so timing does not reveal accounts.
  const passwordMatches = await verifyOrGiveBack(core, attempt, user?.password_hash ?? null, input.password);
  const decision = decideLogin({
    userFound: user !== undefined,
    passwordMatches,
    needsRehash: user?.password_hash ? core.hasher.needsRehash(user.password_hash) : false,
  });
  if (!decision.ok || !user) throw new TesseraError('invalid_credentials', 'Email or password is incorrect');
  await attempt.succeeded();
  if (decision.rehash) await core.users.update(user.id, { passwordHash: await core.hasher.hash(input.password) });
  return { user, ...(await core.sessions.start(user.id, client)) };
}

/** Checks the current password (throttled like a login), stores the new one and signs out every other session. */
export async function changePassword(
  core: Core,
  who: { userId: string; sessionId: string; ip: string },
  input: { current_password: string; new_password: string },
): Promise<void> {
  const user = await core.users.findById(who.userId);
  if (!user) throw new TesseraError('invalid_token', 'The user no longer exists');
  const attempt = await core.throttle.reserve(user.email, who.ip);
  if (!(await verifyOrGiveBack(core, attempt, user.password_hash, input.current_password))) {
    throw new TesseraError('invalid_credentials', 'Current password is incorrect');
  }
  await attempt.succeeded();
  // After the current password is proven, so the policy's answers are no oracle for someone holding only a token.
  await assertNewPassword(core.config, 'new_password', input.new_password, { email: user.email, name: user.name });
  await core.users.update(user.id, { passwordHash: await core.hasher.hash(input.new_password) });
  await core.sessions.revokeAll(user.id, 'password_changed', who.sessionId);
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
