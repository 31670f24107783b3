// Signing keys: generated on first start and persisted, or given by env; retired keys stay in the JWKS
// until every token they signed has expired. A new key is published before anyone signs with it (not_before), and
// instances hear of a rotation on the change feed, so no instance ever refuses a token another one signed.
import type { JWK } from 'jose';
import type { Kysely } from 'kysely';
import type { JwtAlgorithm } from '../config/index.js';
import type { Database } from '../db/schema.js';
import { createFirstKey, keysFromSettings, readStoredKeys, rotateStoredKey } from './key-rows.js';
import type { SecretBox } from './secret-box.js';
import type { SigningKey } from './signing-key.js';

export interface KeyStoreOptions {
  db: Kysely<Database>;
  algorithm: JwtAlgorithm;
  privateKey: string | undefined;
  secret: string | undefined;
  accessTokenTtl: number;
  now: () => number;
  /** Encrypts private keys at rest (TESSERA_SECRET). */
  box: SecretBox;
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
  /**
   * Makes a new key that signs from KEY_PROPAGATION_MS on; the old one signs until then and verifies until its tokens
   * expire. With `revoke` (a key that leaked) the new key signs at once and every other key is deleted: no instance
   * accepts their tokens once it has heard of the change (the change feed: well under a second).
   */
  rotate(options?: { revoke?: boolean }): Promise<SigningKey>;
  load(): Promise<void>;
  /** Called with the kids that a reload found deleted (a revocation), so verified tokens they signed are forgotten. */
  onRemoved(listener: (kids: string[]) => void): void;
}

export function createKeyStore(options: KeyStoreOptions): KeyStore {
  const { db, algorithm, now } = options;
  let keys: SigningKey[] = [];
  let lastReload = 0;
  const removedListeners: Array<(kids: string[]) => void> = [];
  const fromEnv = Boolean(options.privateKey || algorithm === 'HS256');

  // A retired key verifies until its last tokens expire; the slack covers instances that learn of a rotation late.
  const alive = (key: SigningKey) => key.retiredAt === null || key.retiredAt + options.accessTokenTtl * 1000 + REFRESH_INTERVAL_MS > now();
  let reloading: Promise<void> | undefined;
  const reload = () =>
    (reloading ??= load().finally(() => {
      reloading = undefined;
    }));

  async function load(): Promise<void> {
    lastReload = now();
    if (fromEnv) {
      keys = await keysFromSettings(algorithm, options);
      return;
    }
    let stored = await readStoredKeys(db, algorithm, options.box);
    if (!stored.some((k) => k.retiredAt === null)) {
      await createFirstKey(db, algorithm, now(), options.box);
      stored = await readStoredKeys(db, algorithm, options.box);
    }
    const removed = keys.filter((old) => !stored.some((k) => k.kid === old.kid)).map((k) => k.kid);
    keys = stored;
    if (removed.length > 0) for (const listener of removedListeners) listener(removed);
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
    async rotate({ revoke = false } = {}) {
      if (fromEnv) throw new Error('Keys given by JWT_PRIVATE_KEY or JWT_SECRET are rotated by changing that setting');
      const kid = await rotateStoredKey(db, algorithm, now(), KEY_PROPAGATION_MS, options.box, revoke);
      await load();
      await options.announce?.();
      return keys.find((k) => k.kid === kid)!;
    },
    load,
    onRemoved(listener) {
      removedListeners.push(listener);
    },
  };
}
