// Issue 10 item 6: the private signing keys and the refresh-token secret are encrypted at rest. Each test plays
// someone who has the database (a copy of the file, a backup, read-only SQL) but not TESSERA_SECRET.
import { createPrivateKey, randomBytes, randomUUID, type JsonWebKey } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../config/config-error.js';
import type { Core } from '../core.js';
import { openDatabase, type DatabaseHandle, type Dialect } from '../db/database.js';
import { migrateToLatest } from '../db/migrations.js';
import { createRefreshTokenCodec } from '../sessions/refresh-token.js';
import { createTesseraWith, type Tessera } from '../tessera.js';
import { startCli } from '../test/cli-process.js';
import { createClock } from '../test/clock.js';
import { dialects, openTestDatabase } from '../test/databases.js';
import { FAST_HASH } from '../test/test-server.js';
import { signCompact } from '../tokens/jws-sign.js';
import { privateKeyContext } from './key-rows.js';
import { createSecretBox } from './secret-box.js';

const SECRET = randomBytes(32).toString('base64');
const OTHER_SECRET = randomBytes(32).toString('base64');
const silent = { info() {}, warn() {}, error() {} };

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/** A database the attacker could copy: a SQLite file in a folder of its own, or a PostgreSQL schema. */
async function database(dialect: Dialect): Promise<{ handle: DatabaseHandle; file?: string }> {
  if (dialect === 'postgres') {
    const handle = await openTestDatabase('postgres');
    cleanups.push(() => handle.close());
    return { handle };
  }
  const folder = mkdtempSync(join(tmpdir(), 'tessera-at-rest-'));
  const file = join(folder, 'tessera.db');
  const handle = await openDatabase(`sqlite:${file}`);
  cleanups.push(async () => {
    await handle.close();
    rmSync(folder, { recursive: true, force: true });
  });
  return { handle, file };
}

async function start(handle: DatabaseHandle, tesseraSecret: string): Promise<{ tessera: Tessera; core: Core }> {
  const clock = createClock(Date.now());
  const tessera = createTesseraWith({ ...FAST_HASH, tesseraSecret, now: clock.now, logger: silent }, { database: handle });
  cleanups.push(() => tessera.close());
  return { tessera, core: await tessera.ready() };
}

async function signedIn(core: Core) {
  const user = await core.users.insert({ email: `${randomUUID()}@example.com`, passwordHash: null });
  return { user, ...(await core.sessions.start(user.id, { userAgent: null, ip: null }, ['pwd'])) };
}

const rawRows = async (core: Core) => ({
  keys: await core.db.selectFrom('signing_keys').selectAll().execute(),
  secrets: await core.db.selectFrom('tessera_secrets').selectAll().execute(),
});

