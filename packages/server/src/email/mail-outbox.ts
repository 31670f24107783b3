// The transactional outbox: a mail is a row written in the same transaction as the change it reports, so it is
// sent if and only if the change committed, and it survives a crash between the commit and the send. A sender in
// every instance takes due rows under a short lease (so two instances never send one row at once), sends them
// after the HTTP answer, and retries failures with exponential backoff.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Logger } from '../config/index.js';
import { startOutboxLoop } from '../db/outbox-loop.js';
import { deleteInBatches, PURGE_BATCH } from '../db/delete-in-batches.js';
import type { Database } from '../db/schema.js';
import type { SecretBox } from '../keys/secret-box.js';
import type { ResolvedEmailConfig } from './email-config.js';
import type { MailData, MailKind } from './email-options.js';
import { defaultMail } from './mail-templates.js';
import type { MailDelivery } from './mail-transport.js';

export interface OutgoingMail {
  kind: MailKind;
  to: string;
  data: MailData;
}

/**
 * Turns a "mail me" request into the mail, at send time: looks the address up, issues the token, and returns the
 * mail, or undefined when there is nothing to send (no such account, already verified...).
 */
export type MailRequestHandler = (email: string) => Promise<OutgoingMail | undefined>;

export interface MailOutbox {
  /** Writes the mail with `executor` (a transaction, so it commits with the change); call `wake()` after commit. */
  enqueue(executor: Kysely<Database>, mail: OutgoingMail): Promise<void>;
  /**
   * Writes a request for a mail to `email` (password reset, verification, magic link), to be turned into one by the
   * handler of `kind` when it is sent. The HTTP answer does the same single insert for every address, known or not,
   * so neither its content nor its timing says whether an account exists; the lookup and the token happen after.
   */
  request(kind: MailKind, email: string): Promise<void>;
  /** Registers the handler of `kind`'s requests (one per kind). */
  onRequest(kind: MailKind, handler: MailRequestHandler): void;
  /** Sends what is due now instead of at the next tick. */
  wake(): void;
  /** Sends every due mail once; resolves with how many were sent. */
  flush(): Promise<number>;
  /** Deletes sent and failed rows older than 7 days; resolves with how many went. */
  purge(): Promise<number>;
  close(): Promise<void>;
}

export interface MailOutboxOptions {
  db: Kysely<Database>;
  box: SecretBox;
  email: ResolvedEmailConfig;
  delivery: MailDelivery;
  now: () => number;
  logger: Logger;
  /** How often the sender looks for due mail written by other instances or left by a crash. @default 5000 */
  pollMs?: number;
}

/** A lease outlasts any send (the SMTP socket times out at 20 s); a crashed sender's rows come back after it. */
const LEASE_MS = 60_000;
/**
 * 1 s, 2 s, 4 s … capped at 10 minutes; after this many attempts the row is marked failed. 150 attempts span about
 * a day (17 minutes for the first 11, then 139 × 10 minutes): a mail provider's outage of a few hours, or a night,
 * loses nothing. (It was 20, which gave up after 1 h 47 min, not the day this comment promised.)
 */
export const MAX_ATTEMPTS = 150;
const BATCH = 20;
/**
 * Sent and failed rows are kept a week: long enough to answer "did the mail go out, and when?" (sent_at,
 * last_error), short enough that the table stays small. Their data (the links) is emptied at once anyway.
 */
export const KEEP_DONE_MS = 7 * 86_400_000;

export const retryDelayMs = (attempts: number): number => Math.min(1000 * 2 ** Math.max(0, attempts - 1), 10 * 60_000);

// The sealed data names its row, so a sealed value copied into another row does not open there.
const context = (id: string) => `mail_outbox/${id}`;
/** Kind of a request row: the mail kind behind a prefix no mail kind has. */
const REQUEST = 'request:';

