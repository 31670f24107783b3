// The MFA step's challenges: after the first factor, an mfa_token (256 random bits, stored as its SHA-256) that
// lives 5 minutes, allows 5 attempts and answers only to the client that passed the first factor.
import { createHash, randomBytes } from 'node:crypto';
import type { Core } from '../core.js';
import type { MfaChallengesTable } from '../db/schema.js';
import type { ClientInfo } from '../http/client-info.js';
import { encodeAmr, type AmrValue } from '../reauth/amr.js';

const MFA_TOKEN_TTL_MS = 5 * 60_000;
const MFA_MAX_ATTEMPTS = 5;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** The user agent as sessions store it (bounded), so the binding compares like with like. */
const boundAgent = (client: ClientInfo) => client.userAgent?.slice(0, 512) ?? null;

export async function createChallenge(core: Core, userId: string, amr: readonly AmrValue[], client: ClientInfo): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const at = core.config.now();
  // The user's spent challenges go here too, so a user holds at most the few of their recent sign-ins; the hourly
  // purge (db/purge-expired-challenges.ts) takes those of users who never sign in again.
  await core.db.deleteFrom('mfa_challenges').where('user_id', '=', userId).where('expires_at', '<=', at).execute();
  await core.db
    .insertInto('mfa_challenges')
    .values({
      id: hashToken(token),
      user_id: userId,
      amr: encodeAmr(amr),
      user_agent: boundAgent(client),
      ip: client.ip,
      attempts: 0,
      created_at: at,
      expires_at: at + MFA_TOKEN_TTL_MS,
    })
    .execute();
  return token;
}

/**
 * Counts one attempt against the token, atomically: the row comes back only while it is unexpired and under the
 * attempt limit, so concurrent guesses cannot exceed it.
 */
export async function reserveAttempt(core: Core, token: string): Promise<MfaChallengesTable | undefined> {
  return core.db
    .updateTable('mfa_challenges')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', '=', hashToken(token))
    .where('attempts', '<', MFA_MAX_ATTEMPTS)
    .where('expires_at', '>', core.config.now())
    .returningAll()
    .executeTakeFirst();
}

/** Whether the challenge was made for this client (user agent and address of the first factor's request). */
export function isSameClient(row: Pick<MfaChallengesTable, 'user_agent' | 'ip'>, client: ClientInfo): boolean {
  return row.user_agent === boundAgent(client) && row.ip === client.ip;
}

/** Ends the challenge; true for exactly one caller. */
export async function consumeChallenge(core: Core, id: string): Promise<boolean> {
  const rows = await core.db.deleteFrom('mfa_challenges').where('id', '=', id).returning('id').execute();
  return rows.length === 1;
}
