// Impersonation: a superuser acts as a user (support: "what does this user see?") with a short-lived access token
// whose `act` claim names the admin (RFC 8693 §4.1). The token has a session of its own, marked with the admin's id,
// so it is revocable like any other (instant revocation) and ends with DELETE /auth/sessions/{sid} or any sign-out.
// That session has no refresh chain: no refresh token is minted, no cookie set, refresh refuses it, and
// reauthentication refuses it, so the token lives at most IMPERSONATION_TTL and is never "recent" (no auth_time):
// the admin cannot change the user's email or password, link a provider, export or delete the account.
import type { Core } from '../core.js';
import { newSessionRow } from '../sessions/new-session.js';
import { TesseraError } from '../errors.js';
import type { ClientInfo } from '../http/client-info.js';
import type { UserRow } from '../users/user-store.js';

/** At most 15 minutes, and never longer than ACCESS_TOKEN_TTL. */
const IMPERSONATION_MAX_SECONDS = 15 * 60;

export interface ImpersonationToken {
  accessToken: string;
  expiresIn: number;
  expiresAt: number;
  sessionId: string;
}

export async function impersonate(core: Core, admin: UserRow, userId: string, client: ClientInfo): Promise<ImpersonationToken> {
  const { config } = core;
  const user = await core.users.findById(userId);
  if (!user) throw new TesseraError('not_found', 'No such user');
  if (user.is_superuser === 1) throw new TesseraError('forbidden', 'A superuser cannot be impersonated');
  if (user.disabled_at !== null) throw new TesseraError('forbidden', 'A disabled account cannot be impersonated');
  const ttl = Math.min(config.accessTokenTtl, IMPERSONATION_MAX_SECONDS);
  const at = config.now();
  // No refresh chain (generation 0 is never handed out) and no amr: never "recent", never a second factor.
  const session = newSessionRow({
    userId: user.id,
    at,
    expiresAt: at + ttl * 1000,
    absoluteExpiresAt: at + ttl * 1000,
    client,
    amr: '[]',
    impersonatorId: admin.id,
  });
  await core.events.transaction(async (trx) => {
    await trx.insertInto('sessions').values(session).execute();
    await core.events.record(trx, {
      type: 'impersonation.started',
      userId: user.id,
      sessionId: session.id,
      ip: client.ip,
      userAgent: client.userAgent,
      detail: { admin_id: admin.id },
    });
  });
  const extra = config.claims ? await config.claims({ ...core.users.toPublic(user), is_superuser: false }) : undefined;
  const access = await core.accessTokens.sign({
    userId: user.id,
    sessionId: session.id,
    emailVerified: user.email_verified === 1,
    act: { sub: admin.id },
    ttlSeconds: ttl,
    ...(extra ? { extra } : {}),
  });
  return { accessToken: access.token, expiresIn: ttl, expiresAt: access.expiresAt, sessionId: session.id };
}
