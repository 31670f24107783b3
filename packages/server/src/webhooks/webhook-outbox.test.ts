// The webhook outbox against a real HTTP receiver on loopback that fails the first attempts: deliveries written in a
// transaction go out after commit and never after a rollback, are signed, keep their event id across retries, back
// off from 10 s to an hour apart, give up after 24 hours, and are never lost across a restart or a killed sender.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../db/database.js';
import { migrateToLatest } from '../db/migrations.js';
import { createSecretBox } from '../keys/secret-box.js';
import { createClock, type TestClock } from '../test/clock.js';
import { createTestSchema, dialects, openTestDatabase } from '../test/databases.js';
import { startWebhookReceiver, type WebhookReceiver } from '../test/webhook-receiver.js';
import { resolveWebhookConfig } from './webhook-config.js';
import type { WebhookEvent } from './webhook-event.js';
import { createWebhookOutbox, GIVE_UP_AFTER_MS, LEASE_MS, webhookRetryDelayMs, type WebhookOutbox } from './webhook-outbox.js';
import { verifyWebhook } from './webhook-signature.js';

const SECRET = 'Xq3v9LmP2rT8wZ1kN6bY4cH7jD0fG5sA';
const box = createSecretBox('a test secret of at least thirty-two characters');
const silent = { info() {}, warn() {}, error() {} };

describe('webhookRetryDelayMs', () => {
  it('retries first within 10 s, then doubles up to an hour apart, never more', () => {
    expect(webhookRetryDelayMs(1)).toBeLessThanOrEqual(10_000);
    expect([1, 2, 3, 4].map(webhookRetryDelayMs)).toEqual([10_000, 20_000, 40_000, 80_000]);
    for (let n = 1; n < 200; n++) expect(webhookRetryDelayMs(n)).toBeLessThanOrEqual(3_600_000);
    expect(webhookRetryDelayMs(30)).toBe(3_600_000);
  });
});

