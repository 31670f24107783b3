// Used ID token nonces, in the database so every instance refuses a replay (OIDC Core §3.1.3.7 item 11, §15.5.2).
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export interface NonceStore {
  /** Records a nonce as used until `expiresAt` (epoch ms); false when it was used already. */
  consume(providerId: string, nonce: string, expiresAt: number): Promise<boolean>;
}

export function createNonceStore(db: Kysely<Database>, now: () => number): NonceStore {
  return {
    async consume(providerId, nonce, expiresAt) {
      // Only a hash is kept: a nonce is as good as a password for the token it sits in until that expires.
      const id = createHash('sha256').update(`${providerId}\0${nonce}`).digest('base64url');
      // Expired rows go first, so a nonce older than any token that could carry it never blocks anyone.
      await db.deleteFrom('social_nonces').where('expires_at', '<', now()).execute();
      // The primary key makes "first to insert wins" atomic across instances on both dialects.
      const result = await db
        .insertInto('social_nonces')
        .values({ id, expires_at: expiresAt })
        .onConflict((oc) => oc.column('id').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
    },
  };
}
