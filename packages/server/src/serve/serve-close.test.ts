// Issue 11 (reliability), item 5: the database was closed under requests still running. A benchmark's worker
// called close() twice (a stop message and SIGTERM); the second server.close() returned at once, and the database
// was destroyed under the requests in flight ("driver has already been destroyed").
import { Agent, request } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { Core } from '../core.js';
import { serveTessera } from './serve.js';
import { FAST_HASH } from '../test/test-server.js';
import { createTessera } from '../tessera.js';

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

function register(url: string, email: string) {
  return new Promise<{ status: number; connection: string | undefined; body: string }>((resolve, reject) => {
    const req = request(
      `${url}/auth/register`,
      { method: 'POST', headers: { 'content-type': 'application/json' }, agent: new Agent({ keepAlive: true }) },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, connection: res.headers.connection, body }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ email, password: 'a long password' }));
  });
}

describe('serveTessera close()', () => {
  it('called twice, still closes the database only after the request in flight has been answered', async () => {
    const entered = gate();
    const release = gate();
    const errors: unknown[] = [];
    let core: Core | undefined = undefined; // assigned once the instance is ready; the claims hook reads it
    const tessera = createTessera({
      ...FAST_HASH,
      databaseUrl: 'sqlite::memory:',
      logger: { info() {}, warn() {}, error: (_message, fields) => errors.push(fields) },
      // Reads the database after close() has been called, as an app's claims hook looking up roles would.
      claims: async () => {
        entered.open();
        await release.opened;
        return { users: (await core!.db.selectFrom('users').select('id').execute()).length };
      },
    });
    core = await tessera.ready();
    const running = await serveTessera(tessera, { port: 0 });

    const answer = register(running.url, 'ada@example.com');
    await entered.opened;
    let closed = 0;
    const first = running.close().then(() => closed++);
    const second = running.close().then(() => closed++);
    await new Promise((resolve) => setImmediate(resolve));
    expect(closed).toBe(0);

    release.open();
    expect(await answer).toMatchObject({ status: 201, connection: 'close' });
    await Promise.all([first, second]);
    expect(closed).toBe(2);
    expect(errors).toEqual([]);
  });

  it('cuts a request that outlasts SHUTDOWN_TIMEOUT, says so, and resolves', async () => {
    const entered = gate();
    const warnings: unknown[] = [];
    const tessera = createTessera({
      ...FAST_HASH,
      databaseUrl: 'sqlite::memory:',
      shutdownTimeout: 1,
      logger: { info() {}, warn: (message, fields) => warnings.push({ message, ...fields }), error() {} },
      claims: () => {
        entered.open();
        return new Promise(() => {});
      },
    });
    const running = await serveTessera(tessera, { port: 0 });
    const answer = register(running.url, 'bo@example.com').catch((error: NodeJS.ErrnoException) => error.code);
    await entered.opened;
    await running.close();
    expect(await answer).toBe('ECONNRESET');
    expect(warnings).toEqual([expect.objectContaining({ message: expect.stringContaining('shutdown timeout'), requests: 1 })]);
  });
});
