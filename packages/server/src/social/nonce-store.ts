// ID token nonces Tessera hands out, in the database so any instance can consume one (OIDC Core §3.1.3.7 item 11, §15.5.2).
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** How long a nonce handed out stays usable: long enough for a user to pick an account at the provider. */
const NONCE_TTL_SECONDS = 600;

export interface NonceStore {
  /** A fresh nonce for `providerId`, usable once within {@link NONCE_TTL_SECONDS}. */
  issue(providerId: string): Promise<{ nonce: string; expiresIn: number }>;
  /** Uses up a live nonce handed out for `providerId`; false when it was never handed out, has expired, or was used. */
  consume(providerId: string, nonce: string): Promise<boolean>;
}

/** Only a hash is kept: a live nonce is as good as a password for the token that will carry it. */
const idOf = (providerId: string, nonce: string) => createHash('sha256').update(`${providerId}\0${nonce}`).digest('base64url');

export function createNonceStore(db: Kysely<Database>, now: () => number): NonceStore {
  return {
    async issue(providerId) {
      // 256 bits: unguessable, so holding a token is not enough to find a nonce that makes it usable.
      const nonce = randomBytes(32).toString('base64url');
      // Expired rows go first, so the table holds at most the nonces of the last few minutes.
      await db.deleteFrom('social_issued_nonces').where('expires_at', '<', now()).execute();
      await db
        .insertInto('social_issued_nonces')
        .values({ id: idOf(providerId, nonce), expires_at: now() + NONCE_TTL_SECONDS * 1000 })
        .execute();
      return { nonce, expiresIn: NONCE_TTL_SECONDS };
    },

    async consume(providerId, nonce) {
      // One conditional delete: of any number of concurrent uses on any instances, exactly one removes the row.
      // Looking the row up by its hash compares hashes, never the nonce, so timing says nothing about a live one.
      const result = await db
        .deleteFrom('social_issued_nonces')
        .where('id', '=', idOf(providerId, nonce))
        .where('expires_at', '>=', now())
        .executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },
  };
}
