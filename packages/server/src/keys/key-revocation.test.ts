// Issue 10 item 6: `tessera keys rotate --revoke`, for a signing key that leaked. The old key leaves the JWKS at
// once (not after the usual overlap) and every running instance refuses its tokens within a second, including tokens
// it had verified and cached before.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCommand } from '../cli/commands.js';
import type { Dialect } from '../db/database.js';
import { createTesseraWith, type Tessera } from '../tessera.js';
import { startCli } from '../test/cli-process.js';
import { createTestSchema, dialects } from '../test/databases.js';
import { FAST_HASH } from '../test/test-server.js';
import type { AccessClaims } from '../tokens/access-token.js';

const SECRET = randomBytes(32).toString('base64url');
const silent = { info() {}, warn() {}, error() {} };
/** The promise: every instance refuses a revoked key's tokens within a second. */
const REVOCATION_REACHES_EVERY_INSTANCE_MS = 1_000;

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/** A database URL two processes can share: a SQLite file, or a PostgreSQL schema. */
async function sharedDatabaseUrl(dialect: Dialect): Promise<string> {
  if (dialect === 'postgres') {
    const schema = await createTestSchema();
    cleanups.push(() => schema.drop());
    return schema.url();
  }
  const folder = mkdtempSync(join(tmpdir(), 'tessera-revoke-'));
  cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
  return `sqlite:${join(folder, 'tessera.db')}`;
}

/** An instance with its own connection to the database (and its own change feed), as a separate server would have. */
async function instance(databaseUrl: string) {
  const tessera: Tessera = createTesseraWith({ ...FAST_HASH, databaseUrl, tesseraSecret: SECRET, logger: silent }, {});
  cleanups.push(() => tessera.close());
  const core = await tessera.ready();
  // An application route behind the guard: its hot path answers from the cache of verified tokens.
  const app = new Hono<{ Variables: { auth: AccessClaims } }>();
  app.use('/api/*', tessera.guard());
  app.get('/api/me', (c) => c.json({ sub: c.get('auth').sub }));
  return {
    tessera,
    core,
    call: async (token: string) => (await app.request('/api/me', { headers: { authorization: `Bearer ${token}` } })).status,
    jwksKids: async () => {
      const res = await tessera.fetch(new Request('http://localhost/.well-known/jwks.json'));
      return ((await res.json()) as { keys: Array<{ kid: string }> }).keys.map((k) => k.kid);
    },
  };
}

async function tokenSignedBy(a: Awaited<ReturnType<typeof instance>>) {
  const user = await a.core.users.insert({ email: `${randomUUID()}@example.com`, passwordHash: null });
  const { session } = await a.core.sessions.start(user.id, { userAgent: null, ip: null }, ['pwd']);
  return { user, session, token: (await a.core.accessTokens.sign({ userId: user.id, sessionId: session.id })).token };
}

describe.each(dialects)('emergency key revocation on %s', (dialect) => {
  it('keys rotate --revoke on A: B refuses tokens of the old key within 1 s, cached ones too, and its JWKS drops the kid', async () => {
    const url = await sharedDatabaseUrl(dialect);
    const a = await instance(url);
    const b = await instance(url);
    const oldKid = a.core.keys.current().kid;
    const { user, session, token } = await tokenSignedBy(a);
    // B accepts it, through verifyAccessToken and through the guard's cache of verified tokens.
    expect((await b.tessera.verifyAccessToken(token)).sub).toBe(user.id);
    expect(await b.call(token)).toBe(200);
    expect(await b.call(token)).toBe(200);
    expect(await b.jwksKids()).toContain(oldKid);

    const output = await runCommand(a.core, 'keys', 'rotate', { revoke: true });
    expect(output).toMatch(/every previous key is deleted/);
    const newKid = a.core.keys.current().kid;
    expect(newKid).not.toBe(oldKid);
    // A itself: at once.
    expect(await a.call(token)).toBe(401);
    expect(await a.jwksKids()).toEqual([newKid]);

    await vi.waitFor(async () => expect(await b.call(token)).toBe(401), { timeout: REVOCATION_REACHES_EVERY_INSTANCE_MS, interval: 10 });
    await expect(b.tessera.verifyAccessToken(token)).rejects.toMatchObject({ code: 'invalid_token' });
    expect(await b.jwksKids()).not.toContain(oldKid);
    expect(await b.jwksKids()).toContain(newKid);
    // Nobody is signed out: the new key signs at once on both instances, and each accepts the other's tokens.
    expect(b.core.keys.current().kid).toBe(newKid);
    const fresh = (await a.core.accessTokens.sign({ userId: user.id, sessionId: session.id })).token;
    expect(await b.call(fresh)).toBe(200);
    const fromB = (await b.core.accessTokens.sign({ userId: user.id, sessionId: session.id })).token;
    expect(await a.call(fromB)).toBe(200);
  });

  it('the tessera keys rotate --revoke command, run as its own process, reaches a running instance within 1 s', async () => {
    const url = await sharedDatabaseUrl(dialect);
    const b = await instance(url);
    const oldKid = b.core.keys.current().kid;
    const { token } = await tokenSignedBy(b);
    expect(await b.call(token)).toBe(200);

    const cli = startCli(['keys', 'rotate', '--revoke'], { ...process.env, DATABASE_URL: url, TESSERA_SECRET: SECRET });
    cleanups.push(() => cli.kill());
    expect((await cli.exited).code).toBe(0);
    expect(cli.output()).toMatch(/New signing key \S+ \(EdDSA\) signs now; every previous key is deleted/);

    await vi.waitFor(async () => expect(await b.call(token)).toBe(401), { timeout: REVOCATION_REACHES_EVERY_INSTANCE_MS, interval: 10 });
    expect(await b.jwksKids()).not.toContain(oldKid);
  });
});
