// The nonce store on every dialect: issued once, consumed once (also under concurrency), per provider, until it expires.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.js';
import { migrateToLatest } from '../db/migrations.js';
import { createClock } from '../test/clock.js';
import { dialects, openTestDatabase } from '../test/databases.js';
import { createNonceStore } from './nonce-store.js';

describe.each(dialects)('nonce store on %s', (dialect) => {
  let database: DatabaseHandle;
  const clock = createClock();
  // Two stores over one database: two instances of the server.
  let first: ReturnType<typeof createNonceStore>;
  let second: ReturnType<typeof createNonceStore>;

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    await migrateToLatest(database.db, dialect);
    first = createNonceStore(database.db, clock.now);
    second = createNonceStore(database.db, clock.now);
  });
  afterAll(() => database?.close());

  it('hands out unguessable nonces that any instance consumes exactly once', async () => {
    const { nonce, expiresIn } = await first.issue('google');
    expect(nonce).toMatch(/^[\w-]{43}$/);
    expect(expiresIn).toBe(600);
    expect(await second.consume('google', nonce)).toBe(true);
    expect(await first.consume('google', nonce)).toBe(false);
    expect(await second.consume('google', nonce)).toBe(false);
  });

  it('lets exactly one of many concurrent uses through', async () => {
    const { nonce } = await first.issue('google');
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? first : second).consume('google', nonce)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('refuses a nonce it never issued, one issued for another provider, and one that expired', async () => {
    expect(await first.consume('google', 'made-up')).toBe(false);
    const forAcme = await first.issue('acme');
    expect(await first.consume('google', forAcme.nonce)).toBe(false);
    expect(await first.consume('acme', forAcme.nonce)).toBe(true);
    const stale = await first.issue('google');
    clock.advance(600_001);
    expect(await first.consume('google', stale.nonce)).toBe(false);
  });

  it('keeps only hashes, and drops expired ones when it issues the next', async () => {
    const { nonce } = await first.issue('google');
    const rows = await database.db.selectFrom('social_issued_nonces').selectAll().execute();
    expect(rows.some((row) => row.id.includes(nonce))).toBe(false);
    clock.advance(600_001);
    await first.issue('google');
    expect(await database.db.selectFrom('social_issued_nonces').selectAll().execute()).toHaveLength(1);
  });
});
