// WebAuthn challenges (WebAuthn §13.4.3): random, short-lived, answered once. Only a hash is stored, and answering
// deletes the row in the same statement that finds it, so of two concurrent answers on any instances one wins.
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, WebauthnChallengePurpose } from '../db/schema.js';

/** How long a challenge stays answerable: the browser's prompt (the options' `timeout`) plus a little slack. */
export const CHALLENGE_TTL_MS = 5 * 60_000;

export interface IssuedChallenge {
  /** base64url of 32 random bytes: what the options carry and the client data echoes. */
  challenge: string;
  /** The same 32 bytes, as simplewebauthn takes them (a string would be re-encoded as UTF-8). */
  bytes: Uint8Array<ArrayBuffer>;
}

/** Which challenges an answer may use: a purpose, and the user (and session) it was issued to, if any. */
export interface ChallengeMatch {
  purpose: WebauthnChallengePurpose;
  /** null: a challenge issued to nobody in particular (sign-in). */
  userId: string | null;
  sessionId?: string;
}

const idOf = (challenge: string) => createHash('sha256').update(challenge).digest('base64url');

export async function issueChallenge(
  db: Kysely<Database>,
  now: () => number,
  owner: { purpose: WebauthnChallengePurpose; userId?: string; sessionId?: string },
): Promise<IssuedChallenge> {
  const bytes = randomBytes(32);
  const challenge = bytes.toString('base64url');
  // Expired rows go first, so the table holds at most the last few minutes of unanswered challenges.
  await db.deleteFrom('webauthn_challenges').where('expires_at', '<', now()).execute();
  await db
    .insertInto('webauthn_challenges')
    .values({
      id: idOf(challenge),
      purpose: owner.purpose,
      user_id: owner.userId ?? null,
      session_id: owner.sessionId ?? null,
      created_at: now(),
      expires_at: now() + CHALLENGE_TTL_MS,
    })
    .execute();
  return { challenge, bytes: new Uint8Array(bytes) };
}

/**
 * Uses up a live challenge matching one of `accepted`; false when it was never issued, has expired, was answered
 * already, or was issued for something else (another purpose, user or session). The row is found by the hash, so
 * no comparison ever touches the challenge itself.
 */
export async function consumeChallenge(
  db: Kysely<Database>,
  now: () => number,
  challenge: string,
  accepted: readonly ChallengeMatch[],
): Promise<boolean> {
  if (accepted.length === 0) return false;
  const result = await db
    .deleteFrom('webauthn_challenges')
    .where('id', '=', idOf(challenge))
    .where('expires_at', '>=', now())
    .where((eb) =>
      eb.or(
        accepted.map((match) =>
          eb.and([
            eb('purpose', '=', match.purpose),
            match.userId === null ? eb('user_id', 'is', null) : eb('user_id', '=', match.userId),
            ...(match.sessionId === undefined ? [] : [eb('session_id', '=', match.sessionId)]),
          ]),
        ),
      ),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}
