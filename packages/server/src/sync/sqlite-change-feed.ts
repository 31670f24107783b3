// The change feed on SQLite: a row per change in `tessera_changes`, polled by every process. The poll is one
// indexed read of a few bytes every 250 ms; rows older than ten minutes are dropped by the publisher, except the newest,
// so SQLite never hands out an id again (an INTEGER PRIMARY KEY reuses ids only above the largest one left).
import type { Logger } from '../config/index.js';
import type { SqliteConnection } from '../db/database.js';
import { createListeners, isChangeTopic, type ChangeFeed } from './change-feed.js';

const POLL_MS = 250;
const KEEP_MS = 600_000;

export function createSqliteChangeFeed(sqlite: SqliteConnection, { logger, now }: { logger: Logger; now: () => number }): ChangeFeed {
  const listeners = createListeners();
  const insert = sqlite.prepare('insert into "tessera_changes" ("topic", "at") values (?, ?)');
  const prune = sqlite.prepare('delete from "tessera_changes" where "at" < ? and "id" < (select max("id") from "tessera_changes")');
  const since = sqlite.prepare('select "id", "topic" from "tessera_changes" where "id" > ? order by "id"');
  let last = (sqlite.prepare('select coalesce(max("id"), 0) as "id" from "tessera_changes"').get() as { id: number }).id;
  let failing = false;

  const poll = () => {
    try {
      const rows = since.all(last) as Array<{ id: number; topic: string }>;
      if (failing) {
        failing = false;
        logger.info('change feed reading again');
        listeners.emitAll();
      }
      for (const row of rows) {
        last = row.id;
        if (isChangeTopic(row.topic)) listeners.emit(row.topic);
      }
    } catch (error) {
      // SQLITE_BUSY beyond the busy timeout, say: the next poll tries again; log once per outage.
      if (!failing) logger.warn('change feed cannot read; retrying', { error: error instanceof Error ? error.message : String(error) });
      failing = true;
    }
  };
  const timer = setInterval(poll, POLL_MS);
  timer.unref();

  return {
    async publish(topic) {
      const at = now();
      insert.run(topic, at);
      prune.run(at - KEEP_MS);
      poll();
    },
    subscribe: (topic, listener) => listeners.add(topic, listener),
    async close() {
      clearInterval(timer);
    },
  };
}
