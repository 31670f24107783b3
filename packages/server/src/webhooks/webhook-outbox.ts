// Outbound webhooks through a transactional outbox: a delivery row per configured URL is written in the transaction
// of the event it carries, so an event is delivered if and only if it committed, and a crash between the commit and
// the POST loses nothing. A sender in every instance takes due rows under a lease (one process sends a row at a
// time; a killed process's lease runs out and another takes the row), POSTs them signed, and retries failures with
// backoff for 24 hours: at-least-once, deduplicated by the receiver on Tessera-Event-Id.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Logger } from '../config/index.js';
import { startOutboxLoop } from '../db/outbox-loop.js';
import { deleteInBatches, PURGE_BATCH } from '../db/delete-in-batches.js';
import type { Database } from '../db/schema.js';
import type { SecretBox } from '../keys/secret-box.js';
import { postWebhook, WEBHOOK_TIMEOUT_MS } from './post-webhook.js';
import type { ResolvedWebhookConfig } from './webhook-config.js';
import { webhookBody, type WebhookEvent } from './webhook-event.js';

export interface WebhookOutbox {
  /**
   * Writes one delivery of `event` per configured URL with `executor` (the transaction of the change the event
   * records, so it commits with it); call `wake()` after commit. Enqueuing an event twice delivers it once.
   */
  enqueue(executor: Kysely<Database>, event: WebhookEvent): Promise<void>;
  /** Sends what is due now instead of at the next tick. */
  wake(): void;
  /** Sends every due delivery once; resolves with how many were delivered. */
  flush(): Promise<number>;
  /** Deletes rows delivered or given up more than 7 days ago; resolves with how many went. */
  purge(): Promise<number>;
  close(): Promise<void>;
}

export interface WebhookOutboxOptions {
  db: Kysely<Database>;
  box: SecretBox;
  webhooks: ResolvedWebhookConfig;
  fetch: typeof fetch;
  now: () => number;
  logger: Logger;
  /** How often the sender looks for due deliveries written by other instances or left by a crash. @default 5000 */
  pollMs?: number;
}

/** A lease outlasts any attempt (the POST times out at 10 s); a killed sender's rows come back after it. */
export const LEASE_MS = 6 * WEBHOOK_TIMEOUT_MS;
/** Retries stop this long after the event: a receiver down for a night still gets everything. */
export const GIVE_UP_AFTER_MS = 24 * 3_600_000;
/** Delivered and given-up rows stay this long, for "did it go out, and what did the receiver say?". */
const KEEP_DONE_MS = 7 * 86_400_000;
const BATCH = 20;

/**
 * The wait after the `attempts`-th failed attempt: 10 s, 20 s, 40 s … doubling up to an hour apart. The first retry
 * comes quickly (a receiver restarting), the later ones sparsely (a receiver down for hours is not hammered).
 */
export const webhookRetryDelayMs = (attempts: number): number => Math.min(10_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);

// The sealed body names its row, so a sealed value copied into another row does not open there.
const context = (id: string) => `webhook_deliveries/${id}`;

type DueRow = { id: string; event_id: string; url: string; body: string; attempts: number; give_up_at: number };