describe.each(dialects)('webhook outbox on %s', (dialect) => {
  let receiver: WebhookReceiver;
  let handle: DatabaseHandle;
  let clock: TestClock;
  const outboxes: WebhookOutbox[] = [];

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    handle = await openTestDatabase(dialect);
    await migrateToLatest(handle.db, dialect);
  });
  afterAll(async () => {
    await handle?.close();
    await receiver?.close();
  });
  beforeEach(async () => {
    clock = createClock(Date.now());
    receiver.received.length = 0;
    receiver.script();
    await handle.db.deleteFrom('webhook_deliveries').execute();
  });
  afterEach(async () => {
    await Promise.all(outboxes.splice(0).map((outbox) => outbox.close()));
  });

  /** An outbox that sends only when flushed (its poll is an hour away; its start-up drain finds nothing due). */
  /** An outbox whose start-up drain (run at once, outbox-loop.ts) is over: with an hourly poll, only the test sends. */
  const open = async (urls = [receiver.url], db = handle.db) => {
    const outbox = createWebhookOutbox({
      db,
      box,
      webhooks: resolveWebhookConfig({ webhookUrls: urls, webhookSecret: SECRET }, { production: false }),
      fetch: (input, init) => globalThis.fetch(input, init),
      now: () => clock.now(),
      logger: silent,
      pollMs: 3_600_000,
    });
    outboxes.push(outbox);
    await outbox.flush();
    return outbox;
  };
  const event = (overrides: Partial<WebhookEvent> = {}): WebhookEvent => ({
    id: randomUUID(),
    type: 'user.registered',
    at: clock.now(),
    user_id: randomUUID(),
    session_id: null,
    ip: '203.0.113.7',
    user_agent: 'Mozilla/5.0 (test)',
    outcome: 'success',
    detail: { method: 'password' },
    ...overrides,
  });
  const rowOf = (eventId: string) =>
    handle.db.selectFrom('webhook_deliveries').selectAll().where('event_id', '=', eventId).executeTakeFirstOrThrow();

  it('delivers an event written in a committed transaction: JSON, signed, with its event id', async () => {
    const outbox = await open();
    const sent = event();
    await handle.db.transaction().execute((trx) => outbox.enqueue(trx, sent));
    expect(await outbox.flush()).toBe(1);
    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['tessera-event-id']).toBe(sent.id);
    expect(JSON.parse(request!.body)).toEqual(sent);
    const signature = request!.headers['tessera-signature'] as string;
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(signature.startsWith(`t=${Math.floor(clock.now() / 1000)},`)).toBe(true);
    expect(verifyWebhook(SECRET, signature, request!.body, { nowSeconds: Math.floor(clock.now() / 1000) })).toBe(true);
    expect(verifyWebhook('another secret entirely, 32 bytes+', signature, request!.body)).toBe(false);
    const row = await rowOf(sent.id);
    expect(row.delivered_at).toBe(clock.now());
    expect(row.last_status).toBe(200);
    expect(row.body).toBe('');
  });

  it('sends nothing for a rolled-back transaction', async () => {
    const outbox = await open();
    const lost = event();
    await expect(
      handle.db.transaction().execute(async (trx) => {
        await outbox.enqueue(trx, lost);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    await outbox.flush();
    expect(receiver.received).toEqual([]);
    expect(await handle.db.selectFrom('webhook_deliveries').select('id').execute()).toEqual([]);
  });

  it('stores the body encrypted, and writes one delivery per URL however often the event is enqueued', async () => {
    const second = await startWebhookReceiver('/other');
    try {
      const outbox = await open([receiver.url, second.url]);
      const sent = event();
      await outbox.enqueue(handle.db, sent);
      await outbox.enqueue(handle.db, sent);
      const rows = await handle.db.selectFrom('webhook_deliveries').selectAll().execute();
      expect(rows.map((row) => row.url).sort()).toEqual([receiver.url, second.url].sort());
      for (const row of rows) {
        expect(row.body).not.toContain(sent.user_id!);
        expect(row.body).not.toContain('203.0.113.7');
        expect(row.give_up_at).toBe(row.created_at + GIVE_UP_AFTER_MS);
      }
      expect(await outbox.flush()).toBe(2);
      expect(receiver.received.map((r) => r.headers['tessera-event-id'])).toEqual([sent.id]);
      expect(second.received.map((r) => r.headers['tessera-event-id'])).toEqual([sent.id]);
    } finally {
      await second.close();
    }
  });

  it('retries a 500 and a connection reset with the same event id and body, first within 10 s, then backing off', async () => {
    receiver.script(500, 'reset');
    const outbox = await open();
    const sent = event();
    await outbox.enqueue(handle.db, sent);
    const start = clock.now();

    expect(await outbox.flush()).toBe(0);
    let row = await rowOf(sent.id);
    expect(row).toMatchObject({ attempts: 1, last_status: 500, last_error: 'HTTP 500', delivered_at: null });
    expect(row.next_attempt_at - start).toBeLessThanOrEqual(10_000);

    await outbox.flush(); // not due yet: nothing sent
    expect(receiver.received).toHaveLength(1);

    clock.advance(row.next_attempt_at - clock.now());
    expect(await outbox.flush()).toBe(0);
    row = await rowOf(sent.id);
    expect(row).toMatchObject({ attempts: 2, last_status: null, delivered_at: null });
    expect(row.last_error).toMatch(/fetch failed|ECONNRESET|socket/i);
    expect(row.next_attempt_at - clock.now()).toBe(20_000);

    clock.advance(20_000);
    expect(await outbox.flush()).toBe(1);
    expect(receiver.received.map((r) => r.answer)).toEqual([500, 'reset', 200]);
    expect(new Set(receiver.received.map((r) => r.headers['tessera-event-id']))).toEqual(new Set([sent.id]));
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);
    // Each attempt is signed at its own time, so a receiver's replay window holds for late retries too.
    const times = receiver.received.map((r) => Number(/^t=(\d+)/.exec(r.headers['tessera-signature'] as string)![1]));
    expect(times[2]! - times[0]!).toBe(30);
    expect((await rowOf(sent.id)).attempts).toBe(3);
  });

  it('does not follow a redirect: a 3xx is a failed attempt', async () => {
    receiver.script(307);
    const outbox = await open();
    const sent = event();
    await outbox.enqueue(handle.db, sent);
    expect(await outbox.flush()).toBe(0);
    expect(receiver.received).toHaveLength(1);
    expect(await rowOf(sent.id)).toMatchObject({ attempts: 1, last_status: 307, delivered_at: null });
  });

  it('retries up to an hour apart and gives up 24 hours after the event, keeping the row', async () => {
    receiver.script(...Array<number>(100).fill(503));
    const outbox = await open();
    const sent = event();
    await outbox.enqueue(handle.db, sent);
    const created = clock.now();
    const attemptsAt: number[] = [];
    for (;;) {
      attemptsAt.push(clock.now());
      await outbox.flush();
      const row = await rowOf(sent.id);
      if (row.failed_at !== null) break;
      expect(attemptsAt.length).toBeLessThan(100);
      clock.set(row.next_attempt_at);
    }
    const gaps = attemptsAt.slice(1).map((at, i) => at - attemptsAt[i]!);
    expect(gaps[0]).toBeLessThanOrEqual(10_000);
    expect(Math.max(...gaps)).toBe(3_600_000);
    expect(attemptsAt.at(-1)).toBe(created + GIVE_UP_AFTER_MS);
    expect(receiver.received).toHaveLength(attemptsAt.length);
    const row = await rowOf(sent.id);
    expect(row).toMatchObject({ attempts: attemptsAt.length, last_status: 503, delivered_at: null, failed_at: created + GIVE_UP_AFTER_MS });
    expect(row.body).not.toBe(''); // kept (sealed) for inspection until the purge
    clock.advance(60 * 86_400_000);
    await outbox.flush();
    expect(receiver.received).toHaveLength(attemptsAt.length);
    expect(await outbox.purge()).toBe(1);
  });

  it('takes over the delivery of a sender killed mid-send once its lease runs out', async () => {
    const outbox = await open();
    const sent = event();
    await outbox.enqueue(handle.db, sent);
    // A process claimed the row, then died: its lease stands for LEASE_MS.
    await handle.db
      .updateTable('webhook_deliveries')
      .set({ leased_until: clock.now() + LEASE_MS })
      .where('event_id', '=', sent.id)
      .execute();
    expect(await outbox.flush()).toBe(0);
    expect(receiver.received).toEqual([]);
    clock.advance(LEASE_MS + 1);
    expect(await outbox.flush()).toBe(1);
    expect(receiver.received).toHaveLength(1);
  });

  it('survives a restart: a pending delivery left by a closed sender is sent by the next one', async () => {
    receiver.script(500);
    const first = await open();
    const sent = event();
    await handle.db.transaction().execute((trx) => first.enqueue(trx, sent));
    await first.flush();
    await first.close();
    clock.advance(10_000);
    // Its start-up drain sends what the first one left (open() waits for it).
    await open();
    expect(receiver.received.map((r) => [r.answer, r.headers['tessera-event-id']])).toEqual([
      [500, sent.id],
      [200, sent.id],
    ]);
  });

  it('drops the pending deliveries of a URL taken out of WEBHOOK_URLS instead of sending them', async () => {
    const removed = await startWebhookReceiver('/removed');
    try {
      const before = await open([removed.url, receiver.url]);
      const sent = event();
      await before.enqueue(handle.db, sent);
      await before.close();
      // Its start-up drain sends the rows still configured and drops the others (open() waits for it).
      await open([receiver.url]);
      expect(removed.received).toEqual([]);
      expect(receiver.received).toHaveLength(1);
      const dropped = await handle.db.selectFrom('webhook_deliveries').selectAll().where('url', '=', removed.url).executeTakeFirstOrThrow();
      expect(dropped).toMatchObject({ delivered_at: null, last_error: 'URL no longer in WEBHOOK_URLS' });
      expect(dropped.failed_at).not.toBeNull();
    } finally {
      await removed.close();
    }
  });
});

