// Signing keys: generated on first start and persisted, or given by env; retired keys stay in the JWKS
// until every token they signed has expired. A new key is published before anyone signs with it (not_before), and
// instances hear of a rotation on the change feed, so no instance ever refuses a token another one signed.
import { createPrivateKey, createPublicKey, createSecretKey, type KeyObject, type JsonWebKey } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { Kysely } from 'kysely';
import type { JwtAlgorithm } from '../config/index.js';
import type { Database } from '../db/schema.js';
import { isUniqueViolation } from '../users/user-store.js';

export interface SigningKey {
  kid: string;
  alg: JwtAlgorithm;
  privateKey: KeyObject;
  /** Absent for HS256: a shared secret is never published. */
  publicJwk: JWK | undefined;
  verifyKey: KeyObject;
  createdAt: number;
  /** Signing starts here. */
  notBefore: number;
  retiredAt: number | null;
}

export interface KeyStoreOptions {
  db: Kysely<Database>;
  algorithm: JwtAlgorithm;
  privateKey: string | undefined;
  secret: string | undefined;
  accessTokenTtl: number;
  now: () => number;
  /** Announces a rotation to the other instances (the change feed). */
  announce?: () => Promise<void>;
}

/** How often an unknown `kid` may trigger a reload from the database (a forged kid must not make every request read). */
const UNKNOWN_KID_RELOAD_MS = 1_000;
/**
 * How long a new key is published before it signs. Longer than UNKNOWN_KID_RELOAD_MS, so an instance that missed the
 * change feed's announcement still loads the key on the first token it meets, before it could refuse it.
 */
export const KEY_PROPAGATION_MS = 5_000;
/** How often the key set is re-read anyway, so an instance stops signing with a key another instance retired. */
const REFRESH_INTERVAL_MS = 60_000;

export interface KeyStore {
  /** The key new tokens are signed with. */
  current(): SigningKey;
  /** A key by id, reloading from the database (at most once a second) when the id is unknown. */
  find(kid: string): Promise<SigningKey | undefined>;
  /** RFC 7517 JWK Set of the keys whose tokens may still be alive. */
  jwks(): { keys: JWK[] };
  /** Makes a new key that signs from KEY_PROPAGATION_MS on; the old one signs until then and verifies until its tokens expire. */
  rotate(): Promise<SigningKey>;
  load(): Promise<void>;
}

export function createKeyStore(options: KeyStoreOptions): KeyStore {
  const { db, algorithm, now } = options;
  let keys: SigningKey[] = [];
  let lastReload = 0;
  const fromEnv = Boolean(options.privateKey || algorithm === 'HS256');

  // A retired key verifies until its last tokens expire; the slack covers instances that learn of a rotation late.
  const alive = (key: SigningKey) => key.retiredAt === null || key.retiredAt + options.accessTokenTtl * 1000 + REFRESH_INTERVAL_MS > now();
  let reloading: Promise<void> | undefined;
  const reload = () =>
    (reloading ??= load().finally(() => {
      reloading = undefined;
    }));

  async function loadFromEnv(): Promise<SigningKey[]> {
    if (algorithm === 'HS256') {
      const secret = createSecretKey(Buffer.from(options.secret!, 'utf8'));
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
    const text = options.privateKey!.trim();
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

  async function readStored(): Promise<SigningKey[]> {
    const rows = await db.selectFrom('signing_keys').selectAll().where('alg', '=', algorithm).orderBy('created_at', 'desc').execute();
    return rows.map((row) => {
      const publicJwk = JSON.parse(row.public_jwk) as JWK;
      return {
        kid: row.kid,
        alg: algorithm,
        privateKey: createPrivateKey({ key: JSON.parse(row.private_jwk) as JsonWebKey, format: 'jwk' }),
        publicJwk,
        verifyKey: createPublicKey({ key: publicJwk as JsonWebKey, format: 'jwk' }),
        createdAt: row.created_at,
        notBefore: row.not_before ?? row.created_at,
        retiredAt: row.retired_at,
      };
    });
  }

  /** A new key pair as a row; `activeFrom` is when it starts signing. */
  async function newKeyRow(at: number, activeFrom: number) {
    const pair = await generateKeyPair(algorithm, { extractable: true, ...(algorithm === 'RS256' ? { modulusLength: 2048 } : {}) });
    const publicJwk = await exportJWK(pair.publicKey);
    const kid = await calculateJwkThumbprint(publicJwk);
    return {
      kid,
      alg: algorithm,
      private_jwk: JSON.stringify(await exportJWK(pair.privateKey)),
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
  async function createFirst(): Promise<void> {
    const at = now();
    await db
      .insertInto('signing_keys')
      .values(await newKeyRow(at, at))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  async function rotateStored(): Promise<string> {
    const at = now();
    const switchAt = at + KEY_PROPAGATION_MS;
    const row = await newKeyRow(at, switchAt);
    // Two rotations at once: the second insert meets the first one's current key in the unique index; it then
    // retires that one in turn, so the last rotation wins and there is still exactly one current key.
    for (let attempt = 1; ; attempt++) {
      try {
        await db.transaction().execute(async (trx) => {
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

  async function load(): Promise<void> {
    lastReload = now();
    if (fromEnv) {
      keys = await loadFromEnv();
      return;
    }
    let stored = await readStored();
    if (!stored.some((k) => k.retiredAt === null)) {
      await createFirst();
      stored = await readStored();
    }
    keys = stored;
  }

  /** The newest key whose signing period has begun and not ended. */
  function signingKey(at: number): SigningKey | undefined {
    let best: SigningKey | undefined;
    for (const key of keys) {
      if (key.notBefore > at || (key.retiredAt !== null && key.retiredAt <= at)) continue;
      if (!best || key.notBefore > best.notBefore) best = key;
    }
    // An instance that has not reloaded since a rotation still holds the old key as current: it keeps signing with
    // it, and those tokens verify everywhere until they expire.
    return best ?? keys.find((k) => k.retiredAt === null);
  }

  return {
    current() {
      if (!fromEnv && now() - lastReload > REFRESH_INTERVAL_MS) {
        lastReload = now();
        reload().catch(() => undefined); // keep signing with the known key; the next call tries again
      }
      const key = signingKey(now());
      if (!key) throw new Error('Signing keys are not loaded');
      return key;
    },
    async find(kid) {
      let key = keys.find((k) => k.kid === kid);
      if (!key && !fromEnv && now() - lastReload > UNKNOWN_KID_RELOAD_MS) {
        await reload();
        key = keys.find((k) => k.kid === kid);
      }
      return key && alive(key) ? key : undefined;
    },
    jwks() {
      return { keys: keys.filter((k) => k.publicJwk && alive(k)).map((k) => k.publicJwk!) };
    },
    async rotate() {
      if (fromEnv) throw new Error('Keys given by JWT_PRIVATE_KEY or JWT_SECRET are rotated by changing that setting');
      const kid = await rotateStored();
      await load();
      await options.announce?.();
      return keys.find((k) => k.kid === kid)!;
    },
    load,
  };
}
