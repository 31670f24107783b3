// Issue 11 (reliability), item 5: close() destroyed the database under requests still running, which then failed
// with "driver has already been destroyed". close() now waits for the requests in flight through fetch.
import { describe, expect, it } from 'vitest';
import type { Core } from './core.js';
import { FAST_HASH, withJson } from './test/test-server.js';
import { createTessera } from './tessera.js';

const silent = { info() {}, warn() {}, error() {} };

/** A promise and the function that settles it. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('tessera.close()', () => {
  it('waits for a request in flight through fetch before closing the database', async () => {
    const entered = gate();
    const release = gate();
    let core: Core | undefined = undefined; // assigned once the instance is ready; the claims hook reads it
    // A claims hook that reads the database, as an app looking up roles would, after close() has been called.
    const tessera = createTessera({
      ...FAST_HASH,
      databaseUrl: 'sqlite::memory:',
      logger: silent,
      claims: async () => {
        entered.open();
        await release.opened;
        const rows = await core!.db.selectFrom('users').select('id').execute();
        return { users: rows.length };
      },
    });
    core = await tessera.ready();

    const response = tessera.fetch(
      new Request(
        'http://tessera.test/auth/register',
        withJson({ method: 'POST', json: { email: 'ada@example.com', password: 'a long password' } }),
      ),
    );
    await entered.opened;
    let closed = false;
    const closing = tessera.close().then(() => (closed = true));
    // Let close() run as far as it would go on its own.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closed).toBe(false);

    release.open();
    const answered = await response;
    expect(answered.status).toBe(201);
    expect(closed).toBe(false);
    await closing;
    expect(closed).toBe(true);
  });

  it('closes at once when nothing is in flight, and gives up waiting after shutdownTimeout', async () => {
    const tessera = createTessera({ ...FAST_HASH, databaseUrl: 'sqlite::memory:', logger: silent, shutdownTimeout: 0 });
    await tessera.ready();
    await tessera.close();

    const stuck = createTessera({
      ...FAST_HASH,
      databaseUrl: 'sqlite::memory:',
      logger: silent,
      shutdownTimeout: 0,
      claims: () => new Promise(() => {}),
    });
    await stuck.ready();
    void stuck.fetch(
      new Request(
        'http://tessera.test/auth/register',
        withJson({ method: 'POST', json: { email: 'bo@example.com', password: 'a long password' } }),
      ),
    );
    // With a zero timeout, a request that never ends does not keep the database open.
    await stuck.close();
  });
});