describe.each(dialects)('secrets at rest on %s', (dialect) => {
  it('stores no private key material and no refresh secret in plaintext in the raw rows', async () => {
    const { handle, file } = await database(dialect);
    const { core } = await start(handle, SECRET);
    await core.keys.rotate(); // two keys, both written encrypted
    await signedIn(core);
    const { keys, secrets } = await rawRows(core);
    expect(keys).toHaveLength(2);
    // What the attacker wants, read with the secret: it must not be findable without it.
    const box = createSecretBox(SECRET);
    const refreshSecret = box.open(secrets.find((s) => s.name === 'refresh_token_hmac')!.value, 'tessera_secrets/refresh_token_hmac');
    const privateJwks = keys.map((k) => JSON.parse(box.open(k.private_jwk, privateKeyContext(k.kid))) as { d: string });
    const dump = JSON.stringify({ keys, secrets });
    expect(dump).not.toContain('"d":');
    expect(dump).not.toContain('\\"d\\":');
    expect(dump).not.toContain(refreshSecret);
    for (const jwk of privateJwks) expect(dump).not.toContain(jwk.d);
    expect(dump).not.toContain(SECRET);
    if (file) {
      // Whoever can read the file (and its write-ahead log) gets the same nothing.
      handle.sqlite!.pragma('wal_checkpoint(PASSIVE)');
      const bytes = Buffer.concat([readFileSync(file), readFileSync(`${file}-wal`)]).toString('latin1');
      expect(bytes).not.toContain('"d":');
      expect(bytes).not.toContain(refreshSecret);
      for (const jwk of privateJwks) expect(bytes).not.toContain(jwk.d);
    }
  });

  it('a copy of the database without TESSERA_SECRET cannot mint an access token or a refresh token that verifies', async () => {
    const { handle } = await database(dialect);
    const { tessera, core } = await start(handle, SECRET);
    const { user, session } = await signedIn(core);
    const { keys, secrets } = await rawRows(core);
    const current = keys.find((k) => k.retired_at === null)!;
    const storedSession = await core.db.selectFrom('sessions').select('generation').where('id', '=', session.id).executeTakeFirstOrThrow();
    const claims = (now: number) => ({
      iss: core.config.issuer,
      aud: core.config.audience,
      sub: user.id,
      sid: session.id,
      iat: Math.floor(now / 1000),
      exp: Math.floor(now / 1000) + 60,
      jti: randomUUID(),
    });
    const header = { alg: core.config.algorithm, typ: 'at+jwt', kid: current.kid };

    // The stored private key is not a JWK that anyone can sign with.
    expect(() => createPrivateKey({ key: JSON.parse(current.private_jwk) as JsonWebKey, format: 'jwk' })).toThrow();
    // A key of the attacker's own under the real kid does not verify.
    const own = await generateKeyPair('EdDSA', { extractable: true });
    const forgedAccess = signCompact(
      header,
      claims(core.config.now()),
      createPrivateKey({ key: (await exportJWK(own.privateKey)) as JsonWebKey, format: 'jwk' }),
    );
    await expect(tessera.verifyAccessToken(forgedAccess)).rejects.toMatchObject({ code: 'invalid_token' });

    // The stored refresh secret, used as the HMAC secret as it stood before encryption, forges nothing.
    const stored = secrets.find((s) => s.name === 'refresh_token_hmac')!.value;
    for (const guess of [Buffer.from(stored, 'base64url'), Buffer.from(stored, 'utf8')]) {
      const forged = createRefreshTokenCodec(guess).encode({ sessionId: session.id, generation: storedSession.generation });
      await expect(core.sessions.refresh(forged)).rejects.toMatchObject({ code: 'invalid_token' });
    }

    // Starting a server on the copy with another secret fails at once and makes no keys of its own.
    const other = createTesseraWith({ ...FAST_HASH, tesseraSecret: OTHER_SECRET, logger: silent }, { database: handle });
    cleanups.push(() => other.close());
    await expect(other.ready()).rejects.toThrow(ConfigError);
    expect((await rawRows(core)).keys.map((k) => k.kid)).toEqual(keys.map((k) => k.kid));

    // Control: with TESSERA_SECRET in hand the same two forgeries work, so the attempts above could have succeeded.
    const box = createSecretBox(SECRET);
    const realKey = createPrivateKey({
      key: JSON.parse(box.open(current.private_jwk, privateKeyContext(current.kid))) as JsonWebKey,
      format: 'jwk',
    });
    expect((await tessera.verifyAccessToken(signCompact(header, claims(core.config.now()), realKey))).sub).toBe(user.id);
    const realSecret = Buffer.from(box.open(stored, 'tessera_secrets/refresh_token_hmac'), 'base64url');
    const minted = createRefreshTokenCodec(realSecret).encode({ sessionId: session.id, generation: storedSession.generation });
    expect((await core.sessions.refresh(minted)).session.id).toBe(session.id);
  });

  it('fails start-up with a wrong TESSERA_SECRET, naming it, and keeps every key and session', async () => {
    const { handle } = await database(dialect);
    const { tessera, core } = await start(handle, SECRET);
    const { user, session } = await signedIn(core);
    const token = (await core.accessTokens.sign({ userId: user.id, sessionId: session.id })).token;
    const before = await rawRows(core);

    const wrong = createTesseraWith({ ...FAST_HASH, tesseraSecret: OTHER_SECRET, logger: silent }, { database: handle });
    cleanups.push(() => wrong.close());
    const failure = await wrong.ready().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ConfigError);
    expect((failure as ConfigError).setting).toBe('TESSERA_SECRET');
    expect((failure as ConfigError).message).toMatch(
      /^TESSERA_SECRET: is not the secret the stored signing keys and refresh secret were encrypted with/,
    );
    expect(await rawRows(core)).toEqual(before);
    expect((await tessera.verifyAccessToken(token)).sub).toBe(user.id);
  });

  it('encrypts the plaintext rows of a database made before encryption at rest, keeping its key and refresh secret', async () => {
    const { handle } = await database(dialect);
    // The fixture: the rows as the previous version wrote them.
    await migrateToLatest(handle.db, handle.dialect);
    const pair = await generateKeyPair('EdDSA', { extractable: true });
    const publicJwk = await exportJWK(pair.publicKey);
    const kid = await calculateJwkThumbprint(publicJwk);
    const plaintextJwk = JSON.stringify(await exportJWK(pair.privateKey));
    const plaintextSecret = randomBytes(32).toString('base64url');
    await handle.db
      .insertInto('signing_keys')
      .values({
        kid,
        alg: 'EdDSA',
        private_jwk: plaintextJwk,
        public_jwk: JSON.stringify({ ...publicJwk, kid, alg: 'EdDSA', use: 'sig' }),
        created_at: Date.now() - 60_000,
        not_before: Date.now() - 60_000,
        retired_at: null,
      })
      .execute();
    await handle.db.insertInto('tessera_secrets').values({ name: 'refresh_token_hmac', value: plaintextSecret }).execute();

    const { tessera, core } = await start(handle, SECRET);
    const { keys, secrets } = await rawRows(core);
    expect(JSON.stringify({ keys, secrets })).not.toContain('"d":');
    expect(JSON.stringify(secrets)).not.toContain(plaintextSecret);
    // The same key signs, and a token it signed before the upgrade still verifies: nobody is signed out.
    expect(core.keys.current().kid).toBe(kid);
    const { user, session, refresh } = await signedIn(core);
    const before = signCompact(
      { alg: 'EdDSA', typ: 'at+jwt', kid },
      {
        iss: 'tessera',
        aud: 'tessera',
        sub: user.id,
        sid: session.id,
        iat: Math.floor(Date.now() / 1000),
        exp: Math.floor(Date.now() / 1000) + 60,
        jti: randomUUID(),
      },
      createPrivateKey({ key: JSON.parse(plaintextJwk) as JsonWebKey, format: 'jwk' }),
    );
    expect((await tessera.verifyAccessToken(before)).sub).toBe(user.id);
    // The refresh secret is the same one: refresh tokens issued before the upgrade keep working.
    expect(createRefreshTokenCodec(Buffer.from(plaintextSecret, 'base64url')).decode(refresh.token)).toEqual({
      sessionId: session.id,
      generation: 0,
    });

    // A second start finds nothing left to encrypt and opens everything.
    const again = await start(handle, SECRET);
    expect(again.core.keys.current().kid).toBe(kid);
  });

  it('refuses a plaintext signing key written into a database whose keys are encrypted', async () => {
    const { handle } = await database(dialect);
    const { core } = await start(handle, SECRET);
    const pair = await generateKeyPair('EdDSA', { extractable: true });
    const publicJwk = await exportJWK(pair.publicKey);
    const kid = await calculateJwkThumbprint(publicJwk);
    // A write-only SQL injection plants its own key, newer than the real one, hoping it gets used to sign or verify.
    await core.db
      .insertInto('signing_keys')
      .values({
        kid,
        alg: 'EdDSA',
        private_jwk: JSON.stringify(await exportJWK(pair.privateKey)),
        public_jwk: JSON.stringify({ ...publicJwk, kid, alg: 'EdDSA', use: 'sig' }),
        created_at: Date.now() + 1,
        not_before: Date.now(),
        retired_at: Date.now() + 600_000,
      })
      .execute();
    await expect(core.keys.load()).rejects.toThrow(/stored unencrypted/);
    expect(core.keys.jwks().keys.map((k) => k.kid)).not.toContain(kid);
    const next = createTesseraWith({ ...FAST_HASH, tesseraSecret: SECRET, logger: silent }, { database: handle });
    cleanups.push(() => next.close());
    await expect(next.ready()).rejects.toThrow(/stored unencrypted/);
  });
});

