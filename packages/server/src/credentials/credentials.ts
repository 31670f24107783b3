// Register, login and password change over the stores: what the routes call, with no HTTP in sight.
import type { Core } from '../core.js';
import { TesseraError } from '../errors.js';
import type { ClientInfo } from '../http/client-info.js';
import type { IssuedSession } from '../sessions/session-store.js';
import { pickCustomFields } from '../users/user-schemas.js';
import { decideLogin } from './credential-rules.js';
import { assertNewPassword } from './new-password.js';

export async function register(
  core: Core,
  input: { email: string; password: string; name?: string | null | undefined } & Record<string, unknown>,
  client: ClientInfo,
): Promise<IssuedSession> {
  await assertNewPassword(core.config, 'password', input.password, { email: input.email, name: input.name });
  const passwordHash = await core.hasher.hash(input.password);
  const custom = pickCustomFields(Object.keys(core.config.userFields), input);
  const user = await core.users.insert({ email: input.email, passwordHash, name: input.name ?? null, custom });
  return { user, ...(await core.sessions.start(user.id, client)) };
}

export async function login(core: Core, input: { email: string; password: string }, client: ClientInfo): Promise<IssuedSession> {
  await core.throttle.check(input.email, client.ip);
  const user = await core.users.findByEmail(input.email);
  // Unknown emails verify against a dummy hash: the same work, so timing does not reveal accounts.
  const passwordMatches = await core.hasher.verify(user?.password_hash ?? null, input.password);
  const decision = decideLogin({
    userFound: user !== undefined,
    passwordMatches,
    needsRehash: user?.password_hash ? core.hasher.needsRehash(user.password_hash) : false,
  });
  if (!decision.ok || !user) {
    await core.throttle.recordFailure(input.email, client.ip);
    throw new TesseraError('invalid_credentials', 'Email or password is incorrect');
  }
  await core.throttle.recordSuccess(input.email);
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
  await core.throttle.check(user.email, who.ip);
  if (!(await core.hasher.verify(user.password_hash, input.current_password))) {
    await core.throttle.recordFailure(user.email, who.ip);
    throw new TesseraError('invalid_credentials', 'Current password is incorrect');
  }
  // After the current password is proven, so the policy's answers are no oracle for someone holding only a token.
  await assertNewPassword(core.config, 'new_password', input.new_password, { email: user.email, name: user.name });
  await core.users.update(user.id, { passwordHash: await core.hasher.hash(input.new_password) });
  await core.sessions.revokeAll(user.id, 'password_changed', who.sessionId);
}
