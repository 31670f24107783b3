// Signing keys: generated on first start and persisted, or given by env; retired keys stay in the JWKS
// until every token they signed has expired.
import { createPrivateKey, createPublicKey, createSecretKey, type KeyObject, type JsonWebKey } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { Kysely } from 'kysely';
import type { JwtAlgorithm } from '../config/index.js';
import type { Database } from '../db/schema.js';

export interface SigningKey {
  kid: string;
  alg: JwtAlgorithm;
  privateKey: KeyObject;
  /** Absent for HS256: a shared secret is never published. */
  publicJwk: JWK | undefined;
  verifyKey: KeyObject;
  createdAt: number;
  retiredAt: number | null;
}

export interface KeyStoreOptions {
  db: Kysely<Database>;
  algorithm: JwtAlgorithm;
  privateKey: string | undefined;
  secret: string | undefined;
  accessTokenTtl: number;
  now: () => number;
}

/** How often an unknown `kid` may trigger a reload from the database (another instance may have rotated). */
const UNKNOWN_KID_RELOAD_MS = 5_000;
/** How often the key set is re-read anyway, so an instance stops signing with a key another instance retired. */
const REFRESH_INTERVAL_MS = 60_000;

export interface KeyStore {
  /** The key new tokens are signed with. */
  current(): SigningKey;
  /** A key by id, reloading from the database at most every 30 s when the id is unknown. */
  find(kid: string): Promise<SigningKey | undefined>;
  /** RFC 7517 JWK Set of the keys whose tokens may still be alive. */
  jwks(): { keys: JWK[] };
  /** Makes a new current key; the old one is retired and kept until its tokens expire. */
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
      return [{ kid: 'hs256', alg: algorithm, privateKey: secret, publicJwk: undefined, verifyKey: secret, createdAt: 0, retiredAt: null }];
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
        retiredAt: row.retired_at,
      };
    });
  }

  async function generate(): Promise<void> {
    const pair = await generateKeyPair(algorithm, { extractable: true, ...(algorithm === 'RS256' ? { modulusLength: 2048 } : {}) });
    const publicJwk = await exportJWK(pair.publicKey);
    const kid = await calculateJwkThumbprint(publicJwk);
    const privateJwk = await exportJWK(pair.privateKey);
    const at = now();
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('signing_keys').set({ retired_at: at }).where('alg', '=', algorithm).where('retired_at', 'is', null).execute();
      await trx
        .insertInto('signing_keys')
        .values({
          kid,
          alg: algorithm,
          private_jwk: JSON.stringify(privateJwk),
          public_jwk: JSON.stringify({ ...publicJwk, kid, alg: algorithm, use: 'sig' }),
          created_at: at,
          retired_at: null,
        })
        .execute();
    });
  }

  async function load(): Promise<void> {
    lastReload = now();
    if (fromEnv) {
      keys = await loadFromEnv();
      return;
    }
    let stored = await readStored();
    if (!stored.some((k) => k.retiredAt === null)) {
      await generate();
      stored = await readStored();
    }
    keys = stored;
  }

  return {
    current() {
      if (!fromEnv && now() - lastReload > REFRESH_INTERVAL_MS) {
        lastReload = now();
        reload().catch(() => undefined); // keep signing with the known key; the next call tries again
      }
      const key = keys.find((k) => k.retiredAt === null);
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
      await generate();
      await load();
      return this.current();
    },
    load,
  };
}
