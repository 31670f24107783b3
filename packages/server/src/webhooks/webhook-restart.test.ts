// Issue 16, "never lost across restarts", at the level of the embeddable server: an event written in a transaction
// whose delivery failed stays pending when the server closes; a new server on the same database delivers it at start,
// with the same event id, without anyone flushing.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.js';
import { createTesseraWith, type Tessera } from '../tessera.js';
import { createClock } from '../test/clock.js';
import { dialects, openTestDatabase } from '../test/databases.js';
import { FAST_HASH } from '../test/test-server.js';
import { startWebhookReceiver, type WebhookReceiver } from '../test/webhook-receiver.js';

const SECRET = 'Rz8pL2vN7qX4mK9tW1cB6yH3jF0dG5sA';
const silent = { info() {}, warn() {}, error() {} };

/** Resolves once `ready` is true; polls every 20 ms (a bound, not a timing under test). */
async function until(ready: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.each(dialects)('webhooks across a restart on %s', (dialect) => {
  let receiver: WebhookReceiver;
  let database: DatabaseHandle;
  const servers: Tessera[] = [];
  const clock = createClock(Date.now());
  const start = () => {
    const tessera = createTesseraWith(
      { ...FAST_HASH, webhookUrls: [receiver.url], webhookSecret: SECRET, now: clock.now, logger: silent },
      { database },
    );
    servers.push(tessera);
    return tessera;
  };

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    database = await openTestDatabase(dialect);
  });
  afterAll(async () => {
    for (const server of servers) await server.close();
    await database?.close();
    await receiver?.close();
  });

  it('a pending delivery left by a closed server arrives from the next one', async () => {
    receiver.script(500);
    const first = start();
    const core = await first.ready();
    const id = randomUUID();
    await core.db.transaction().execute((trx) =>
      core.webhooks.enqueue(trx, {
        id,
        type: 'password.changed',
        at: clock.now(),
        user_id: randomUUID(),
        session_id: null,
        ip: '192.0.2.1',
        user_agent: null,
        outcome: 'success',
        detail: {},
      }),
    );
    core.webhooks.wake();
    await until(() => receiver.received.length === 1, 'the first attempt');
    await first.close();

    clock.advance(10_000);
    const second = start();
    await second.ready();
    await until(() => receiver.received.length === 2, 'the delivery from the new server');
    expect(receiver.received.map((r) => [r.answer, r.headers['tessera-event-id']])).toEqual([
      [500, id],
      [200, id],
    ]);
  });
});
