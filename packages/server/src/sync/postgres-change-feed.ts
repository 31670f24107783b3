// The change feed on PostgreSQL: NOTIFY on a channel, and one dedicated connection per instance that LISTENs.
// Notifications are database-wide, so the payload names the schema and instances in other schemas ignore it.
// The listening connection reconnects with backoff; after a reconnect every topic is announced, since notifications
// sent meanwhile are lost.
import type { Kysely, RawBuilder } from 'kysely';
import { sql } from 'kysely';
import type pg from 'pg';
import type { Logger } from '../config/index.js';
import type { Database } from '../db/schema.js';
import { createListeners, isChangeTopic, type ChangeFeed, type ChangeTopic } from './change-feed.js';

const CHANNEL = 'tessera_changes';

/**
 * The NOTIFY of `topic` with `payload`, to run inside the transaction that makes the change: PostgreSQL delivers it
 * at commit and only then, so a listener never hears of a change it cannot read yet, nor of one rolled back.
 * The payload must stay under PostgreSQL's 8000 bytes, schema name included.
 */
export function notifyWithin(topic: ChangeTopic, payload: string): RawBuilder<unknown> {
  return sql`select pg_notify(${CHANNEL}, current_schema() || ${` ${topic} ${payload}`})`;
}

export async function createPostgresChangeFeed(
  db: Kysely<Database>,
  connectionString: string,
  { logger }: { logger: Logger },
): Promise<ChangeFeed> {
  const { default: postgres } = await import('pg');
  const schema = (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema ?? 'public';
  const listeners = createListeners();
  let client: pg.Client | undefined;
  let closed = false;
  let delay = 250;
  let timer: NodeJS.Timeout | undefined;

  const onNotification = (message: pg.Notification) => {
    const [from, topic, ...rest] = (message.payload ?? '').split(' ');
    if (message.channel === CHANNEL && from === schema && topic && isChangeTopic(topic))
      listeners.emit(topic, rest.length > 0 ? rest.join(' ') : undefined);
  };

  const connect = async (recovering: boolean): Promise<void> => {
    const next = new postgres.Client({ connectionString, application_name: 'tessera-change-feed' });
    next.on('notification', onNotification);
    next.on('error', () => undefined); // 'end' follows and schedules the reconnect
    next.on('end', () => {
      if (client === next) client = undefined;
      if (!closed) scheduleReconnect();
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${CHANNEL}`);
    } catch (error) {
      next.removeAllListeners('end');
      await next.end().catch(() => undefined);
      throw error;
    }
    client = next;
    delay = 250;
    if (recovering) {
      logger.info('change feed listening again');
      listeners.emitAll();
    }
  };

  const scheduleReconnect = () => {
    if (timer || closed) return;
    timer = setTimeout(() => {
      timer = undefined;
      connect(true).catch((error: unknown) => {
        if (delay === 250)
          logger.warn('change feed cannot listen; retrying', { error: error instanceof Error ? error.message : String(error) });
        delay = Math.min(delay * 2, 5_000);
        scheduleReconnect();
      });
    }, delay);
    timer.unref();
  };

  await connect(false);

  return {
    async publish(topic: ChangeTopic) {
      await sql`select pg_notify(${CHANNEL}, ${`${schema} ${topic}`})`.execute(db);
    },
    subscribe: (topic, listener) => listeners.add(topic, listener),
    async close() {
      closed = true;
      clearTimeout(timer);
      await client?.end().catch(() => undefined);
    },
  };
}
