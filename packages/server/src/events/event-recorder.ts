// The one place where "an event was recorded in trx" happens: the row is written with the executor of the change it
// records (so both commit or neither), the structured log line is written, and the subscribers (notifications,
// webhooks, the application's onEvent) run in that same transaction.
//
// The log line is written at record time, not after commit. A line whose transaction then rolls back is possible
// (it carries the event id, which then has no row); a line lost because the process died between commit and log is
// not. For an audit trail, a line too many that names its id beats a change nobody logged.
import type { Kysely, Transaction } from 'kysely';
import type { Logger } from '../config/index.js';
import type { Database } from '../db/schema.js';
import { createEventIdGenerator } from './event-id.js';
import { createRefusalSampler } from './refusal-sampler.js';
import { MAX_FIELD_LENGTH } from './security-log.js';
import { defaultOutcome, type RecordedSecurityEvent, type SecurityEventInput } from './security-event.js';

/** Runs inside the transaction of the change: a throw rolls the change back with the event. */
export type EventSubscriber = (trx: Kysely<Database>, event: RecordedSecurityEvent) => Promise<void>;

export interface EventRecorder {
  /**
   * Writes the event with `executor`, the transaction of the change it records. Given the database itself (an event
   * with no change of its own, such as login.failed), it opens a transaction for the event and its subscribers.
   */
  record(executor: Kysely<Database>, event: SecurityEventInput): Promise<RecordedSecurityEvent>;
  /** Adds a subscriber; it runs for every event, in the event's transaction, in the order added. */
  onRecorded(subscriber: EventSubscriber): void;
  /** Runs after a transaction opened by `transaction()` (or by `record` itself) committed with events in it. */
  onCommitted(listener: (events: readonly RecordedSecurityEvent[]) => void): void;
  /**
   * Records a refusal (login.throttled) only if none was recorded within the minute for any of `keys` (an account, an
   * address), on its own transaction; answers whether it did. The refusals in between cost no write
   * (refusal-sampler.ts): many addresses against one account, or one address against many accounts, write one row a
   * minute.
   */
  recordSampled(keys: readonly string[], event: SecurityEventInput): Promise<boolean>;
  /** A transaction whose events reach `onCommitted` listeners once it commits (to wake the mail and webhook senders). */
  transaction<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T>;
}

export function createEventRecorder(options: { db: Kysely<Database>; now: () => number; logger: Logger }): EventRecorder {
  const { db, now, logger } = options;
  const nextId = createEventIdGenerator(now);
  const subscribers: EventSubscriber[] = [];
  const committedListeners: Array<(events: readonly RecordedSecurityEvent[]) => void> = [];
  /** Events recorded so far in each open transaction of `transaction()`. */
  const pending = new WeakMap<Kysely<Database>, RecordedSecurityEvent[]>();
  const sampler = createRefusalSampler({ now });

  async function transaction<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    const recorded: RecordedSecurityEvent[] = [];
    const result = await db.transaction().execute(async (trx) => {
      pending.set(trx, recorded);
      try {
        return await work(trx);
      } finally {
        pending.delete(trx);
      }
    });
    if (recorded.length > 0) {
      for (const listener of committedListeners) {
        try {
          listener(recorded);
        } catch (error) {
          logger.warn('security event listener failed', { error: error instanceof Error ? error.message : String(error) });
        }
      }
    }
    return result;
  }

  async function write(trx: Kysely<Database>, input: SecurityEventInput): Promise<RecordedSecurityEvent> {
    const event = {
      id: nextId(),
      type: input.type,
      at: now(),
      userId: input.userId,
      sessionId: input.sessionId ?? null,
      ip: bounded(input.ip),
      userAgent: bounded(input.userAgent),
      outcome: input.outcome ?? defaultOutcome(input.type),
      detail: boundedDetail(input.detail),
    } as RecordedSecurityEvent;
    await trx
      .insertInto('security_events')
      .values({
        id: event.id,
        type: event.type,
        at: event.at,
        user_id: event.userId,
        session_id: event.sessionId,
        ip: event.ip,
        user_agent: event.userAgent,
        outcome: event.outcome,
        detail: JSON.stringify(event.detail),
      })
      .execute();
    logEvent(logger, event);
    pending.get(trx)?.push(event);
    for (const subscriber of subscribers) await subscriber(trx, event);
    return event;
  }

  return {
    record: (executor, input) => (executor.isTransaction ? write(executor, input) : transaction((trx) => write(trx, input))),
    async recordSampled(keys, input) {
      // Every key is taken (no short circuit), so each one's minute starts with this refusal.
      const fresh = keys.map((key) => sampler.take(key));
      if (!fresh.every(Boolean)) return false;
      await transaction((trx) => write(trx, input));
      return true;
    },
    onRecorded: (subscriber) => void subscribers.push(subscriber),
    onCommitted: (listener) => void committedListeners.push(listener),
    transaction,
  };
}

/** One line per event: `security: <type>` with the event as served by GET /auth/me/events (plus user_id). */
function logEvent(logger: Logger, event: RecordedSecurityEvent): void {
  const fields = {
    id: event.id,
    type: event.type,
    at: new Date(event.at).toISOString(),
    user_id: event.userId,
    session_id: event.sessionId,
    ip: event.ip,
    user_agent: event.userAgent,
    outcome: event.outcome,
    detail: event.detail,
  };
  if (event.outcome === 'failure') logger.warn(`security: ${event.type}`, fields);
  else logger.info(`security: ${event.type}`, fields);
}

// Failure events are written for anyone who types into a login form: every string is bounded, so a 10 kB "email"
// or user agent costs a row of a few hundred bytes at most (and the login throttle bounds how many rows).
function bounded(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  return value.length > MAX_FIELD_LENGTH ? value.slice(0, MAX_FIELD_LENGTH) : value;
}

function boundedDetail(detail: object): object {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(detail)) {
    if (value === undefined) continue;
    out[key] = typeof value === 'string' ? bounded(value) : value;
  }
  return out;
}