describe('a copied SQLite database started without TESSERA_SECRET', () => {
  it('fails start-up naming TESSERA_SECRET instead of making new keys', async () => {
    const { handle, file } = await database('sqlite');
    const { core } = await start(handle, SECRET);
    const kids = (await rawRows(core)).keys.map((k) => k.kid);
    handle.sqlite!.pragma('wal_checkpoint(TRUNCATE)');
    const folder = mkdtempSync(join(tmpdir(), 'tessera-copy-'));
    cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
    const copy = join(folder, 'tessera.db');
    copyFileSync(file!, copy);
    // Development mode: the copy gets a development secret of its own, which opens nothing.
    const thief = createTesseraWith({ ...FAST_HASH, databaseUrl: `sqlite:${copy}`, logger: silent }, { env: {} });
    cleanups.push(() => thief.close());
    await expect(thief.ready()).rejects.toThrow(/^TESSERA_SECRET: is not the secret/);
    const copied = await openDatabase(`sqlite:${copy}`);
    try {
      expect((await copied.db.selectFrom('signing_keys').select('kid').execute()).map((k) => k.kid)).toEqual(kids);
    } finally {
      await copied.close();
    }
  });
});

describe('tessera start with a wrong TESSERA_SECRET', () => {
  it.each(['1', '2'])('exits 2 with WORKERS=%s, naming TESSERA_SECRET, instead of serving or making new keys', async (workers) => {
    const { handle, file } = await database('sqlite');
    const { core } = await start(handle, SECRET);
    const kids = (await rawRows(core)).keys.map((k) => k.kid);
    const server = startCli(['start'], {
      ...process.env,
      DATABASE_URL: `sqlite:${file}`,
      PORT: '0',
      WORKERS: workers,
      TESSERA_SECRET: OTHER_SECRET,
    });
    cleanups.push(() => server.kill());
    expect((await server.exited).code).toBe(2);
    expect(server.output()).toMatch(/TESSERA_SECRET: is not the secret the stored signing keys/);
    expect((await rawRows(core)).keys.map((k) => k.kid)).toEqual(kids);
  });
});