describe.skipIf(!dialects.includes('postgres'))('two instances on one PostgreSQL database', () => {
  it('deliver each event once: the lease lets one sender have a row', async () => {
    const receiver = await startWebhookReceiver();
    const schema = await createTestSchema();
    const a = await openDatabase(schema.url({ applicationName: 'webhooks-a' }));
    const b = await openDatabase(schema.url({ applicationName: 'webhooks-b' }));
    const clock = createClock(Date.now());
    const outbox = (db: DatabaseHandle) =>
      createWebhookOutbox({
        db: db.db,
        box,
        webhooks: resolveWebhookConfig({ webhookUrls: [receiver.url], webhookSecret: SECRET }, { production: false }),
        fetch: (input, init) => globalThis.fetch(input, init),
        now: clock.now,
        logger: silent,
        pollMs: 3_600_000,
      });
    await migrateToLatest(a.db, 'postgres');
    const first = outbox(a);
    const second = outbox(b);
    try {
      const ids = Array.from({ length: 60 }, () => randomUUID());
      await a.db.transaction().execute(async (trx) => {
        for (const id of ids)
          await first.enqueue(trx, {
            id,
            type: 'login.succeeded',
            at: clock.now(),
            user_id: null,
            session_id: null,
            ip: null,
            user_agent: null,
            outcome: 'success',
            detail: {},
          });
      });
      const counts = await Promise.all([first.flush(), second.flush()]);
      expect(counts[0] + counts[1]).toBe(ids.length);
      const received = receiver.received.map((r) => r.headers['tessera-event-id']);
      expect(received.sort()).toEqual([...ids].sort());
    } finally {
      await first.close();
      await second.close();
      await a.close();
      await b.close();
      await schema.drop();
      await receiver.close();
    }
  });
});
