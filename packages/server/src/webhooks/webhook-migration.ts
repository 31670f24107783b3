// Migration 0013_webhooks: the outbox webhook deliveries leave through, one row per event and URL.
import { sql, type Kysely, type Migration } from 'kysely';

export const webhookMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('webhook_deliveries')
      .addColumn('id', 'text', (c) => c.primaryKey())
      // The Tessera-Event-Id header: the same on every attempt, so a receiver deduplicates on it.
      .addColumn('event_id', 'text', (c) => c.notNull())
      .addColumn('url', 'text', (c) => c.notNull())
      // The exact JSON sent, sealed with TESSERA_SECRET (it names a user and their address); '' once delivered.
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
      // A sender's lease on the row, so one process at a time sends it; a killed sender's lease runs out.
      .addColumn('leased_until', 'bigint')
      .addColumn('delivered_at', 'bigint')
      // Set when the sender gave up (24 hours of failures, or the URL left WEBHOOK_URLS).
      .addColumn('failed_at', 'bigint')
      .addColumn('last_status', 'integer')
      .addColumn('last_error', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('give_up_at', 'bigint', (c) => c.notNull())
      .execute();
    // One delivery per event and URL, whoever enqueues it twice.
    await db.schema.createIndex('webhook_deliveries_event_url').on('webhook_deliveries').columns(['event_id', 'url']).unique().execute();
    await db.schema
      .createIndex('webhook_deliveries_due')
      .on('webhook_deliveries')
      .column('next_attempt_at')
      .where(sql.ref('delivered_at'), 'is', null)
      .execute();
  },
};