export function createWebhookOutbox(options: WebhookOutboxOptions): WebhookOutbox {
  const { db, box, webhooks, now, logger } = options;
  const configured = new Set(webhooks.urls);

  /** Marks the row given up, keeping its (sealed) body for inspection until the purge. */
  const giveUp = (id: string, reason: string, status: number | null = null) =>
    db
      .updateTable('webhook_deliveries')
      .set({ failed_at: now(), leased_until: null, last_error: reason.slice(0, 500), last_status: status })
      .where('id', '=', id)
      .execute();

  async function sendOne(row: DueRow): Promise<boolean> {
    // A URL taken out of WEBHOOK_URLS is no longer trusted with events: its pending rows are dropped, not sent.
    if (!configured.has(row.url)) {
      logger.warn('webhook dropped: its URL is no longer in WEBHOOK_URLS', { event: row.event_id, url: row.url });
      await giveUp(row.id, 'URL no longer in WEBHOOK_URLS');
      return false;
    }
    const attempts = row.attempts + 1;
    let status: number | null = null;
    let reason: string;
    try {
      const body = box.open(row.body, context(row.id));
      status = await postWebhook(options.fetch, { url: row.url, eventId: row.event_id, body, secret: webhooks.secret!, at: now() });
      reason = `HTTP ${status}`;
    } catch (error) {
      reason = error instanceof Error ? describe(error) : String(error);
    }
    if (status !== null && status >= 200 && status < 300) {
      await db
        .updateTable('webhook_deliveries')
        .set({ delivered_at: now(), attempts, body: '', leased_until: null, last_status: status, last_error: null })
        .where('id', '=', row.id)
        .execute();
      return true;
    }
    const at = now();
    const failed = at >= row.give_up_at;
    if (failed)
      logger.error('webhook not delivered in 24 hours; giving up', { event: row.event_id, url: row.url, attempts, error: reason });
    else logger.warn('webhook not delivered; will retry', { event: row.event_id, url: row.url, attempts, error: reason });
    await db
      .updateTable('webhook_deliveries')
      .set({
        attempts,
        // The last retry is at the 24-hour mark itself, not a backoff step short of it.
        next_attempt_at: Math.min(at + webhookRetryDelayMs(attempts), row.give_up_at),
        leased_until: null,
        last_status: status,
        last_error: reason.slice(0, 500),
        ...(failed ? { failed_at: at } : {}),
      })
      .where('id', '=', row.id)
      .execute()
      .catch(() => undefined); // the lease runs out and the row is retried anyway
    return false;
  }

  /**
   * Takes a lease on up to BATCH due rows; a row another sender leased first is skipped. `more` says whether a full
   * batch was due: with several senders, fewer claimed rows than BATCH does not mean nothing is left.
   */
  async function claim(): Promise<{ rows: DueRow[]; more: boolean }> {
    const at = now();
    const due = await db
      .selectFrom('webhook_deliveries')
      .select(['id', 'event_id', 'url', 'body', 'attempts', 'give_up_at', 'leased_until'])
      .where('delivered_at', 'is', null)
      .where('failed_at', 'is', null)
      .where('next_attempt_at', '<=', at)
      .where((eb) => eb.or([eb('leased_until', 'is', null), eb('leased_until', '<', at)]))
      .orderBy('next_attempt_at')
      .limit(BATCH)
      .execute();
    const claimed: DueRow[] = [];
    for (const row of due) {
      // The lease is a conditional update: of two senders racing for the row, exactly one changes it.
      const taken = await db
        .updateTable('webhook_deliveries')
        .set({ leased_until: at + LEASE_MS })
        .where('id', '=', row.id)
        .where('delivered_at', 'is', null)
        .where((eb) => (row.leased_until === null ? eb('leased_until', 'is', null) : eb('leased_until', '=', row.leased_until)))
        .executeTakeFirst();
      if (Number(taken.numUpdatedRows) === 1) claimed.push(row);
    }
    return { rows: claimed, more: due.length === BATCH };
  }

  async function drain(): Promise<number> {
    let delivered = 0;
    for (;;) {
      const { rows, more } = await claim();
      // One receiver's slowness delays the others by at most the timeout per row; in parallel within the batch, so a
      // backlog to a dead URL does not hold a live one back for long.
      const results = await Promise.all(rows.map(sendOne));
      delivered += results.filter(Boolean).length;
      if (!more || loop.closed) return delivered;
    }
  }

  const loop = startOutboxLoop(drain, { pollMs: options.pollMs ?? 5000, logger, name: 'webhook outbox' });

  return {
    async enqueue(executor, event) {
      if (webhooks.urls.length === 0) return;
      const body = webhookBody(event);
      const at = now();
      const rows = webhooks.urls.map((url) => {
        const id = randomUUID();
        return {
          id,
          event_id: event.id,
          url,
          body: box.seal(body, context(id)),
          attempts: 0,
          next_attempt_at: at,
          leased_until: null,
          delivered_at: null,
          failed_at: null,
          last_status: null,
          last_error: null,
          created_at: at,
          give_up_at: at + GIVE_UP_AFTER_MS,
        };
      });
      await executor
        .insertInto('webhook_deliveries')
        .values(rows)
        .onConflict((oc) => oc.columns(['event_id', 'url']).doNothing())
        .execute();
    },
    wake: () => loop.wake(),
    flush: () => loop.run(),
    purge() {
      const cutoff = now() - KEEP_DONE_MS;
      // give_up_at too: a safety net for a row no sender ever finished (its lease holder died at each attempt).
      return deleteInBatches(async () => {
        const batch = db
          .selectFrom('webhook_deliveries')
          .select('id')
          .where((eb) => eb.or([eb('delivered_at', '<', cutoff), eb('failed_at', '<', cutoff), eb('give_up_at', '<', cutoff)]))
          .limit(PURGE_BATCH);
        return (await db.deleteFrom('webhook_deliveries').where('id', 'in', batch).executeTakeFirst()).numDeletedRows;
      });
    },
    close: () => loop.close(),
  };
}

/** fetch's "fetch failed" hides the reason in `cause` (ECONNRESET, ECONNREFUSED…); the timeout is a named abort. */
function describe(error: Error): string {
  if (error.name === 'TimeoutError') return `no answer within ${WEBHOOK_TIMEOUT_MS / 1000} s`;
  const cause = error.cause instanceof Error ? ((error.cause as NodeJS.ErrnoException).code ?? error.cause.message) : undefined;
  return cause ? `${error.message}: ${cause}` : error.message;
}
