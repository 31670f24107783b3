// The stored secrets at start-up: TESSERA_SECRET checked against the database, rows of older versions encrypted
// in place, and the refresh-token secret read (made once, shared by every instance through the database).
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { privateKeyContext } from './key-rows.js';
import { isSealed, type SecretBox } from './secret-box.js';

/**
 * A sealed row that says "everything here is encrypted, with this secret": it is checked before anything else, so a
 * wrong TESSERA_SECRET fails start-up at once (never with new keys made in place of the ones it cannot open), and
 * once it exists a plaintext key or secret in the tables was not written by Tessera and is refused.
 */
const MARKER = 'at_rest_encryption';
const secretContext = (name: string) => `tessera_secrets/${name}`;

/**
 * Checks TESSERA_SECRET against the database and, the first time, encrypts the plaintext private keys and secrets
 * a version before encryption at rest stored. One transaction: all rows are encrypted, or none. Each update is
 * conditional on the plaintext, so instances starting together encrypt each row once.
 */
export async function encryptStoredSecrets(db: Kysely<Database>, box: SecretBox): Promise<{ encrypted: number }> {
  const marker = await db.selectFrom('tessera_secrets').select('value').where('name', '=', MARKER).executeTakeFirst();
  if (marker) {
    box.open(marker.value, secretContext(MARKER));
    return { encrypted: 0 };
  }
  return db.transaction().execute(async (trx) => {
    let encrypted = 0;
    for (const key of await trx.selectFrom('signing_keys').select(['kid', 'private_jwk']).execute()) {
      if (isSealed(key.private_jwk)) {
        box.open(key.private_jwk, privateKeyContext(key.kid)); // a wrong secret fails here, before the marker is written
        continue;
      }
      const sealed = box.seal(key.private_jwk, privateKeyContext(key.kid));
      const done = await trx
        .updateTable('signing_keys')
        .set({ private_jwk: sealed })
        .where('kid', '=', key.kid)
        .where('private_jwk', '=', key.private_jwk)
        .executeTakeFirst();
      encrypted += Number(done.numUpdatedRows);
    }
    for (const secret of await trx.selectFrom('tessera_secrets').select(['name', 'value']).execute()) {
      if (isSealed(secret.value)) {
        box.open(secret.value, secretContext(secret.name));
        continue;
      }
      const done = await trx
        .updateTable('tessera_secrets')
        .set({ value: box.seal(secret.value, secretContext(secret.name)) })
        .where('name', '=', secret.name)
        .where('value', '=', secret.value)
        .executeTakeFirst();
      encrypted += Number(done.numUpdatedRows);
    }
    await trx
      .insertInto('tessera_secrets')
      .values({ name: MARKER, value: box.seal('v1', secretContext(MARKER)) })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    return { encrypted };
  });
}

/** A server secret, made once and shared by every instance through the database, stored encrypted. */
export async function loadServerSecret(db: Kysely<Database>, name: string, box: SecretBox): Promise<Buffer> {
  await db
    .insertInto('tessera_secrets')
    .values({ name, value: box.seal(randomBytes(32).toString('base64url'), secretContext(name)) })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db.selectFrom('tessera_secrets').select('value').where('name', '=', name).executeTakeFirstOrThrow();
  if (!isSealed(row.value)) throw new Error(`Server secret ${name} is stored unencrypted; Tessera did not write it`);
  return Buffer.from(box.open(row.value, secretContext(name)), 'base64url');
}