export function createMailOutbox(options: MailOutboxOptions): MailOutbox {
  const { db, box, email, delivery, now, logger } = options;
  const handlers = new Map<MailKind, MailRequestHandler>();

  async function sendOne(row: { id: string; kind: string; recipient: string; data: string; attempts: number }): Promise<boolean> {
    const isRequest = row.kind.startsWith(REQUEST);
    const kind = (isRequest ? row.kind.slice(REQUEST.length) : row.kind) as MailKind;
    try {
      let mail: OutgoingMail | undefined;
      if (isRequest) {
        const handler = handlers.get(kind);
        if (!handler) throw new Error(`no handler for ${kind} requests`);
        mail = await handler(row.recipient);
      } else {
        mail = { kind, to: row.recipient, data: JSON.parse(box.open(row.data, context(row.id))) as MailData };
      }
      if (mail) {
        const rendered = email.render?.(mail.kind, mail.data) ?? defaultMail(mail.kind, mail.data);
        await delivery.send({ kind: mail.kind, to: mail.to, from: email.from, ...rendered });
      }
      await db
        .updateTable('mail_outbox')
        .set({ sent_at: now(), data: '', locked_until: null, last_error: null })
        .where('id', '=', row.id)
        .execute();
      return true;
    } catch (error) {
      const attempts = row.attempts + 1;
      const reason = error instanceof Error ? error.message : String(error);
      const failed = attempts >= MAX_ATTEMPTS;
      logger.warn(failed ? 'mail not sent; giving up' : 'mail not sent; will retry', { kind, attempts, error: reason });
      await db
        .updateTable('mail_outbox')
        .set({
          attempts,
          next_attempt_at: now() + retryDelayMs(attempts),
          locked_until: null,
          last_error: reason.slice(0, 500),
          ...(failed ? { failed_at: now(), data: '' } : {}),
        })
        .where('id', '=', row.id)
        .execute()
        .catch(() => undefined); // the lease runs out and the row is retried anyway
      return false;
    }
  }

  /**
   * Takes a lease on up to BATCH due rows; a row another sender leased first is skipped. `more` says whether a full
   * batch was due: with several senders, fewer claimed rows than BATCH does not mean nothing is left.
   */
  async function claim(): Promise<{
    rows: Array<{ id: string; kind: string; recipient: string; data: string; attempts: number }>;
    more: boolean;
  }> {
    const at = now();
    const due = await db
      .selectFrom('mail_outbox')
      .select(['id', 'kind', 'recipient', 'data', 'attempts', 'locked_until'])
      .where('sent_at', 'is', null)
      .where('failed_at', 'is', null)
      .where('next_attempt_at', '<=', at)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', at)]))
      .orderBy('next_attempt_at')
      .limit(BATCH)
      .execute();
    const claimed = [];
    for (const row of due) {
      // The lease is a conditional update: of two senders racing for the row, exactly one changes it.
      const taken = await db
        .updateTable('mail_outbox')
        .set({ locked_until: at + LEASE_MS })
        .where('id', '=', row.id)
        .where('sent_at', 'is', null)
        .where((eb) => (row.locked_until === null ? eb('locked_until', 'is', null) : eb('locked_until', '=', row.locked_until)))
        .executeTakeFirst();
      if (Number(taken.numUpdatedRows) === 1) claimed.push(row);
    }
    return { rows: claimed, more: due.length === BATCH };
  }

  async function drain(): Promise<number> {
    let sent = 0;
    for (;;) {
      const { rows, more } = await claim();
      for (const row of rows) if (await sendOne(row)) sent++;
      if (!more || loop.closed) return sent;
    }
  }

  const loop = startOutboxLoop(drain, { pollMs: options.pollMs ?? 5000, logger, name: 'mail outbox' });

  /** A due row; `data` is made from the row's id (the sealed data names its row). */
  async function insert(executor: Kysely<Database>, kind: string, recipient: string, data: (id: string) => string) {
    const id = randomUUID();
    const at = now();
    await executor
      .insertInto('mail_outbox')
      .values({
        id,
        kind,
        recipient,
        data: data(id),
        created_at: at,
        next_attempt_at: at,
        attempts: 0,
        locked_until: null,
        sent_at: null,
        failed_at: null,
        last_error: null,
      })
      .execute();
  }

  return {
    async enqueue(executor, mail) {
      await insert(executor, mail.kind, mail.to, (id) => box.seal(JSON.stringify(mail.data), context(id)));
    },
    async request(kind, address) {
      await insert(db, REQUEST + kind, address, () => '');
      loop.wake();
    },
    onRequest(kind, handler) {
      if (handlers.has(kind)) throw new Error(`${kind} requests already have a handler`);
      handlers.set(kind, handler);
    },
    wake: () => loop.wake(),
    flush: () => loop.run(),
    purge() {
      const cutoff = now() - KEEP_DONE_MS;
      // No index on sent_at/failed_at: an hourly scan of a week of mail is cheaper than indexing every insert.
      return deleteInBatches(async () => {
        const batch = db
          .selectFrom('mail_outbox')
          .select('id')
          .where((eb) => eb.or([eb('sent_at', '<', cutoff), eb('failed_at', '<', cutoff)]))
          .limit(PURGE_BATCH);
        return (await db.deleteFrom('mail_outbox').where('id', 'in', batch).executeTakeFirst()).numDeletedRows;
      });
    },
    async close() {
      await loop.close();
      delivery.close();
    },
  };
}
