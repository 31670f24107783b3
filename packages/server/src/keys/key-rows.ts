// Signing keys in storage and settings: read, create the first one (exactly one, whatever the start-up race), rotate.
import { createPrivateKey, createPublicKey, createSecretKey, type JsonWebKey } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { Kysely } from 'kysely';
import type { JwtAlgorithm } from '../config/index.js';
import type { Database } from '../db/schema.js';
import { isUniqueViolation } from '../users/user-store.js';
import { isSealed, type SecretBox } from './secret-box.js';
import type { SigningKey } from './signing-key.js';

/** Where a key's private JWK lives: authenticated with the sealed value, so it opens in no other row. */
export const privateKeyContext = (kid: string) => `signing_keys/${kid}`;

/** The key given by the settings: JWT_PRIVATE_KEY, or JWT_SECRET for HS256. */
export async function keysFromSettings(
  algorithm: JwtAlgorithm,
  settings: { privateKey: string | undefined; secret: string | undefined },
): Promise<SigningKey[]> {
  if (algorithm === 'HS256') {
    const secret = createSecretKey(Buffer.from(settings.secret!, 'utf8'));
    return [
      {
        kid: 'hs256',
        alg: algorithm,
        privateKey: secret,
        publicJwk: undefined,
        verifyKey: secret,
        createdAt: 0,
        notBefore: 0,
        retiredAt: null,
      },
    ];
  }
  const text = settings.privateKey!.trim();
  const privateKey = text.startsWith('{')
    ? createPrivateKey({ key: JSON.parse(text) as JsonWebKey, format: 'jwk' })
    : createPrivateKey(text);
  const publicKey = createPublicKey(privateKey);
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  return [
    {
      kid,
      alg: algorithm,
      privateKey,
      publicJwk: { ...publicJwk, kid, alg: algorithm, use: 'sig' },
      verifyKey: publicKey,
      createdAt: 0,
      notBefore: 0,
      retiredAt: null,
    },
  ];
}

/**
 * The stored keys of the algorithm, newest first. Private keys are decrypted here; a plaintext one is refused (start-up
 * encrypts those of older versions first, see stored-secrets.ts), so a key written straight into the table is never used.
 */
export async function readStoredKeys(db: Kysely<Database>, algorithm: JwtAlgorithm, box: SecretBox): Promise<SigningKey[]> {
  const rows = await db.selectFrom('signing_keys').selectAll().where('alg', '=', algorithm).orderBy('created_at', 'desc').execute();
  return rows.map((row) => {
    const publicJwk = JSON.parse(row.public_jwk) as JWK;
    if (!isSealed(row.private_jwk)) throw new Error(`Signing key ${row.kid} is stored unencrypted; Tessera did not write it`);
    const privateJwk = JSON.parse(box.open(row.private_jwk, privateKeyContext(row.kid))) as JsonWebKey;
    return {
      kid: row.kid,
      alg: algorithm,
      privateKey: createPrivateKey({ key: privateJwk, format: 'jwk' }),
      publicJwk,
      verifyKey: createPublicKey({ key: publicJwk as JsonWebKey, format: 'jwk' }),
      createdAt: row.created_at,
      notBefore: row.not_before ?? row.created_at,
      retiredAt: row.retired_at,
    };
  });
}

/** A new key pair as a row; `activeFrom` is when it starts signing. */
async function newKeyRow(algorithm: JwtAlgorithm, at: number, activeFrom: number, box: SecretBox) {
  const pair = await generateKeyPair(algorithm, { extractable: true, ...(algorithm === 'RS256' ? { modulusLength: 2048 } : {}) });
  const publicJwk = await exportJWK(pair.publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  return {
    kid,
    alg: algorithm,
    private_jwk: box.seal(JSON.stringify(await exportJWK(pair.privateKey)), privateKeyContext(kid)),
    public_jwk: JSON.stringify({ ...publicJwk, kid, alg: algorithm, use: 'sig' }),
    created_at: at,
    not_before: activeFrom,
    retired_at: null,
  };
}

/**
 * The first key of an empty database. Instances starting together all try; the unique index on the current key
 * (migration 0004) lets exactly one insert land, and everyone then reads that one.
 */
export async function createFirstKey(db: Kysely<Database>, algorithm: JwtAlgorithm, at: number, box: SecretBox): Promise<void> {
  await db
    .insertInto('signing_keys')
    .values(await newKeyRow(algorithm, at, at, box))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/**
 * Stores a key that signs from `at + propagationMs` and retires the current one then; returns the new kid.
 * `revoke` (a key that leaked) deletes every other key of the algorithm instead and signs at once: their tokens stop
 * verifying as soon as each instance reloads, and clients get new access tokens with their refresh tokens.
 */
export async function rotateStoredKey(
  db: Kysely<Database>,
  algorithm: JwtAlgorithm,
  at: number,
  propagationMs: number,
  box: SecretBox,
  revoke = false,
): Promise<string> {
  const switchAt = revoke ? at : at + propagationMs;
  const row = await newKeyRow(algorithm, at, switchAt, box);
  // Two rotations at once: the second insert meets the first one's current key in the unique index; it then
  // retires that one in turn, so the last rotation wins and there is still exactly one current key.
  for (let attempt = 1; ; attempt++) {
    try {
      await db.transaction().execute(async (trx) => {
        if (revoke) await trx.deleteFrom('signing_keys').where('alg', '=', algorithm).execute();
        else
          await trx
            .updateTable('signing_keys')
            .set({ retired_at: switchAt })
            .where('alg', '=', algorithm)
            .where('retired_at', 'is', null)
            .execute();
        await trx.insertInto('signing_keys').values(row).execute();
      });
      return row.kid;
    } catch (error) {
      if (attempt >= 3 || !isUniqueViolation(error)) throw error;
    }
  }
}
